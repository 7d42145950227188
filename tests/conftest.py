"""Shared fixtures: one Communique per test session (the spaCy model loads once)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from communique import Communique, load_settings

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def core() -> Communique:
    """A Communique with packaged defaults (no user config, no environment overrides)."""
    return Communique(load_settings(env={}))


@pytest.fixture(scope="session")
def code(core):
    """Code a text published on a date; returns the events as contract dicts."""
    def run(text: str, published: date | None = date(2019, 6, 23)) -> list[dict]:
        return [e.to_dict() for e in core.code_text(text, published=published)]
    return run


def triples(events: list[dict]) -> set[tuple[str, str, str]]:
    """(source code, cameo, target code) of each event, for compact assertions."""
    return {(e["source"]["code"], e["cameo"], e["target"]["code"]) for e in events}


@pytest.fixture
def fixtures() -> Path:
    """The folder of hand-written test inputs."""
    return FIXTURES


@pytest.fixture
def no_hang():
    """Fail a test that runs past 30 seconds instead of hanging the suite (Unix, main thread)."""
    import signal

    def expire(*_: object) -> None:
        raise TimeoutError("took more than 30 s: hostile input must not hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
