"""A small hand-made store: known events written through the real EventStore.write."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from communique.events.codebook import load_codebook
from communique.models import Document, Event
from communique.store import EventStore

# (doc, url, published, source code, target code, cameo, day, sentence index)
# Two outlets report the same USA->CHN meeting (042/043) on 3 and 4 March: one event.
# A USA->CHN meeting on 10 March is a second event (6 days later). CHN->USA threat (138)
# on 5 March; RUS->UKR assault on 12 April; an undated PRK->KOR statement in two documents.
ROWS = [
    ("a1", "https://www.reuters.example/a1", date(2024, 3, 3), "USAGOV", "CHNGOV", "042",
     date(2024, 3, 3), 0),
    ("a1", "https://www.reuters.example/a1", date(2024, 3, 3), "USAGOV", "CHNGOV", "043",
     date(2024, 3, 3), 2),
    ("a2", "https://apnews.example/story", date(2024, 3, 4), "USAGOV", "CHNGOV", "042",
     date(2024, 3, 4), 1),
    ("a3", None, date(2024, 3, 10), "USAGOV", "CHNGOV", "040", date(2024, 3, 10), 0),
    ("a3", None, date(2024, 3, 10), "CHNGOV", "USAGOV", "138", date(2024, 3, 5), 3),
    ("a4", "https://apnews.example/ru", date(2024, 4, 12), "RUSMIL", "UKR", "190",
     date(2024, 4, 12), 0),
    ("a5", None, None, "PRK", "KOR", "010", None, 0),
    ("a6", None, None, "PRK", "KOR", "010", None, 1),
]


def make_event(n: int, doc: str, src: str, tgt: str, cameo: str, day: date | None,
               sentence: int) -> Event:
    """An Event with codebook values for its CAMEO code and actors' country and sector."""
    entry = load_codebook()[cameo]

    def side(code: str) -> dict:
        return {"text": code, "code": code, "country": code[:3], "sector": code[3:] or None,
                "name": code, "span": [0, 3]}

    return Event(id=f"{doc}-{n}", doc_id=doc, date=day.isoformat() if day else None,
                 date_precision="day" if day else None, date_basis="published",
                 source=side(src), target=side(tgt), cameo=cameo, cameo_name=entry.name,
                 quad_class=entry.quad_class, goldstein=entry.goldstein, plover=entry.plover,
                 plover_mode=entry.plover_mode, location={"name": "Beijing", "country": "CHN",
                                                          "lat": 39.9, "lon": 116.4,
                                                          "feature": "city"}
                 if cameo.startswith("04") else None,
                 sentence=f"{src} {cameo} {tgt}.", sentence_index=sentence,
                 char_span=[10 * sentence, 10 * sentence + 9], negated=False, confidence=0.9,
                 evidence="test", verb={"text": "met", "lemma": "meet", "span": [4, 7]},
                 plover_context=entry.plover_context)


def build(path: str | Path, rows: list[tuple] = ROWS) -> EventStore:
    """Write rows (see ROWS) into a store at path; returns the open store."""
    docs: dict[str, tuple[Document, list[Event]]] = {}
    for n, (doc, url, published, src, tgt, cameo, day, sentence) in enumerate(rows):
        if doc not in docs:
            docs[doc] = (Document(doc_id=doc, text=f"text of {doc}", source_path=f"feed/{doc}.txt",
                                  published=published, url=url), [])
        docs[doc][1].append(make_event(n, doc, src, tgt, cameo, day, sentence))
    store = EventStore(path)
    store.write(docs.values())
    return store


@pytest.fixture
def store(tmp_path) -> EventStore:
    """The hand-made store, open for writing (analyses read through its connection)."""
    with build(tmp_path / "events.duckdb") as opened:
        yield opened


@pytest.fixture
def db_path(tmp_path) -> Path:
    """The hand-made store as a closed database file (analyses open it read-only)."""
    path = tmp_path / "closed.duckdb"
    build(path).close()
    return path
