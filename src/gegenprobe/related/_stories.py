"""Stories: same-event groups of the corpus, built incrementally (each new article joins or opens one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..corpus import CorpusStore
from ..sqlite import connect
from ._find import RelatedOptions, score_candidates
from ._fusion import SameStoryModel
from ._index import INDEX_DIR, RelatedIndex

# a story's articles appear within days of each other (GermanTRC used a window around the fake article)
STORY_WINDOW_DAYS = 3


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    article_ids: tuple[str, ...]
    titles: tuple[str, ...]
    first_date: str | None
    last_date: str | None


class StoryClusterer:
    """Assigns every article to a story; only articles added since the last run are looked at."""

    def __init__(self, corpus_dir: Path) -> None:
        path = Path(corpus_dir) / INDEX_DIR / "stories.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = connect(path)
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS members (rowid INTEGER PRIMARY KEY, article_id TEXT, story INTEGER);"
            "CREATE INDEX IF NOT EXISTS ix_members_story ON members(story);"
        )

    def close(self) -> None:
        self._db.close()

    def _last(self) -> int:
        return int(self._db.execute("SELECT COALESCE(MAX(rowid), 0) FROM members").fetchone()[0])

    def update(self, store: CorpusStore, index: RelatedIndex, model: SameStoryModel,
               on_article: Callable[[], None] | None = None) -> int:
        """Cluster the articles added since the last update; returns how many were assigned."""
        assigned = 0
        options = RelatedOptions(k=5, days=STORY_WINDOW_DAYS, candidates=30)
        for stored in store.iter_since(self._last()):
            story = None
            for candidate in score_candidates(stored.article, store, index, model, options):
                rowid = candidate.stored.rowid
                if rowid < stored.rowid and candidate.same_story >= model.threshold:
                    row = self._db.execute("SELECT story FROM members WHERE rowid=?", (rowid,)).fetchone()
                    if row:
                        story = row[0]
                        break
            self._db.execute("INSERT INTO members VALUES (?, ?, ?)",
                             (stored.rowid, stored.article.id, story if story is not None else stored.rowid))
            assigned += 1
            if on_article:
                on_article()
        return assigned

    def stories(self, store: CorpusStore, min_size: int = 2) -> list[Story]:
        """Stories with at least ``min_size`` stored articles, largest first."""
        rows = self._db.execute(
            "SELECT story, GROUP_CONCAT(rowid) FROM members GROUP BY story HAVING COUNT(*) >= ? "
            "ORDER BY COUNT(*) DESC, story", (min_size,))
        result = []
        for story, members in rows:
            found = store.get_rows(int(r) for r in members.split(","))
            articles = [found[r].article for r in sorted(found)]
            dates = sorted(a.date for a in articles if a.date)
            result.append(Story(story, tuple(a.id for a in articles), tuple(a.title for a in articles),
                                dates[0] if dates else None, dates[-1] if dates else None))
        return result
