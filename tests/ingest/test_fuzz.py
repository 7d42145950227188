"""Property tests: whatever bytes or text a reader is given, it yields documents or one-line
errors, never an exception, and every document is clean text. No spaCy here: readers only."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from communique import IngestError, load_settings
from communique.ingest import (
    FORMATS,
    clean_text,
    decode_bytes,
    detect_language,
    feeds,
    html,
    jsonl,
    parse_published,
    read_path,
    text,
)
from communique.models import Document

SETTINGS = load_settings(env={})
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.usefixtures("no_hang")

_LEFT_OUT = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff\u00ad")


def check(items) -> list[Document | IngestError]:
    """Every item is a clean document or a one-line error."""
    items = list(items)
    for item in items:
        if isinstance(item, IngestError):
            assert "\n" not in str(item) and str(item).startswith("[C1")
            continue
        assert isinstance(item, Document), item
        assert item.text.strip()
        item.text.encode("utf-8")
        for value in (item.doc_id, item.title, item.url, item.author):
            if value is not None:
                value.encode("utf-8")
                assert "\n" not in value
        assert not _LEFT_OUT & set(item.text)
        assert all(ch in "\t\n\r" or unicodedata.category(ch) != "Cc" for ch in item.text)
    return items


# Text with the characters hostile input is made of: controls, invisibles, surrogates, RTL.
HOSTILE_CHARS = st.characters(codec=None, categories=None) | st.sampled_from(
    list("\x00\x07\x0b\x0c\x1b\x7f\x85\u2028\u2029\u200b\u200d\u202e\ufeff\u00ad<>&;\"'\n")
    + ["\ud800", "\udfff", "North\u200bKorea", "محمود", "中国", "Россия"])
HOSTILE_TEXT = st.lists(HOSTILE_CHARS | st.sampled_from(
    ["Russia criticized Britain. ", "Germany condemned Russia on Friday. "]),
    max_size=60).map("".join)


@FUZZ
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_one_clear_error(data):
    try:
        decoded = decode_bytes(data, "input.bin")
    except IngestError as exc:
        assert exc.code in {"C102", "C103"} and "\n" not in str(exc)
    else:
        assert decoded.strip()


@FUZZ
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=300)
       .map(str.encode),
       st.integers(min_value=0, max_value=3))
def test_utf8_text_truncated_anywhere_keeps_what_precedes_the_cut(data, cut):
    if not data.strip():
        return
    truncated = data[:len(data) - cut] if cut < len(data) else data
    try:
        decoded = decode_bytes(truncated, "cut.txt")
    except IngestError:
        return  # e.g. whitespace only after the cut, or mostly control characters
    complete = truncated.decode("utf-8", errors="ignore")
    assert decoded.lstrip("\ufeff") == complete.lstrip("\ufeff")


@FUZZ
@given(HOSTILE_TEXT)
def test_cleaning_is_idempotent_and_leaves_no_invisible_or_control_characters(raw):
    cleaned = clean_text(raw)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")
    assert not _LEFT_OUT & set(cleaned)
    assert all(ch in "\t\n\r" or unicodedata.category(ch) != "Cc" for ch in cleaned)


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
       | st.text(max_size=40) | st.from_regex(r"-?\d{1,6}-\d{1,3}-\d{1,3}", fullmatch=True))
def test_publication_dates_parse_in_range_or_raise_value_error(value):
    try:
        parsed = parse_published(value)
    except ValueError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(parsed, date) and 2 <= parsed.year <= 9998


@FUZZ
@given(HOSTILE_TEXT)
def test_text_reader(content):
    check(text.read("t.txt", content, published=None, max_chars=10_000))


HTML_PIECES = st.sampled_from([
    "<html>", "<body>", "<article>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>",
    "<style>", "<iframe>", "<template>", "<svg>", "<!--", "-->", "<![CDATA[", "]]>",
    "<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>", "&x;", "&amp;", "&#0;",
    "&#xD800;", "<meta name='date' content='0000-00-00'>", "<title>", "</title>", "<br/>",
    "Germany condemned Russia on Friday after the talks. ", "<p>Russia criticized Britain.</p>",
])


@FUZZ
@given(st.lists(HTML_PIECES | HOSTILE_CHARS, max_size=40).map("".join))
def test_html_reader(content):
    check(html.read("p.html", content, published=None, max_chars=10_000))


FEED_BODY = st.lists(HTML_PIECES | HOSTILE_CHARS | st.sampled_from(
    ["</description>", "<item>", "</item>", "<pubDate>Sat, 01 Jan 0000 00:00:00 GMT</pubDate>",
     "<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate>", "<guid>", "</guid>", "&lt;script&gt;"]),
    max_size=30).map("".join)


@FUZZ
@given(FEED_BODY, st.booleans())
@example("&#xD800;", False)  # crashed feedparser's fallback parser
@example("&#0;&#1114112;&#55296;<p>Russia criticized Britain.</p>", True)
def test_feed_reader(body, atom):
    if atom:
        content = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
                   f"<title>t</title><summary>{body}</summary></entry></feed>")
    else:
        content = ('<?xml version="1.0"?><rss version="2.0"><channel><item><description>'
                   f"{body}</description></item></channel></rss>")
    check(feeds.read("f.xml", content, published=None, max_chars=10_000))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "text", "date", "title", "url", "source", "target", "x"]),
        inner, max_size=5), max_leaves=10)


@FUZZ
@given(st.lists(JSON_VALUES.map(lambda v: json.dumps(v, ensure_ascii=False))
                | HOSTILE_TEXT, max_size=6))
def test_jsonl_reader(lines):
    items = check(jsonl.read("c.jsonl", "\n".join(lines), published=None, max_chars=10_000))
    for item in items:
        if isinstance(item, IngestError):
            assert item.line is not None


_TMP = Path(tempfile.mkdtemp(prefix="communique-fuzz-"))


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from([*FORMATS, None]))
def test_any_file_through_read_path(data, fmt):
    path = _TMP / "input.bin"
    path.write_bytes(data)
    check(read_path(str(path), settings=SETTINGS, fmt=fmt))


@FUZZ
@given(HOSTILE_TEXT)
def test_language_detection_never_fails(content):
    found = detect_language(content)
    assert found is None or (len(found) == 2 and found.islower())
