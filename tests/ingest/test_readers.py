from __future__ import annotations

import gzip
import json
import lzma
from pathlib import Path

import pytest

from gegenprobe.errors import (
    ExtractionFailed,
    InputError,
    MalformedInput,
    NeedsFetch,
    NotGerman,
    UnsupportedFormat,
)
from gegenprobe.ingest import Reader, format_of, iso_date, sniff_format
from gegenprobe.settings import IngestSettings, Settings

BODY = (
    "Die Theodor-Heuss-Brücke zwischen Mainz und Wiesbaden wird ab dem 9. März für sechs Wochen gesperrt. "
    "Bei einer Routineprüfung hätten Ingenieure Risse an zwei Brückenlagern entdeckt, teilte der Landesbetrieb mit.\n"
    "Täglich nutzen rund 38.000 Fahrzeuge die Brücke. Der Verkehr wird über die Schiersteiner Brücke umgeleitet."
)
DEMO = Path(__file__).parents[2] / "src" / "gegenprobe" / "data" / "demo"


def read(paths, settings=None, fmt=None):
    return list(Reader(settings or Settings(), fmt=fmt).read([str(p) for p in paths]))


def only_article(items):
    assert len(items) == 1 and items[0].error is None, items
    return items[0].article


def test_plain_text_first_line_is_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Zum Kurzlink\nBrücke gesperrt\n{BODY}\nAbonnieren\n", "utf-8")
    article = only_article(read([path]))
    assert article.title == "Brücke gesperrt"
    assert article.text.startswith("Die Theodor-Heuss-Brücke") and "Abonnieren" not in article.text
    assert article.text.count("\n\n") == 1
    assert article.language == "de" and len(article.id) == 16


def test_html_uses_trafilatura_and_htmldate(manifest):
    article = only_article(read([DEMO / "05-leipziger-welle-masern.html"]))
    spec = manifest["05-leipziger-welle-masern.txt"]
    assert article.title == "Masern an Leipziger Grundschule: 23 Kinder erkrankt"
    assert article.url == spec["url"] and article.date == "2026-02-12"
    assert article.source == "leipziger-welle.example"
    assert "Wir verwenden Cookies" not in article.text and "Impressum" not in article.text


def test_all_demo_pages_are_clean(manifest):
    items = read([DEMO])
    assert len(items) == len(manifest) and all(item.error is None for item in items)
    for item in items:
        spec = manifest[Path(item.origin).name.replace(".html", ".txt")]
        full = f"{item.article.title}\n{item.article.text}"
        assert all(phrase.replace("„", '"').replace("“", '"') in full for phrase in spec["keep"])
        assert not any(phrase in full for phrase in spec["drop"])


def test_jsonl_with_fang_covid_aliases(tmp_path):
    path = tmp_path / "fang.jsonl"
    record = {"id": 17, "url": "https://www.zeit.de/a", "date": "2020-11-13T16:31:47+01:00", "source": "zeit.de",
              "label": "real", "header": "Brücke gesperrt", "article": BODY}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n\n", "utf-8")
    article = only_article(read([path]))
    expected = ("17", "Brücke gesperrt", "2020-11-13", "zeit.de")
    assert (article.id, article.title, article.date, article.source) == expected
    assert article.meta == {"label": "real"}


def test_compressed_jsonl(tmp_path):
    path = tmp_path / "fang.jsonl.xz"
    with lzma.open(path, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"Title": "Brücke", "Text": BODY, "URL": "https://www.sueddeutsche.de/x"}) + "\n")
    article = only_article(read([path]))
    assert article.source == "sueddeutsche.de"


def test_jsonl_bad_line_is_reported_and_others_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"title": "A", "text": BODY}) + "\n{broken\n" + json.dumps({"foo": 1}) + "\n", "utf-8")
    items = read([path])
    assert items[0].article is not None
    assert isinstance(items[1].error, MalformedInput) and "mixed.jsonl:2" in str(items[1].error)
    assert isinstance(items[2].error, MalformedInput) and "neither 'text' nor 'title'" in str(items[2].error)


