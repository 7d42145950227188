"""Hostile actor files (tests/hostile/actors_*): one clear KnowledgeBaseError, or loaded right."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique import KnowledgeBaseError
from communique.actors import load_kb
from communique.actors.user import load_user_actors

HOSTILE = Path(__file__).parents[1] / "hostile"
pytestmark = pytest.mark.usefixtures("no_hang")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("name, code, message", [
    ("actors_alias_bomb.yaml", "C305", "entry 1: 'aliases' must be text, got a list"),
    ("actors_alias_bomb_top.yaml", "C304", "must hold a list of entries"),
    ("actors_wrong_types.yaml", "C305", "entry 1: 'name' must be text, got a list"),
    ("actors_code_map.yaml", "C305", "entry 1: 'code' must be text, got a dict"),
    ("actors_year0.yaml", "C304", "year 0 is out of range"),
    ("actors_end_before_start.yaml", "C305", "'end' 2019-01-01 is before 'start' 2020-01-01"),
    ("actors_python_tag.yaml", "C304", "could not determine a constructor"),
    ("actors_bad_code.csv", "C305", "code '<SCRIPT>' is not a CAMEO actor code"),
    ("actors_ragged.tsv", "C305", "entry 2: give a 'code' or a 'country'"),
    ("actors_bad_dates.actors.txt", "C306", ":1: bad date in [USAGOV 00000101-99999999]"),
    ("actors_empty_name.actors.txt", "C306", ":1: '___' names no actor"),
    ("actors_binary.actors.txt", "C302", "binary content, not text"),
])
def test_bad_actor_files_are_one_line_errors(kb, name, code, message):
    with pytest.raises(KnowledgeBaseError) as caught:
        load_user_actors(kb, HOSTILE / name)
    assert caught.value.code == code and message in str(caught.value)
    assert name in str(caught.value) and "\n" not in str(caught.value)


def test_utf16_and_bom_csv_files_load():
    fresh = load_kb([HOSTILE / "actors_utf16.csv", HOSTILE / "actors_bom.csv"])
    assert [e.name for e in fresh.lookup("Martí") if e.kind == "person"] == ["José Martí Jr"]
    assert [r.code for r in fresh.roles_of("Northern Alliance", date(2000, 1, 1))] == ["AFGREB"]


def test_zero_width_characters_in_names_are_cleaned_so_they_match_text():
    fresh = load_kb([HOSTILE / "actors_zero_width.yaml"])
    # "Choe\u200bSon Hui" is read as "Choe Son Hui", as a document's text would be.
    assert [e.name for e in fresh.lookup("Choe Son Hui") if e.kind == "person"] == ["Choe Son Hui"]
    assert fresh.lookup("Choe Son-hui")


def test_oversized_fields_and_files_are_refused(kb, tmp_path):
    long_name = tmp_path / "long.yaml"
    long_name.write_text(f"- name: {'A' * 50_000}\n  code: USA\n")
    with pytest.raises(KnowledgeBaseError, match="'name' is longer than 200 characters"):
        load_user_actors(kb, long_name)
    one_line = tmp_path / "line.csv"
    one_line.write_text("name,code\n" + "x" * 200_000 + ",USA\n")
    with pytest.raises(KnowledgeBaseError, match="line 2: field larger than field limit"):
        load_user_actors(kb, one_line)


_TMP = Path(tempfile.mkdtemp(prefix="communique-actors-fuzz-"))
FUZZ = settings(max_examples=50, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
FIELDS = st.sampled_from(["name", "aliases", "code", "country", "sector", "role", "start", "end"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.dates() | st.datetimes() | st.sampled_from(["USA", "SYRGOV", "2020-01-01", "a|b"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FIELDS, inner, max_size=4),
    max_leaves=12)


def load_or_error(kb, path: Path) -> None:
    try:
        load_user_actors(kb, path)
    except KnowledgeBaseError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("[C30")


@FUZZ
@given(st.lists(st.dictionaries(FIELDS, VALUES, max_size=6) | VALUES, max_size=4))
def test_any_yaml_structure_loads_or_is_one_error(kb, records):
    path = _TMP / "actors.yaml"
    path.write_text(yaml.safe_dump(records, allow_unicode=True))
    load_or_error(kb, path)


@FUZZ
@given(st.binary(max_size=1500) | st.text(max_size=400).map(
    lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from(["a.yaml", "a.csv", "a.tsv", "a.actors.txt"]))
def test_any_bytes_as_an_actor_file_load_or_are_one_error(kb, data, name):
    path = _TMP / name
    path.write_bytes(data)
    load_or_error(kb, path)


PETRARCH_PIECES = st.sampled_from([
    "JOHN_Q_PUBLIC_", "+J_Q_", "[USAGOV]", "[USAELI 19500101-20090119]", "[USA >20090120]",
    "[RUS <00000000]", "[SYR 99999999-00000000]", "___", "+", "#", " ", "\n", "[", "]",
    "\u200b", "\u202e", "ÉTAT_", "中国_",
])


@FUZZ
@given(st.lists(PETRARCH_PIECES | st.text(max_size=5), max_size=30).map("".join))
def test_any_petrarch_dictionary_loads_or_is_one_error(kb, content):
    path = _TMP / "fuzz.actors.txt"
    path.write_text(content, "utf-8", errors="surrogatepass")
    load_or_error(kb, path)
