"""The dashboard's guard rails: access token, read-only methods, request size and rate limits,
query deadlines and security headers.

One ASGI middleware wraps the whole app so that every path (API, page, static and vendor
files, OpenAPI document) is covered, whatever route later code adds.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import inspect
import ipaddress
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import duckdb
from fastapi import HTTPException

from ..errors import ServeError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_ENV = "COMMUNIQUE_TOKEN"
TOKEN_COOKIE = "communique_token"
MIN_TOKEN_LENGTH = 16
READ_METHODS = frozenset({"GET", "HEAD"})

# Every script, style and font comes from the app itself (no CDN): the page works offline
# and an injected <script> cannot load code from elsewhere. The page sets style attributes
# (legend swatches, meters), hence style-src-attr.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
            "style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Limits:
    """What the app accepts and how fast; the defaults are those of `communique serve`."""

    token: str | None = None
    max_url: int = 4096            # path and query string, bytes (414 beyond)
    max_headers: int = 16384       # all request headers together, bytes (431 beyond)
    max_body: int = 0              # a read-only API takes no body (413 for any)
    rate: float = 0.0              # requests per second per client address; 0: no limit
    burst: int = 60                # requests a client may make at once before the rate applies
    limit_loopback: bool = False   # a local user is not throttled by their own dashboard
    query_timeout: float = 60.0    # seconds one request's queries may run (503 beyond); 0: none

    def __post_init__(self) -> None:
        """Check the token and the numbers."""
        if self.token is not None:
            check_token(self.token)
        if self.rate < 0 or self.burst < 1 or self.query_timeout < 0:
            raise ServeError(f"rate {self.rate} and query timeout {self.query_timeout} must be "
                             f">= 0 and burst {self.burst} >= 1", code="C605")


def check_token(token: str) -> str:
    """An access token long enough not to be guessed, or a ServeError."""
    # URL-unreserved characters only: the token travels unescaped in ?token= and a cookie.
    if len(token) < MIN_TOKEN_LENGTH or not re.fullmatch(r"[A-Za-z0-9._~-]+", token):
        raise ServeError(f"access token must be at least {MIN_TOKEN_LENGTH} characters, "
                         "letters, digits and . _ ~ - only (try: python -c 'import secrets; "
                         "print(secrets.token_urlsafe())')", code="C605")
    return token


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_token_off_loopback(host: str, token: str | None) -> None:
    """Refuse to bind beyond loopback without an access token (ServeError C604)."""
    if not is_loopback(host) and not token:
        raise ServeError(f"--host {host} exposes the dashboard beyond this machine; give an "
                         f"access token with --token or {TOKEN_ENV}", code="C604")


def docs_csp(swagger_html: str) -> str:
    """The CSP of the Swagger UI page: its one inline script allowed by hash, nothing else."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in re.findall(r"<script>(.*?)</script>", swagger_html, flags=re.S))
    # Swagger UI styles its widgets inline.
    return PAGE_CSP.replace("script-src 'self'", f"script-src 'self' {hashes}").replace(
        "style-src 'self'; style-src-attr 'unsafe-inline'", "style-src 'self' 'unsafe-inline'")


