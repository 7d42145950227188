"""`communique serve`: a read-only web dashboard (FastAPI) over a DuckDB event store."""

from .app import DEFAULT_HOST, DEFAULT_PORT, create_app, listen, run

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "listen", "run"]
