"""The BM25 index for real (tantivy): the flat boosted OR-query scores exactly as tantivy's own query parser."""

from __future__ import annotations

import pytest

from gegenprobe.related import build_query
from gegenprobe.related._lexical import TITLE_BOOST, LexicalIndex

from .conftest import load_fixture_articles


def test_flat_query_scores_as_the_parsed_query(tmp_path):
    articles = load_fixture_articles()
    index = LexicalIndex(tmp_path / "lexical")
    index.add([(n, a.title, a.text) for n, a in enumerate(articles, start=1)])
    for article in articles[:6]:
        terms = build_query(article).weighted_terms
        ours = index.search(terms, 10)
        text = " ".join(f"{t}^{w:g}" for t, w in terms.items() if t.replace("-", "").isalnum())
        parsed, _ = index.index.parse_query_lenient(text, ["title", "body"], {"title": TITLE_BOOST})
        searcher = index.index.searcher()
        reference = [(int(searcher.doc(address)["rowid"][0]), score)
                     for score, address in searcher.search(parsed, 10).hits]
        assert [score for _, score in ours] == pytest.approx([score for _, score in reference], rel=1e-5)
        assert ours[0][0] == reference[0][0]


def test_empty_or_unsearchable_queries_find_nothing(tmp_path):
    index = LexicalIndex(tmp_path / "lexical")
    index.add([(1, "Brücke gesperrt", "Die Brücke bleibt gesperrt.")])
    assert index.search({}, 5) == []
    assert index.search({"brücke": 1.0}, 5)[0][0] == 1