class TokenBucket:
    """Requests per client address: `burst` at once, then `rate` a second."""

    def __init__(self, rate: float, burst: int, clients: int = 10000) -> None:
        """Track at most `clients` addresses (the least recently seen are forgotten)."""
        self.rate, self.burst, self.clients = rate, burst, clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """0 when the client may go ahead, else the seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, then = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > self.clients:
                self._buckets.popitem(last=False)
        return wait


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    for part in (raw or b"").decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _same(given: str | None, token: str) -> bool:
    # compare_digest takes time independent of where the strings differ.
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


class Guard:
    """ASGI middleware: methods, sizes, token, rate, then security headers on every answer."""

    def __init__(self, app: ASGIApp, limits: Limits, csp: dict[str, str] | None = None) -> None:
        """Wrap app; csp maps a path to its own Content-Security-Policy (default PAGE_CSP)."""
        self.app, self.limits = app, limits
        self.csp = csp or {}
        self.bucket = TokenBucket(limits.rate, limits.burst) if limits.rate > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a refused request here; pass the others on with headers added."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._headers(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", ())}
                message["headers"] = [*message.get("headers", ()),
                                      *((k, v) for k, v in extra if k not in names)]
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            status, detail, headers = refusal
            await _answer(send_with_headers, status, {"detail": detail}, headers)
            return
        if scope["method"] == "HEAD":
            # Routes answer GET; the server leaves out the body of a HEAD answer.
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send_with_headers)

    def _headers(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        csp = self.csp.get(scope.get("path", ""), PAGE_CSP)
        return [(b"content-security-policy", csp.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"x-frame-options", b"DENY"),
                (b"referrer-policy", b"no-referrer"),
                (b"cross-origin-opener-policy", b"same-origin"),
                (b"cross-origin-resource-policy", b"same-origin")]

    def _refusal(self, scope: Scope) -> tuple[int, str, dict[str, str]] | None:
        """(status, message, headers) when the request is refused, else None."""
        limits = self.limits
        if scope["method"] not in READ_METHODS:
            return 405, f"method {scope['method']} not allowed: the API is read-only", {
                "allow": "GET, HEAD"}
        url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
        if url > limits.max_url:
            return 414, f"URL of {url} bytes is longer than {limits.max_url}", {}
        headers = sum(len(k) + len(v) for k, v in scope.get("headers", ()))
        if headers > limits.max_headers:
            return 431, f"request headers of {headers} bytes exceed {limits.max_headers}", {}
        length = _header(scope, b"content-length")
        chunked = b"chunked" in (_header(scope, b"transfer-encoding") or b"").lower()
        if chunked or (length is not None and (not length.isdigit()
                                               or int(length) > limits.max_body)):
            return 413, f"request body larger than {limits.max_body} bytes", {}
        if self.bucket is not None:
            client = (scope.get("client") or ("unknown", 0))[0]
            if limits.limit_loopback or not is_loopback(client):
                wait = self.bucket.take(client)
                if wait > 0:
                    return 429, f"more than {limits.rate:g} requests a second from {client}; " \
                                "slow down", {"retry-after": str(max(1, round(wait + 0.5)))}
        if limits.token is not None:
            return self._auth(scope, limits.token)
        return None

    def _auth(self, scope: Scope, token: str) -> tuple[int, str, dict[str, str]] | None:
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == "token"]
        if given:
            if not _same(given[0], token):
                return 401, "wrong access token", {"www-authenticate": "Bearer"}
            # A browser opens ?token= once: the token moves to an HttpOnly cookie and out of
            # the address bar, history and Referer headers.
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
            return 303, "token accepted", {
                "location": path + (f"?{rest}" if rest else ""),
                "set-cookie": f"{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"}
        bearer = (_header(scope, b"authorization") or b"").decode("latin-1")
        scheme, _, value = bearer.partition(" ")
        if scheme.lower() == "bearer" and _same(value.strip(), token):
            return None
        if _same(_cookie(scope, TOKEN_COOKIE), token):
            return None
        return 401, "access token required: send 'Authorization: Bearer TOKEN' (or open the " \
                    "page once as /?token=TOKEN)", {"www-authenticate": "Bearer"}


async def _answer(send: Send, status: int, body: dict[str, Any],
                  headers: dict[str, str]) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(data)).encode()),
                            *((k.encode(), v.encode()) for k, v in headers.items())]})
    await send({"type": "http.response.body", "body": data})


class QueryTimeout(HTTPException):
    """A request's queries ran past the app's deadline (503)."""


def with_deadline(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Interrupt the endpoint's DuckDB queries once the app's query timeout has passed.

    The endpoint must take `store`, the request's own cursor (with the app's `timeout`):
    interrupting it stops only this request's query.
    """
    @functools.wraps(endpoint)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        seconds = getattr(kwargs["store"], "timeout", 0)
        if not seconds:
            return endpoint(*args, **kwargs)
        fired = threading.Event()

        def interrupt() -> None:
            fired.set()
            kwargs["store"].con.interrupt()

        timer = threading.Timer(seconds, interrupt)
        timer.start()
        try:
            return endpoint(*args, **kwargs)
        except (KeyboardInterrupt, duckdb.InterruptException):
            # The store layer may report an interrupted query as KeyboardInterrupt (Ctrl-C);
            # here only our timer interrupts, and a server must not stop for it.
            if not fired.is_set():
                raise
            raise QueryTimeout(503, f"the query took longer than {seconds:g} s and was "
                               "stopped; narrow the filters (dates, actor, country)",
                               headers={"retry-after": "10"}) from None
        finally:
            timer.cancel()
    # FastAPI reads the parameters from the signature; resolve the endpoint's string
    # annotations in its own module, not in this one.
    guarded.__signature__ = inspect.signature(endpoint, eval_str=True)  # type: ignore[attr-defined]
    return guarded
