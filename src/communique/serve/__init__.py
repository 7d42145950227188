"""`communique serve`: a read-only web dashboard (FastAPI) over a DuckDB event store."""

from .app import DEFAULT_HOST, DEFAULT_PORT, create_app, listen, run
from .security import Limits

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Limits", "create_app", "listen", "run"]
