"""Fixtures for the dashboard: the example set coded once per session, a live server."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from communique.store import EventStore

pytest.importorskip("fastapi")


@pytest.fixture(scope="session")
def example_db(core, tmp_path_factory) -> Path:
    """The bundled example set coded into a DuckDB file, as `communique demo` stores it."""
    db = tmp_path_factory.mktemp("serve") / "news.duckdb"
    examples = resources.files("communique.examples").joinpath("news.jsonl")
    with resources.as_file(examples) as path, EventStore(db) as store:
        results = list(core.code_paths([str(path)]))
        assert not [r.error for r in results if r.error is not None]
        store.write((r.document, r.events) for r in results)
    return db


@pytest.fixture(scope="session")
def app(example_db):
    """The dashboard app over the example store."""
    from communique.serve import create_app

    return create_app(example_db)


@pytest.fixture(scope="session")
def client(app):
    """A TestClient of the dashboard app."""
    # Starlette asks for httpx2 now; httpx still works and is what the test extra installs.
    warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient")
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_url(app) -> Iterator[str]:
    """The dashboard served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from communique.serve import listen

    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
