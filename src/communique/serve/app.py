"""The dashboard application: the JSON API, the page and its pinned front-end files."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ..errors import ConfigError, ServeError
from ..store import EventStore
from .api import AnswerCache, router
from .assets import STATIC_DIR, vendor_files
from .security import Guard, Limits, docs_csp

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def create_app(db_path: str | Path, *, modules_dir: str | Path | None = None,
               dedup: bool = True, limits: Limits | None = None) -> FastAPI:
    """The dashboard over a DuckDB event store, opened read-only for the app's lifetime.

    dedup=False counts every record as an event in the map, graph and timelines (the
    analysis layer then skips its deduplication window: much faster on large stores).
    limits: access token, request size and rate limits, query timeout (`Limits()` when None:
    no token, no rate limit).

    Fails with a ServeError when the front-end packages are not installed and a StoreError
    when the database cannot be opened, before any request is served.
    """
    limits = limits or Limits()
    vendor = vendor_files(modules_dir)
    store = EventStore(db_path, read_only=True)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="communique dashboard",
                  description="Read-only API over a communique event store: counts, country "
                              "volumes, dyads, time series, relation graph and events with "
                              "their sentences and evidence.",
                  version="1", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.cache = AnswerCache()
    app.state.dedup = dedup
    app.state.limits = limits
    app.include_router(router)

    @app.exception_handler(ConfigError)
    async def bad_parameter(_: Request, exc: ConfigError) -> JSONResponse:
        # The analysis layer checks combinations pydantic cannot (since after until); the
        # answer keeps the documented shape of a 422.
        return JSONResponse({"detail": [{"loc": ["query"], "msg": str(exc),
                                         "type": "value_error"}]}, status_code=422)

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor_file(name: str) -> FileResponse:
        if name not in vendor:
            raise HTTPException(404, f"no vendor file {name!r}")
        return FileResponse(vendor[name])

    swagger = get_swagger_ui_html(openapi_url="/openapi.json", title="communique API",
                                  swagger_js_url="/vendor/swagger-ui-bundle.js",
                                  swagger_css_url="/vendor/swagger-ui.css",
                                  swagger_favicon_url="data:,")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return swagger

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Outermost, so that refusals and error pages carry the security headers too.
    app.add_middleware(Guard, limits=limits,
                       csp={"/docs": docs_csp(bytes(swagger.body).decode())})
    return app


def listen(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A socket bound to host:port; a busy or bad address is a one-line ServeError."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ServeError(f"cannot listen on {host}:{port}: {reason}", code="C603") from None
    return sock


def run(app: FastAPI, sock: socket.socket) -> None:
    """Serve the app with uvicorn on a bound socket until interrupted."""
    import uvicorn

    # limit_concurrency: past it uvicorn answers 503 rather than queueing without bound.
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", server_header=False,
                                           limit_concurrency=1000))
    server.run(sockets=[sock])