def test_germanfakenc_records_and_missing_text(tmp_path):
    path = tmp_path / "GermanFakeNC.json"
    records = [
        {"Date": "14/03/2017", "URL": "https://fake.example/a", "Title": "Brücke", "Text": BODY,
         "False_Statement_1": "Die Brücke ist eingestürzt.", "False_Statement_1_Location": "Text",
         "Ratio_of_Fake_Statements": 2, "Overall_Rating": 0.8},
        {"Date": "15/03/2017", "URL": "https://fake.example/b", "Ratio_of_Fake_Statements": 1, "Overall_Rating": 0.4},
    ]
    path.write_text(json.dumps(records), "utf-8")
    items = read([path])
    article = items[0].article
    assert article.date == "2017-03-14"
    assert article.meta["Overall_Rating"] == 0.8 and article.meta["label"] == "fake"
    assert article.meta["False_Statement_1"] == "Die Brücke ist eingestürzt."
    assert isinstance(items[1].error, NeedsFetch) and "https://fake.example/b" in str(items[1].error)


def test_germantrc_keeps_roles(tmp_path):
    path = tmp_path / "trc.json"
    fake = {"Date": "2017-03-14", "URL": "https://fake.example/a", "Title": "Brücke eingestürzt", "Text": BODY,
            "False_Statement_1": "Die Brücke ist eingestürzt.", "Ratio_of_Fake_Statements": 1, "Overall_Rating": 0.9}
    true = {"Date": "2017-03-14", "URL": "https://echt.example/b", "Title": "Brücke gesperrt",
            "Text": BODY + " Ein Sprecher bestätigte das.", "True_Statement_1": "Die Brücke ist gesperrt."}
    crawled = {"URL": "https://other.example/c", "Title": "Sperrung", "Text": BODY + " Die Stadt informiert."}
    path.write_text(json.dumps({"ID = 1": [fake, [true], [crawled]]}), "utf-8")
    articles = [item.article for item in read([path])]
    assert [a.meta["trc_role"] for a in articles] == ["fake", "true", "crawled"]
    assert {a.meta["trc_topic"] for a in articles} == {"1"}
    assert articles[0].meta["label"] == "fake" and articles[1].meta["label"] == "real"
    assert "label" not in articles[2].meta
    assert articles[1].meta["True_Statement_1"] == "Die Brücke ist gesperrt."


def test_csv_with_column_mapping(tmp_path):
    path = tmp_path / "news.csv"
    row = '"Brücke gesperrt";"' + BODY.replace("\n", " ") + '";03.03.2026'
    path.write_text(f"Headline;Body;Published\n{row}\n", "utf-8")
    settings = Settings(ingest=IngestSettings(csv_columns=(("Headline", "title"), ("Body", "text"),
                                                           ("Published", "date"))))
    article = only_article(read([path], settings))
    assert (article.title, article.date) == ("Brücke gesperrt", "2026-03-03")


def _warc(path: Path, pages: list[tuple[str, str, bytes]]) -> None:
    """A WARC.gz written by hand (one gzip member per record), as crawlers such as CC-NEWS write it."""
    with path.open("wb") as stream:
        for url, content_type, body in pages:
            http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
            head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
                    f"WARC-Record-ID: <urn:uuid:{abs(hash(url))}>\r\n"
                    "Content-Type: application/http; msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            stream.write(gzip.compress(head + http + b"\r\n\r\n"))


def test_warc_reads_html_responses_only(tmp_path):
    page = (DEMO / "11-elbe-echo-hochwasser.html").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://www.elbe-echo.example/a", "text/html; charset=utf-8", page),
                 ("https://www.elbe-echo.example/logo.png", "image/png", b"\x89PNG\r\n")])
    article = only_article(read([path]))
    assert article.url == "https://www.elbe-echo.example/a" and "6,20 Meter" in article.title


def test_broken_warc_is_reported(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"this is no warc"))
    items = read([path])
    assert items[0].error is not None and "WARC" in str(items[0].error)


def test_directory_is_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Titel A\n" + BODY, "utf-8")
    (tmp_path / "b.txt").write_text("Titel B\n" + BODY + " Noch ein Satz.", "utf-8")
    assert sorted(item.article.title for item in read([tmp_path])) == ["Titel A", "Titel B"]


