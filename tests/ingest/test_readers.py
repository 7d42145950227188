"""Each input format becomes documents with text, metadata and a stated date basis."""

from __future__ import annotations

from datetime import date

import pytest

from communique import IngestError, load_settings
from communique.ingest import read_inputs, read_path

SETTINGS = load_settings(env={})


def read(path, **kwargs):
    return list(read_path(str(path), settings=SETTINGS, **kwargs))


def test_plain_text_is_one_document_named_after_the_file(fixtures):
    [doc] = read(fixtures / "pyongyang.txt", published=date(2019, 6, 23))
    assert doc.doc_id == "pyongyang.txt"
    assert "arrived in Pyongyang on Friday" in doc.text
    assert doc.published == date(2019, 6, 23) and doc.date_basis == "given"
    assert doc.title.startswith("North Korea reaches out")


def test_plain_text_without_a_date_says_so(fixtures):
    [doc] = read(fixtures / "pyongyang.txt")
    assert doc.published is None and doc.date_basis == "none"


def test_furniture_lines_are_removed_from_text(fixtures):
    [doc] = read(fixtures / "pyongyang.txt")
    assert "Photo:" not in doc.text and "Facebook" not in doc.text
    assert doc.dropped_lines == ["Photo: KCNA via Reuters", "Follow Jane Doe on Facebook"]


def test_html_page_gives_main_text_and_metadata(fixtures):
    [doc] = read(fixtures / "pyongyang.html")
    assert doc.published == date(2019, 6, 23) and doc.date_basis == "html-metadata"
    assert doc.author == "Jane Doe"
    assert doc.url == "https://news.example.org/world/2019/06/23/north-korea-russia-syria"
    assert "held talks with Russian Deputy Foreign Minister" in doc.text
    for boilerplate in ("Most read", "Markets rally", "Leave a comment", "pic.twitter.com",
                        "Follow Jane Doe", "All rights reserved", "Sport"):
        assert boilerplate not in doc.text


def test_date_option_overrides_page_metadata(fixtures):
    [doc] = read(fixtures / "pyongyang.html", published=date(2019, 6, 24))
    assert doc.published == date(2019, 6, 24) and doc.date_basis == "given"


def test_rss_items_are_documents_dated_by_the_feed(fixtures):
    docs = read(fixtures / "feed.xml")
    assert [d.doc_id for d in docs] == ["xi-moscow-2023", "uk-expels-2018"]
    assert docs[0].published == date(2023, 3, 21) and docs[0].date_basis == "feed"
    assert docs[0].url == "https://news.example.org/diplomacy/xi-moscow"
    assert "Photo:" not in docs[0].text
    assert docs[1].text.startswith("Britain expelled 23 Russian diplomats")


def test_atom_entries_use_content_or_summary(fixtures):
    docs = read(fixtures / "feed.atom")
    assert [d.title for d in docs] == ["Saudi Arabia and Iran restore ties",
                                       "Washington criticizes Pyongyang"]
    assert "restore diplomatic relations with Iran" in docs[0].text
    assert docs[1].text == "The United States criticized North Korea on Thursday."


def test_jsonl_lines_keep_ids_dates_and_hints(fixtures):
    docs = read(fixtures / "corpus.jsonl")
    assert [d.doc_id for d in docs] == ["doc-visit", "doc-sanction", "doc-hint"]
    assert docs[0].published == date(2019, 6, 23) and docs[0].date_basis == "input"
    assert docs[0].title == "Syrians in Pyongyang"
    assert (docs[2].source_hint, docs[2].target_hint) == ("Kim Jong Un", "Trump")


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "file is empty"),
    ("binary.txt", "binary content"),
])
def test_unreadable_files_are_one_clear_error(fixtures, name, message):
    [error] = read(fixtures / "bad" / name)
    assert isinstance(error, IngestError)
    assert name in str(error) and message in str(error)
    assert "\n" not in str(error)


def test_missing_file_and_directory_are_errors(fixtures, tmp_path):
    [missing] = read(tmp_path / "nope.txt")
    [folder] = read(tmp_path)
    assert "no such file" in str(missing)
    assert "is a directory" in str(folder)


def test_malformed_html_still_yields_its_text(fixtures):
    [doc] = read(fixtures / "bad" / "broken.html")
    assert "Russia attacked Ukraine on Thursday." in doc.text
    assert "Germany condemned Russia." in doc.text


def test_html_without_article_text_is_an_error(tmp_path):
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    [error] = read(page)
    assert isinstance(error, IngestError) and "no article text" in str(error)


def test_bad_jsonl_lines_are_named_and_the_rest_are_read(fixtures):
    items = read(fixtures / "bad" / "corpus.jsonl")
    docs = [i for i in items if not isinstance(i, IngestError)]
    errors = {i.line: str(i) for i in items if isinstance(i, IngestError)}
    assert [d.doc_id for d in docs] == ["good-1", "good-2"]
    assert set(errors) == {2, 3, 4, 5}
    assert "corpus.jsonl:2: invalid JSON" in errors[2]
    assert "'text'" in errors[3]
    assert "not a date" in errors[4]
    assert "expected a JSON object" in errors[5]


def test_a_batch_continues_past_bad_inputs(fixtures):
    paths = [fixtures / "bad" / "empty.txt", fixtures / "corpus.jsonl",
             fixtures / "bad" / "binary.txt", fixtures / "pyongyang.txt"]
    items = list(read_inputs(map(str, paths), settings=SETTINGS))
    kinds = ["error" if isinstance(i, IngestError) else i.doc_id for i in items]
    assert kinds == ["error", "doc-visit", "doc-sanction", "doc-hint", "error", "pyongyang.txt"]


def test_windows_1252_and_utf16_text_decode(tmp_path):
    cp = tmp_path / "cp.txt"
    cp.write_bytes("Côte d’Ivoire criticized France.".encode("cp1252"))
    u16 = tmp_path / "u16.txt"
    u16.write_bytes("Russia criticized Britain.".encode("utf-16"))
    assert read(cp)[0].text == "Côte d’Ivoire criticized France."
    assert read(u16)[0].text == "Russia criticized Britain."


def test_format_is_sniffed_when_the_suffix_says_nothing(tmp_path):
    feed = tmp_path / "download"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title>'
                    "<description>Russia criticized Britain.</description></item></channel></rss>")
    [doc] = read(feed)
    assert doc.text == "Russia criticized Britain."
