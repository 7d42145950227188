"""Front-end packages the dashboard serves: pinned in web/package.json, installed by npm.

Nothing is fetched from the network at run time; the browser gets these files from the app.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ServeError

INSTALL_COMMAND = "npm ci --prefix web"
# URL name under /vendor -> file inside node_modules. Only these files are served.
VENDOR_FILES = {
    "d3.min.js": "d3/dist/d3.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "iso-codes.json": "i18n-iso-countries/codes.json",
    # /docs: FastAPI's Swagger UI would load these from a CDN.
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
STATIC_DIR = Path(__file__).parent / "static"


def default_modules_dir() -> Path:
    """web/node_modules of the source tree this package runs from."""
    return Path(__file__).resolve().parents[3] / "web" / "node_modules"


def vendor_files(modules_dir: str | Path | None = None) -> dict[str, Path]:
    """The vendor files by URL name; a missing one is a ServeError that says how to install."""
    root = Path(modules_dir) if modules_dir is not None else default_modules_dir()
    found: dict[str, Path] = {}
    for name, relative in VENDOR_FILES.items():
        path = root / relative
        if not path.is_file():
            raise ServeError(f"dashboard assets missing: {path} not found; install them with "
                             f"'{INSTALL_COMMAND}' in the communique source tree (or pass "
                             "--assets DIR pointing at a node_modules folder)", code="C602")
        found[name] = path
    return found
