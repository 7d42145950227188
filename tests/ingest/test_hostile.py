"""Hostile inputs (tests/hostile/ and generated giants): each is one clear error or read right."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from communique import IngestError, load_settings
from communique.errors import LanguageSkipped
from communique.ingest import read_inputs, read_path
from communique.models import Document

HOSTILE = Path(__file__).parents[1] / "hostile"
SETTINGS = load_settings(env={})
pytestmark = pytest.mark.usefixtures("no_hang")


def read(path: Path | str, settings=SETTINGS, **kwargs) -> list[Document | IngestError]:
    items = list(read_path(str(path), settings=settings, **kwargs))
    for item in items:
        assert isinstance(item, (Document, IngestError)), item
        if isinstance(item, IngestError):
            assert "\n" not in str(item) and len(str(item)) <= 520
            assert str(path) in str(item)
    return items


def only_error(path: Path | str, settings=SETTINGS) -> IngestError:
    [item] = read(path, settings)
    assert isinstance(item, IngestError), item
    return item


def only_doc(path: Path | str) -> Document:
    [item] = read(path)
    assert isinstance(item, Document), item
    return item


@pytest.mark.parametrize("name, code, message", [
    ("empty.txt", "C102", "file is empty"),
    ("whitespace.txt", "C102", "file is empty"),
    ("bom_only.txt", "C102", "file is empty"),
    ("invisible_only.txt", "C106", "only whitespace, control or invisible characters"),
    ("binary.txt", "C103", "binary content"),
    ("binary_no_nul.txt", "C103", "binary content"),
    ("png_named.html", "C103", "binary content"),
    ("url_only.html", "C110", "no HTML markup"),
    ("billion_laughs.xml", "C122", "DTD with entities"),
    ("xxe_file.xml", "C122", "DTD with entities"),
    ("xxe_http.atom", "C122", "DTD with entities"),
    ("url_as_feed.xml", "C120", "not an RSS or Atom feed"),
    ("path_as_feed.xml", "C120", "not an RSS or Atom feed"),
])
def test_unreadable_inputs_are_one_clear_error(name, code, message):
    error = only_error(HOSTILE / name)
    assert error.code == code and message in str(error)


@pytest.mark.parametrize("name", ["utf16_bom.txt", "utf16le_no_bom.txt", "utf16be_no_bom.txt",
                                  "utf32_bom.txt"])
def test_utf16_and_utf32_decode_with_or_without_a_byte_order_mark(name):
    assert only_doc(HOSTILE / name).text == (
        "Côte d’Ivoire criticized France on Monday — officials said.")


def test_windows_1252_latin1_and_mixed_files_decode_without_mojibake():
    assert only_doc(HOSTILE / "cp1252.txt").text == (
        "Côte d’Ivoire criticized France on Monday – “officials” said.")
    assert only_doc(HOSTILE / "latin1.txt").text == (
        "São Tomé criticized Portugal on Monday, officials in Bogotá said.")
    # UTF-8 first line, Windows-1252 second line: each decodes as written.
    assert only_doc(HOSTILE / "mixed_encoding.txt").text == (
        "Côte d’Ivoire criticized France.\n\n"
        "Germany condemned Russia’s attack on Kyiv – “a crime”.")


def test_truncated_utf8_drops_only_the_cut_character():
    text = only_doc(HOSTILE / "truncated_utf8.txt").text
    assert text.endswith("said. Ελλάδ") and "Côte d’Ivoire" in text and "\ufffd" not in text


def test_control_characters_are_removed_and_separators_break_lines():
    text = only_doc(HOSTILE / "controls.txt").text
    assert text.split("\n\n") == [
        "Russia criticized Britain on Friday over the expulsion of its diplomats.",
        "Germany condemned Russia on Saturday.", "France met Spain in Paris on Sunday.",
        "Italy praised Greece on Monday after the talks."]


def test_jsonl_escapes_for_controls_and_surrogates_are_cleaned():
    [doc] = read(HOSTILE / "controls.jsonl")
    assert (doc.doc_id, doc.title) == ("nulid", "Line one two")
    assert doc.text == "Russia criticized Britain on Friday.\n\nGermany condemned Russia."
    lone, pair = read(HOSTILE / "surrogate_escapes.jsonl")
    assert lone.text == "Russia criticized Britain \ufffd on Friday."
    assert lone.doc_id == "lone-\ufffd"
    assert pair.text == "Iran criticized Israel \U0001F600 on Friday."
    for doc in (lone, pair):
        doc.text.encode("utf-8")  # storable and printable: no lone surrogate left


def test_line_separators_inside_json_strings_do_not_split_records():
    docs = read(HOSTILE / "line_separators.jsonl")
    assert [d.doc_id for d in docs] == ["ls", "after"]
    assert docs[0].text.split("\n\n") == ["Russia criticized Britain.", "Germany condemned Russia.",
                                          "France met Spain."]


def test_zero_width_and_direction_characters_disappear_but_words_stay_apart():
    text = only_doc(HOSTILE / "rtl_zero_width.txt").text
    assert "The United States criticized North Korea on Thursday." in text
    assert "Russia condemned Britain on Friday." in text
    assert "Korea and Japan held talks." in text
    assert "محمود عباس" in text  # right-to-left script itself is text and stays
    assert not set(text) & set("\u200b\u200d\u200f\u202e\u202c\u00ad")


def test_hostile_text_codes_like_the_plain_text(code):
    hostile = (HOSTILE / "rtl_zero_width.txt").read_text("utf-8")
    plain = ("The United States criticized North Korea on Thursday.\n"
             "Russia condemned Britain on Friday.\n")
    triples = {(e["source"]["code"], e["cameo"], e["target"]["code"]) for e in code(hostile)}
    assert {("USA", "111", "PRK"), ("RUS", "111", "GBR")} <= triples
    assert {(e["source"]["code"], e["cameo"], e["target"]["code"]) for e in code(plain)} <= triples


EMBEDDED_CLAIMS = ("China", "Taiwan", "Iran", "Egypt", "France", "Spain", "Japan", "Brazil",
                   "India", "Libya", "Sudan")


def test_scripts_styles_iframes_and_embeds_never_become_page_text():
    doc = only_doc(HOSTILE / "scripts.html")
    assert "Germany condemned Russia on Friday" in doc.text
    assert "The United States criticized North Korea" in doc.text
    for claim in EMBEDDED_CLAIMS:
        assert claim not in doc.text


def test_scripts_and_embeds_never_become_feed_text():
    docs = read(HOSTILE / "feed_scripts.xml")
    assert [d.text for d in docs] == ["Germany condemned Russia on Friday.",
                                      "Britain expelled Russian diplomats on Monday."]


def test_html_entities_are_neither_expanded_nor_fetched():
    doc = only_doc(HOSTILE / "xxe.html")
    assert "root:" not in doc.text and "lollol" not in doc.text
    assert "Germany condemned Russia on Saturday" in doc.text


def test_a_feed_with_an_external_dtd_reference_is_read_without_fetching_it():
    [doc] = read(HOSTILE / "external_dtd.xml")
    assert doc.text == "Russia criticized Britain on Friday."


def test_feed_text_that_looks_like_a_url_or_path_is_never_fetched_or_opened(tmp_path):
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<rss version="2.0"><channel><item><description>Fetched.'
                             b"</description></item></channel></rss>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        local = tmp_path / "local.xml"
        local.write_text('<rss version="2.0"><channel><item><description>Read from a local '
                         "file.</description></item></channel></rss>")
        url = tmp_path / "url.xml"
        url.write_text(f"http://127.0.0.1:{server.server_port}/feed.xml\n")
        path = tmp_path / "path.xml"
        path.write_text(f"{local}\n")
        assert isinstance(only_error(url), IngestError)
        assert isinstance(only_error(path), IngestError)
        assert hits == []
    finally:
        server.shutdown()


def test_feed_dates_out_of_range_or_malformed_leave_the_item_undated():
    docs = read(HOSTILE / "feed_dates.xml")
    assert [(d.doc_id, d.published, d.date_basis) for d in docs] == [
        ("d0", None, "none"), ("d9", None, "none"), ("dx", None, "none"),
        ("ok", date(2019, 6, 21), "feed")]


def test_publication_dates_at_the_edge_of_the_calendar_are_refused_not_crashed_on(code, core):
    # "last year" from 1 January of the year 1 would be the year 0, which Python cannot hold.
    from communique.ingest import make_document

    with pytest.raises(IngestError, match="out of range"):
        make_document("d", "Russia criticized Britain last year.", "<string>",
                      published=date(1, 1, 1), date_basis="given")
    with pytest.raises(IngestError, match="out of range"):
        code("Russia criticized Britain last year.", published=date(1, 1, 1))
    [event] = code("Russia criticized Britain last year.", published=date(2, 1, 1))
    assert event["date"] == "0001-01-01"


def test_a_truncated_feed_keeps_its_complete_items():
    first, second = read(HOSTILE / "truncated_feed.xml")
    assert first.text == "Russia criticized Britain on Friday."
    assert isinstance(second, IngestError) and "feed item 2 has no text" in str(second)


def test_jsonl_with_wrong_types_names_each_bad_line():
    items = read(HOSTILE / "wrong_types.jsonl")
    docs = [i for i in items if isinstance(i, Document)]
    errors = {i.line: i.problem for i in items if isinstance(i, IngestError)}
    assert [d.doc_id for d in docs] == ["ok"]
    expected = {
        1: "missing or empty 'text' string", 2: "missing or empty 'text' string",
        3: "'date' must be a non-empty string, got {'year': 2019}",
        4: "'date' must be a non-empty string, got 20190623",
        5: "'id' must be a string or integer, got dict",
        6: "'id' must be a string or integer, got bool", 7: "'id' is empty",
        8: "'title' must be a string, got list", 9: "'source' must be a string, got int",
        10: "expected a JSON object, got list", 11: "expected a JSON object, got str",
        12: "expected a JSON object, got NoneType", 13: "'date' '0000-01-01' is not a date",
        14: "'date' '9999-12-31' is out of range", 15: "'date' '2019-13-45' is not a date",
        16: "is not a date", 18: "missing or empty 'text' string",
        19: "invalid JSON (Exceeds the limit (4300 digits)", 20: "invalid JSON (Unterminated",
    }
    assert set(errors) == set(expected)
    for line, problem in expected.items():
        assert problem in errors[line], (line, errors[line])


@pytest.mark.parametrize("name, language", [
    ("french.txt", "fr"), ("spanish.txt", "es"), ("german.txt", "de"), ("russian.txt", "ru"),
    ("arabic.txt", "ar"), ("chinese.txt", "zh")])
def test_non_english_documents_are_skipped_not_coded(name, language):
    [item] = read(HOSTILE / name)
    assert isinstance(item, LanguageSkipped) and item.language == language
    assert f"in language '{language}'" in str(item) and "skipped" in str(item)


# Generated giants: never committed, written once per test session.

FIFTY_MB = 50 * 2**20


@pytest.fixture(scope="module")
def giants(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("giants")
    line = "Russia criticized Britain. " * (FIFTY_MB // 27)
    (folder / "line.txt").write_text(line)
    (folder / "line.jsonl").write_text(json.dumps({"id": "big", "text": line}) + "\n"
                                       + json.dumps({"id": "small", "text": "Iran met Iraq."}))
    (folder / "line.html").write_text(f"<html><body><p>{line}</p></body></html>")
    (folder / "line.xml").write_text('<rss version="2.0"><channel><item><description>'
                                     f"{line}</description></item></channel></rss>")
    body = "<p>Russia attacked Ukraine on Thursday. Germany condemned Russia on Friday.</p>"
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + body
                                      + "</div>" * 100_000 + "</body></html>")
    (folder / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n"
                                       + json.dumps({"id": "after", "text": "Iran met Iraq."}))
    lt = "<![CDATA[" + "<" * 1_000_000 + "<script>" * 50_000 + "Iran met Iraq.]]>"
    (folder / "lt.xml").write_text('<rss version="2.0"><channel><item><description>'
                                   f"{lt}</description></item></channel></rss>")
    (folder / "junk.xml").write_text('<rss version="2.0"><channel><item><description>'
                                     + "<" * 2_000_000 + "</description></item></channel></rss>")
    return folder


@pytest.mark.parametrize("name, line, message", [
    ("line.txt", None, "document text is 52,4"),
    ("line.jsonl", 1, "document text is 52,4"),
    ("line.html", None, "html input is 52,4"),
    ("line.xml", None, "feed input is 52,4"),
])
def test_a_50_mb_line_is_refused_by_the_document_limit(giants, name, line, message):
    items = read(giants / name)
    error = items[0]
    assert isinstance(error, IngestError) and error.code == "C108" and error.line == line
    assert message in error.problem and "max_doc_chars=1000000" in error.problem
    if name == "line.jsonl":  # the next line is still read
        assert [d.doc_id for d in items[1:]] == ["small"]


def test_deeply_nested_html_is_refused_with_a_clear_error(giants):
    error = only_error(giants / "deep.html")
    assert error.code == "C113" and "nest more than 200 deep" in str(error)


def test_html_with_too_many_elements_is_refused_before_slow_extraction(tmp_path):
    page = tmp_path / "spans.html"
    page.write_text("<html><body><article>" + "<span>Iran met Iraq.</span> " * 60_000
                    + "</article></body></html>")
    error = only_error(page)
    assert error.code == "C113" and "has 60,00" in str(error) and "more than 50,000" in str(error)


def test_deeply_nested_json_is_one_bad_line(giants):
    error, doc = read(giants / "deep.jsonl")
    assert error.line == 1 and "nested too deeply" in str(error)
    assert doc.doc_id == "after"


def test_unclosed_markup_in_a_feed_body_is_read_in_linear_time(giants):
    [item] = read(giants / "lt.xml")
    # An unclosed <script> swallows the rest of the body, as in a browser.
    assert isinstance(item, Document) and "Iran" not in item.text


def test_a_big_malformed_feed_is_refused_instead_of_slowly_repaired(giants):
    error = only_error(giants / "junk.xml")
    assert error.code == "C120" and "must be well-formed" in str(error)


def test_a_file_name_with_a_line_break_still_gives_a_one_line_error(tmp_path):
    [error] = list(read_path(str(tmp_path / "evil\nname.txt"), settings=SETTINGS))
    assert isinstance(error, IngestError)
    assert "\n" not in str(error) and "evil name.txt: no such file" in str(error)


def test_file_size_limit_and_non_regular_files(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Russia criticized Britain. " * 50_000)
    error = only_error(big, load_settings(env={}, max_file_mb=1))
    assert error.code == "C105" and "larger than max_file_mb=1" in str(error)
    if Path("/dev/zero").exists():  # endless: must be refused, not read
        assert "not a regular file" in str(only_error("/dev/zero"))


def test_document_limit_is_a_setting(tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("Russia criticized Britain on Friday. " * 10)
    small = load_settings(env={}, max_doc_chars=100)
    assert "more than max_doc_chars=100" in str(only_error(text, small))
    assert isinstance(read(text)[0], Document)


def test_a_hostile_batch_still_yields_its_good_documents():
    names = ["empty.txt", "binary.txt", "billion_laughs.xml", "french.txt", "wrong_types.jsonl",
             "scripts.html", "cp1252.txt"]
    items = list(read_inputs([str(HOSTILE / n) for n in names], settings=SETTINGS))
    assert [i.doc_id for i in items if isinstance(i, Document)] == [
        "ok", "scripts.html", "cp1252.txt"]
    assert sum(isinstance(i, LanguageSkipped) for i in items) == 1
