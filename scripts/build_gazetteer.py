"""Build the name gazetteer (src/gegenprobe/text/gazetteer_de.txt) with HanTa's proper-noun tags.

Tags the titles and leads of FANG-COVID articles from January to September 2020 (the months that no
evaluation uses as test data) and keeps words tagged as proper nouns (NE) in at least 3 articles and in at
least 80 % of their occurrences, then adds the hand-written core list below. The output holds names only,
no article text. Run: python scripts/build_gazetteer.py [--data ../shared/data/fang-covid/fang_covid_2020.jsonl.xz]
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
from collections import Counter
from pathlib import Path

from gegenprobe.text import SentenceSplitter, Tagger

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "gegenprobe" / "text" / "gazetteer_de.txt"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "fang-covid" / "fang_covid_2020.jsonl.xz"
CORE = [
    "Deutschland", "Österreich", "Schweiz", "Frankreich", "Italien", "Spanien",
    "Polen", "Tschechien", "Russland", "Ukraine", "China", "Japan",
    "Indien", "Iran", "Irak", "Syrien", "Türkei", "Israel",
    "Griechenland", "Ungarn", "Schweden", "Norwegen", "Dänemark", "Niederlande",
    "Belgien", "Großbritannien", "England", "Irland", "USA", "Amerika",
    "Kanada", "Brasilien", "Mexiko", "Europa", "Afrika", "Asien",
    "Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart",
    "Düsseldorf", "Dortmund", "Essen", "Leipzig", "Dresden", "Hannover",
    "Nürnberg", "Bremen", "Mainz", "Wiesbaden", "Kassel", "Bonn",
    "Potsdam", "Magdeburg", "Erfurt", "Kiel", "Schwerin", "Saarbrücken",
    "Wien", "Zürich", "Paris", "London", "Rom", "Madrid",
    "Warschau", "Prag", "Moskau", "Kiew", "Peking", "Washington",
    "Brüssel", "Bayern", "Sachsen", "Hessen", "Thüringen", "Brandenburg",
    "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Baden-Württemberg", "Schleswig-Holstein", "Mecklenburg-Vorpommern",
    "Sachsen-Anhalt", "Saarland", "Elbe", "Rhein", "Donau", "Main",
    "Oder", "CDU", "CSU", "SPD", "FDP", "AfD",
    "Grüne", "Linke", "BSW", "EU", "UN", "NATO",
    "WHO", "RKI", "Bundestag", "Bundesrat", "Bundesregierung", "Bundeswehr",
    "Bundesverfassungsgericht", "Pentagon", "Kreml", "Merkel", "Scholz", "Merz",
    "Spahn", "Lauterbach", "Drosten", "Söder", "Laschet", "Trump",
    "Biden", "Putin", "Selenskyj", "Macron", "Johnson", "Erdogan",
    "Gates",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=4000)
    args = parser.parse_args()
    splitter, tagger = SentenceSplitter(), Tagger()
    tagged_ne, seen, docs = Counter(), Counter(), Counter()
    count = 0
    with lzma.open(args.data, "rt", encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if not "2020-01" <= record["date"][:7] <= "2020-09":
                continue
            names_here = set()
            for sentence in splitter.split(f"{record['header']}\n{record['article'][:600]}"):
                for token in tagger.tag(list(sentence.tokens)):
                    if not re.fullmatch(r"[A-ZÄÖÜ][\wäöüß-]+", token.text):
                        continue
                    seen[token.text] += 1
                    if token.is_proper_noun:
                        tagged_ne[token.text] += 1
                        names_here.add(token.text)
            docs.update(names_here)
            count += 1
            if count >= args.limit:
                break
    names = {w for w, n in tagged_ne.items() if docs[w] >= 3 and n / seen[w] >= 0.8 and len(w) > 2}
    names |= set(CORE)
    header = "# Names for entity matching; built by scripts/build_gazetteer.py (HanTa NE tags + core list)\n"
    OUT.write_text(header + "\n".join(sorted(names)) + "\n", "utf-8")
    print(f"{len(names)} names from {count} articles -> {OUT}")


if __name__ == "__main__":
    main()
