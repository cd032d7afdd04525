"""Regressions of the defects found on real data (issue 10): titles, bad fields, damage, limits, encodings."""

from __future__ import annotations

import codecs
import gzip
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from gegenprobe.errors import ConfigError, MalformedInput, TooLarge, UnsupportedFormat
from gegenprobe.ingest import Reader
from gegenprobe.settings import Settings

from .test_readers import BODY, DEMO, _warc

# one paragraph of ordinary news, as title-less dataset records give it (no line breaks)
PARAGRAPH = " ".join([BODY.replace("\n", " ")] * 3)


def read(paths, settings=None, fmt=None, workers=0):
    return list(Reader(settings or Settings(), fmt=fmt, workers=workers).read([str(p) for p in paths]))


def write_jsonl(path: Path, records: list[dict] | list[str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


# 1. title-less records


def test_a_titleless_one_paragraph_record_keeps_its_whole_text_as_body(tmp_path):
    items = read([write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "title": "", "text": PARAGRAPH}])])
    assert items[0].error is None
    assert items[0].article.title == "" and items[0].article.text == PARAGRAPH


def test_a_titleless_record_with_line_breaks_is_not_given_a_title_either(tmp_path):
    items = read([write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": f"Erster Absatz.\n{PARAGRAPH}"}])])
    assert items[0].article.title == "" and items[0].article.text.startswith("Erster Absatz.")


def test_a_text_file_promotes_only_a_short_first_line(tmp_path):
    titled, untitled = tmp_path / "titled.txt", tmp_path / "untitled.txt"
    titled.write_text(f"Brücke gesperrt\n{PARAGRAPH}\n", "utf-8")
    untitled.write_text(PARAGRAPH + "\n", "utf-8")
    first, second = read([titled, untitled])
    assert first.article.title == "Brücke gesperrt"
    assert second.article.title == "" and second.article.text == PARAGRAPH


def test_a_one_line_query_is_a_headline(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("Theodor-Heuss-Brücke gesperrt\n", "utf-8")
    [item] = read([path], Settings().for_queries())
    assert item.article.title == "Theodor-Heuss-Brücke gesperrt" and item.article.text == ""


# 6. one bad field is that record's error; 13. no Python reprs


@pytest.mark.parametrize("workers", [0, 1])
@pytest.mark.parametrize("field, value, message", [
    ("url", 12345, "field 'url' must be a string, got int"),
    ("date", float("nan"), "field 'date' is nan, not a date"),
    ("date", 1e20, "field 'date' 1e+20 is not a timestamp"),
    ("id", {"a": 1}, "field 'id' must be a string or a whole number, got an object"),
    ("title", ["x"], "field 'title' must be a string, got a list"),
    ("text", 5, "field 'text' must be a string, got int"),
])
def test_a_bad_field_fails_its_record_only(tmp_path, workers, field, value, message):
    records = [{"id": f"r{n}", "title": f"Meldung {n}", "text": f"{PARAGRAPH} Nummer {n}."} for n in range(6)]
    records[3][field] = value
    items = read([write_jsonl(tmp_path / "a.jsonl", records)], workers=workers)
    assert [i.error is None for i in items] == [True, True, True, False, True, True]
    assert isinstance(items[3].error, MalformedInput)
    assert message in str(items[3].error) and "a.jsonl:4" in str(items[3].error)


# 7. tracebacks


def test_deeply_nested_json_is_a_malformed_input(tmp_path):
    nested = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.json").write_text(nested, "utf-8")
    (tmp_path / "deep.jsonl").write_text(nested + "\n", "utf-8")
    for item in read([tmp_path / "deep.json", tmp_path / "deep.jsonl"]):
        assert isinstance(item.error, MalformedInput) and "nested too deeply" in str(item.error)


def test_a_warc_with_broken_headers_is_a_malformed_input(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n")
    [item] = read([path])
    assert isinstance(item.error, MalformedInput) and "not a readable WARC" in str(item.error)


def test_devices_and_pipes_are_refused_unless_given_as_stdin(tmp_path):
    fifo = tmp_path / "a.txt"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        [item] = read([path], fmt="text")
        assert isinstance(item.error, UnsupportedFormat) and "not a regular file" in str(item.error)


def test_a_symlink_loop_is_named_as_such(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    [item] = read([tmp_path / "loop" / "x.txt"])
    assert "symbolic link loop" in str(item.error)


# 8. size limits


def limits(**values: int) -> Settings:
    settings = Settings()
    return replace(settings, ingest=replace(settings.ingest, **values))


def test_an_oversized_jsonl_line_fails_alone_and_is_not_read_into_memory(tmp_path):
    records = [{"id": "a", "title": "A", "text": PARAGRAPH}, {"id": "b", "title": "B", "text": PARAGRAPH * 20},
               {"id": "c", "title": "C", "text": PARAGRAPH + " Ende."}]
    items = read([write_jsonl(tmp_path / "a.jsonl", records)], limits(max_item_bytes=5_000))
    assert [i.error is None for i in items] == [True, False, True]
    assert isinstance(items[1].error, TooLarge) and "max_item_bytes" in str(items[1].error)
    assert "GEGENPROBE_MAX_ITEM_BYTES" in str(items[1].error) and "a.jsonl:2" in str(items[1].error)


def test_file_and_text_limits_name_the_limit_hit(tmp_path):
    text, data = tmp_path / "a.txt", tmp_path / "a.json"
    text.write_text(f"Titel\n{PARAGRAPH}\n", "utf-8")
    data.write_text(json.dumps([{"title": "T", "text": PARAGRAPH}]), "utf-8")
    [item] = read([text], limits(max_item_bytes=100))
    assert "max_item_bytes" in str(item.error)
    [item] = read([data], limits(max_file_bytes=100))
    assert "max_file_bytes" in str(item.error)
    [item] = read([text], limits(max_text_chars=200))
    assert isinstance(item.error, TooLarge) and "max_text_chars" in str(item.error)


def test_limits_come_from_the_environment_at_the_edge():
    settings = Settings().with_limits_from({"GEGENPROBE_MAX_ITEM_BYTES": "1_000", "GEGENPROBE_MAX_TEXT_CHARS": "50"})
    assert settings.ingest.max_item_bytes == 1000 and settings.ingest.max_text_chars == 50
    with pytest.raises(ConfigError, match="whole number"):
        Settings().with_limits_from({"GEGENPROBE_MAX_FILE_BYTES": "viel"})


# 10. truncated compressed files are damaged, not interrupted


@pytest.mark.parametrize("name, content", [
    ("a.txt.gz", f"Titel\n{PARAGRAPH}".encode()),
    ("a.json.gz", json.dumps([{"title": "T", "text": PARAGRAPH}]).encode()),
    ("a.html.gz", f"<html><body><h1>T</h1><p>{PARAGRAPH}</p></body></html>".encode()),
])
def test_a_truncated_compressed_file_is_reported_as_damaged(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(gzip.compress(content)[:-30])
    [item] = read([path])
    assert isinstance(item.error, MalformedInput) and "damaged" in str(item.error)


def test_a_truncated_jsonl_keeps_what_was_read_and_names_the_damage(tmp_path):
    lines = "".join(json.dumps({"id": f"r{n}", "title": "T", "text": f"{PARAGRAPH} {n}"}) + "\n" for n in range(40))
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode())[:-200])
    items = read([path])
    assert items[-1].error is not None and "damaged" in str(items[-1].error)
    assert sum(i.article is not None for i in items) >= 20


# 11. encodings


def test_utf8_with_a_bad_byte_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(f"Rheinbrücke gesperrt\n{PARAGRAPH}\nKaputt: ".encode() + b"\xff\n")
    [item] = read([path])
    assert isinstance(item.error, UnsupportedFormat)
    assert "invalid UTF-8 at line 3" in str(item.error)


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-8", codecs.BOM_UTF8), ("utf-32-le", codecs.BOM_UTF32_LE)])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, encoding, bom):
    path = tmp_path / "a.txt"
    path.write_bytes(bom + f"Rheinbrücke gesperrt\n{PARAGRAPH}".encode(encoding))
    [item] = read([path])
    assert item.article.title == "Rheinbrücke gesperrt"


def test_a_legacy_charset_file_is_detected_not_garbled(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(f"Rheinbrücke gesperrt\n{PARAGRAPH}".encode("cp1252"))
    [item] = read([path])
    assert item.article.title == "Rheinbrücke gesperrt" and "Brücke" in item.article.text


def test_an_html_pages_declared_charset_is_honoured(tmp_path):
    path = tmp_path / "a.html"
    page = (f'<html><head><meta charset="iso-8859-1"><title>Rheinbrücke gesperrt</title></head>'
            f"<body><article><h1>Rheinbrücke gesperrt</h1><p>{PARAGRAPH}</p></article></body></html>")
    path.write_bytes(page.encode("latin-1"))
    [item] = read([path])
    assert "Rheinbrücke" in item.article.title and "Brücke" in item.article.text


def test_a_bad_line_in_jsonl_fails_alone(tmp_path):
    path = tmp_path / "a.jsonl"
    good = json.dumps({"id": "a", "title": "Brücke", "text": PARAGRAPH}, ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + good.replace(b'"a"', b'"b"').replace("ü".encode(), b"\xfc") + b"\n")
    items = read([path])
    assert items[0].error is None and "invalid UTF-8" in str(items[1].error)


# 13. one validation for CSV


def test_ragged_csv_rows_and_unknown_columns_are_errors(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'title,text\n"Brücke","{PARAGRAPH}"\n"a","b","c","d"\n"nur Titel"\n', "utf-8")
    items = read([path])
    assert items[0].error is None
    assert "row has 4 fields, the header 2" in str(items[1].error)
    assert "row has 1 fields, the header 2" in str(items[2].error)
    settings = replace(Settings(), ingest=replace(Settings().ingest, csv_columns=(("Nope", "title"),)))
    [item] = read([path], settings)
    assert "--columns names 'Nope', which the header lacks" in str(item.error)


def test_a_long_csv_field_is_read(tmp_path):
    path = tmp_path / "a.csv"
    long_text = (PARAGRAPH + " ") * 400  # ~150 kB, above the csv module's default field limit
    path.write_text(f'title,text\n"Brücke","{long_text}"\n', "utf-8")
    [item] = read([path])
    assert item.error is None and len(item.article.text) > 131072


# found in review: legacy text, per-file JSONL decoding, remaining tracebacks, WARC limits


def test_cp1252_text_with_few_umlauts_and_typographic_quotes_is_read_as_cp1252(tmp_path):
    filler = "Der Verkehr wird umgeleitet, teilte die Stadt am Montag mit. " * 6  # no other high bytes
    for n, (text, kept) in enumerate([("Die Brücke über den Rhein bleibt gesperrt, sagt der Bürgermeister.",
                                       "Die Brücke über den Rhein"),
                                      ("Er sagte: „Das ist kein Spaß“ … und ging.", "kein Spaß")]):
        path = tmp_path / f"a{n}.txt"
        path.write_bytes(f"Titel\n{text} {filler}".encode("cp1252"))
        [item] = read([path])
        assert item.error is None and kept in item.article.text


def test_jsonl_lines_are_decoded_as_one_file(tmp_path):
    utf8 = tmp_path / "utf8.jsonl"
    good = json.dumps({"id": "a", "title": "Brücke", "text": PARAGRAPH}, ensure_ascii=False)
    bad = json.dumps({"id": "b", "title": "Brücke", "text": PARAGRAPH + " 2"}, ensure_ascii=False)
    utf8.write_bytes(good.encode() + b"\n" + bad.encode("cp1252") + b"\n")
    first, second = read([utf8])
    assert first.error is None and "utf8.jsonl:2" in str(second.error) and "invalid UTF-8" in str(second.error)
    legacy = tmp_path / "legacy.jsonl"
    legacy.write_bytes(good.encode("cp1252") + b"\n" + bad.encode("cp1252") + b"\n")
    assert [i.article.title for i in read([legacy])] == ["Brücke", "Brücke"]
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes((good + "\n" + bad + "\n").encode("utf-16"))
    assert [i.article.id for i in read([utf16])] == ["a", "b"]


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "title": "T", "text": "x", "date": ' + "9" * 400 + "}", "field 'date'"),
    ('{"id": "a", "title": "T", "text": "x", "n": ' + "9" * 5000 + "}", "malformed JSON"),
])
def test_huge_numbers_are_a_records_error(tmp_path, line, message):
    [item] = read([write_jsonl(tmp_path / "a.jsonl", [line])])
    assert isinstance(item.error, MalformedInput) and message in str(item.error)


def test_a_germantrc_bundle_with_a_bad_part_is_a_malformed_input(tmp_path):
    path = tmp_path / "trc.json"
    path.write_text(json.dumps({"ID = 1": [{"Title": "T", "Text": PARAGRAPH}, 5, []]}), "utf-8")
    [item] = read([path], fmt="germantrc")
    assert isinstance(item.error, MalformedInput) and "must be lists" in str(item.error)


def test_a_declared_charset_that_is_no_text_codec_falls_back(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(f'<html><head><meta charset="idna"></head><body><article><h1>Brücke</h1><p>{PARAGRAPH}</p>'
                    "</article></body></html>", "utf-8")
    [item] = read([path])
    assert item.error is None and "Brücke" in item.article.title


def test_absurd_limits_are_a_config_error():
    with pytest.raises(ConfigError, match="between 1 and"):
        Settings().with_limits_from({"GEGENPROBE_MAX_ITEM_BYTES": str(10**20)}).validate()


def test_an_oversized_warc_record_is_reported(tmp_path):
    path = tmp_path / "a.warc.gz"
    page = (DEMO / "11-elbe-echo-hochwasser.html").read_bytes()
    _warc(path, [("https://a.example/0", "text/html; charset=utf-8", page),
                 ("https://a.example/1", "text/html", b"<html><body><p>" + b"x" * 60_000 + b"</p></body></html>")])
    items = read([path], limits(max_item_bytes=len(page) + 10))
    assert items[0].error is None
    assert isinstance(items[1].error, TooLarge) and "https://a.example/1" in str(items[1].error)
