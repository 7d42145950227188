"""The actor knowledge base: packaged tables, users' files, PETRARCH dictionaries, variants."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from communique import Communique, KnowledgeBaseError, load_settings
from communique.actors import load_kb
from communique.actors.resolve import fuzzy_person
from communique.actors.user import load_user_actors

ACTORS = Path(__file__).parents[1] / "fixtures" / "actors"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_packaged_tables_cover_states_sectors_and_people(kb):
    assert len(kb.country_names) >= 200
    assert {"SUN", "XKX", "PSE", "TWN"} <= set(kb.country_names)
    sectors = [e for entries in kb.entries.values() for e in entries if e.kind == "sector"]
    assert len(sectors) >= 300
    assert len(kb.roles) >= 80


def test_user_yaml_adds_people_and_overrides_packaged_entries(core):
    custom = Communique(load_settings(env={}, actors=str(ACTORS / "analyst.yaml")))
    events = custom.code_text("Choe Son Hui criticized Washington. Muallem criticized Israel.",
                              published=date(2023, 1, 10))
    sources = [(e.source["code"], e.source["name"]) for e in events]
    assert ("PRKGOV", "Choe Son Hui") in sources
    # The packaged table makes Muallem SYRGOV; the user's file says SYRMIL, and wins.
    custom_muallem = [e for e in custom.code_text("Muallem criticized Israel.",
                                                  published=date(2019, 6, 23))]
    packaged = core.code_text("Muallem criticized Israel.", published=date(2019, 6, 23))
    assert custom_muallem[0].source["code"] == "SYRMIL"
    assert packaged[0].source["code"] == "SYRGOV"


def test_user_csv_entries(kb):
    fresh = load_kb([ACTORS / "analyst.csv"])
    [entry] = [e for e in fresh.lookup("United Front") if e.kind == "person"]
    assert entry.name == "Northern Alliance"
    [role] = fresh.roles_of("Northern Alliance", date(2000, 1, 1))
    assert (role.country, role.sector) == ("AFG", "REB")


def test_petrarch_dictionary_with_date_restrictions():
    kb = load_kb([ACTORS / "sample.actors.txt"])
    assert [r.code for r in kb.roles_of("John Q Public", date(2009, 1, 19))] == []
    assert [r.code for r in kb.roles_of("John Q Public", date(2009, 1, 18))] == ["USAELI"]
    assert [r.code for r in kb.roles_of("John Q Public", date(2009, 1, 20))] == ["USAGOV"]
    assert [r.code for r in kb.roles_of("John Q Public", date(1950, 1, 1))] == ["USAELI"]
    assert kb.lookup("J Q Public") and kb.lookup("Atlantean")
    assert [r.code for r in kb.roles_of("Atlantis", date(2020, 1, 1))] == ["ATL"]


@pytest.mark.parametrize("content, suffix, message", [
    ("- aliases: [x]\n", ".yaml", "needs a 'name'"),
    ("- name: X\n", ".yaml", "give a 'code' or a 'country'"),
    ("- name: X\n  code: USA\n  start: soon\n", ".yaml", "not a YYYY-MM-DD date"),
    ("name: [unclosed\n", ".yaml", "not valid YAML"),
    ("+SYNONYM_\n", ".txt", "synonym before any actor"),
    ("{}", ".json", "use .yaml, .csv"),
])
def test_bad_user_files_are_clear_errors(tmp_path, content, suffix, message):
    path = tmp_path / f"mine{suffix}"
    path.write_text(content)
    with pytest.raises(KnowledgeBaseError, match=message):
        load_user_actors(load_kb(), path)


def test_spelling_variants_match_known_people(kb):
    assert fuzzy_person(kb, "Walid al-Moallem") is not None
    assert kb.entries[fuzzy_person(kb, "Sergey Lavrov")][0].name == "Sergei Lavrov"
    assert fuzzy_person(kb, "Moallem") is not None
    assert fuzzy_person(kb, "John Smith") is None
    assert fuzzy_person(kb, "Bob") is None


def test_a_surname_refers_back_to_the_full_name_in_the_document(code):
    events = code("Foreign Minister Sergei Lavrov landed in Ankara on Tuesday. "
                  "Lavrov praised Turkey.")
    praise = [e for e in events if e["cameo"] == "051"]
    assert praise and praise[0]["source"]["name"] == "Sergei Lavrov"