@pytest.mark.parametrize(
    "content, error, message",
    [
        (b"\x00\x01\x02\x03binary\xff\xfe", UnsupportedFormat, "binary data"),
        (b"Titel\nKurz.", ExtractionFailed, "too short"),
        (b"Government\n" + b"The bridge between Mainz and Wiesbaden will be closed for six weeks from 9 March. " * 5,
         NotGerman, "not German"),
        (b"Zum Kurzlink\nAbonnieren\n", ExtractionFailed, "no article text"),
    ],
)
def test_bad_text_inputs_have_specific_errors(tmp_path, content, error, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    items = read([path])
    assert isinstance(items[0].error, error) and message in str(items[0].error)
    assert str(path) in str(items[0].error)


def test_missing_file_and_unknown_extension(tmp_path):
    missing = read([tmp_path / "nope.txt"])[0].error
    assert isinstance(missing, InputError) and "no such file" in str(missing)
    (tmp_path / "a.docx").write_bytes(b"PK")
    assert isinstance(read([tmp_path / "a.docx"])[0].error, UnsupportedFormat)


def test_malformed_json_and_html_without_article(tmp_path):
    (tmp_path / "a.json").write_text('{"title": "x", ', "utf-8")
    assert "malformed JSON" in str(read([tmp_path / "a.json"])[0].error)
    (tmp_path / "empty.html").write_text("<html><body><nav><a href='/'>Start</a></nav></body></html>", "utf-8")
    assert isinstance(read([tmp_path / "empty.html"])[0].error, ExtractionFailed)


def test_format_override_and_detection(tmp_path):
    path = tmp_path / "article.data"
    path.write_text("Titel\n" + BODY, "utf-8")
    assert only_article(read([path], fmt="text")).title == "Titel"
    assert format_of(Path("x.warc.gz")) == "warc" and format_of(Path("x.jsonl.xz")) == "jsonl"
    assert sniff_format("<!DOCTYPE html><html>") == "html"
    assert sniff_format('{"a": 1}\n{"a": 2}') == "jsonl"
    assert sniff_format("[{}]") == "json" and sniff_format("Titel\nText") == "text"
    with pytest.raises(UnsupportedFormat):
        Reader(Settings(), fmt="docx")


@pytest.mark.parametrize(
    "value, expected",
    [("2020-11-13T16:31:47+01:00", "2020-11-13"), ("13.11.2020", "2020-11-13"), ("14/03/2017", "2017-03-14"),
     ("19. November 2019", "2019-11-19"), (1605276707, "2020-11-13"), ("", None), ("kein Datum", None)],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected


ENGLISH = "The bridge between the two cities will be closed for six weeks after engineers found cracks in it. " * 3


def _mixed_records(n: int) -> list[str]:
    lines = []
    for i in range(n):
        if i % 17 == 5:
            lines.append("{broken")
        elif i % 23 == 7:
            lines.append(json.dumps({"title": f"Bridge {i}", "text": ENGLISH}))
        else:
            lines.append(json.dumps({"id": f"a{i}", "title": f"Brücke {i}", "text": f"Meldung {i}. {BODY}"}))
    return lines


def _summary(items) -> list[tuple[str, str | None, str | None]]:
    return [(item.origin, item.article.id if item.article else None,
             type(item.error).__name__ if item.error else None) for item in items]


def test_cleaning_processes_give_the_same_items_in_the_same_order(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(_mixed_records(300)) + "\n", "utf-8")
    here = list(Reader(Settings()).read([str(path)]))
    spread = list(Reader(Settings(), workers=2).read([str(path)]))
    assert _summary(spread) == _summary(here)
    assert {"MalformedInput", "NotGerman", None} == {kind for *_, kind in _summary(here)}
    assert [item.article for item in spread] == [item.article for item in here]


def test_cleaning_processes_keep_what_was_read_before_a_damaged_stream(tmp_path):
    whole = lzma.compress(("\n".join(_mixed_records(400)) + "\n").encode("utf-8"))
    path = tmp_path / "cut.jsonl.xz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    here = list(Reader(Settings()).read([str(path)]))
    spread = list(Reader(Settings(), workers=2).read([str(path)]))
    assert _summary(spread) == _summary(here)
    assert len(here) > 100 and "file is damaged" in str(here[-1].error)


def test_one_cleaning_pool_serves_every_input_and_is_closed(tmp_path, monkeypatch):
    import gegenprobe.ingest._readers as readers

    started = []

    class CountedPool(readers.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(readers, "ProcessPoolExecutor", CountedPool)
    lines = _mixed_records(30)
    for i in range(5):
        (tmp_path / f"part{i}.jsonl").write_text("\n".join(lines[i * 6:(i + 1) * 6]) + "\n", "utf-8")
    reader = Reader(Settings(), workers=2)
    spread = list(reader.read([str(tmp_path)]))
    here = list(Reader(Settings()).read([str(tmp_path)]))
    assert _summary(spread) == _summary(here) and len(here) == 30
    assert len(started) == 1 and reader._pool is None
