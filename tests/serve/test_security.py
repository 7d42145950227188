"""The dashboard's guard rails as an attacker or a careless client meets them."""

from __future__ import annotations

import socket
import time
import warnings
from urllib.parse import quote, urlsplit

import duckdb
import pytest

from communique import analyse
from communique.analyse.common import fetch, records
from communique.errors import ServeError
from communique.serve import Limits, create_app, security
from communique.serve.security import TokenBucket, is_loopback, require_token_off_loopback

TOKEN = "s3cret-token-for-tests-0123456789"
PAYLOADS = ["' OR 1=1 --", '"; DROP TABLE events; --', "PRK' UNION SELECT * FROM documents --",
            "ＰＲＫ", "\u202eKRP", "日本語", "%00", "x" * 5000]
STRING_PARAMETERS = [("/api/summary", "actor"), ("/api/summary", "country"),
                     ("/api/events", "cameo_root"), ("/api/events", "plover"),
                     ("/api/countries", "since"), ("/api/dyads", "until"),
                     ("/api/trend", "a"), ("/api/trend", "b"), ("/api/trend", "period"),
                     ("/api/graph", "actor"), ("/api/events", "a")]


def _client(app, **kwargs):
    warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient")
    from fastapi.testclient import TestClient

    return TestClient(app, **kwargs)


@pytest.fixture(scope="module")
def guarded(example_db):
    """The dashboard with an access token and a tight rate limit for remote clients."""
    with _client(create_app(example_db, limits=Limits(token=TOKEN, rate=1, burst=3))) as client:
        yield client


def _fingerprint(db) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute("SELECT table_name FROM information_schema.tables "
                             "ORDER BY table_name").fetchall()
        return (tables, *con.execute("SELECT count(*), md5(string_agg(id, ',' ORDER BY id)) "
                                     "FROM events").fetchone(),
                con.execute("SELECT count(*) FROM documents").fetchone())


# -- security headers and CORS --------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/api/summary", "/static/app.js", "/vendor/d3.min.js",
                                  "/docs", "/openapi.json", "/api/nowhere",
                                  "/api/events?limit=0"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp and "*" not in csp  # no external origin
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_only_the_docs_page_may_run_its_inline_script(client):
    assert "'sha256-" in client.get("/docs").headers["content-security-policy"]
    assert "'sha256-" not in client.get("/").headers["content-security-policy"]
    assert "unsafe-eval" not in client.get("/docs").headers["content-security-policy"]


def test_cors_is_off(client):
    response = client.get("/api/summary", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert not any(k.lower().startswith("access-control-") for k in response.headers)
    preflight = client.options("/api/summary", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers


# -- read-only ------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/summary", "/api/events", "/api/events/x", "/",
                                  "/static/app.js", "/api/ingest"])
def test_write_methods_are_405(client, example_db, method, path):
    before = _fingerprint(example_db)
    response = client.request(method, path, json={"text": "Russia invaded Ukraine."})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert "read-only" in response.json()["detail"]
    assert _fingerprint(example_db) == before


def test_head_is_answered_without_a_body(live_url):
    import httpx

    response = httpx.head(live_url + "/api/summary", timeout=10)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["x-content-type-options"] == "nosniff"


# -- sizes ----------------------------------------------------------------------------------

def test_long_url_is_414(client):
    response = client.get("/api/events", params={"actor": "A" * 5000})
    assert response.status_code == 414 and "longer than 4096" in response.json()["detail"]


def test_huge_headers_are_431(client):
    headers = {f"x-padding-{i}": "p" * 1000 for i in range(20)}
    assert client.get("/api/summary", headers=headers).status_code == 431


def test_a_body_is_413(client):
    response = client.request("GET", "/api/summary", content=b"x" * 10)
    assert response.status_code == 413


# -- rate limit -----------------------------------------------------------------------------

def test_a_fast_remote_client_gets_429_then_recovers(example_db):
    app = create_app(example_db, limits=Limits(rate=2, burst=3))
    with _client(app, client=("203.0.113.7", 4000)) as remote:
        codes = [remote.get("/api/meta").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        refused = remote.get("/api/meta")
        assert int(refused.headers["retry-after"]) >= 1
        assert "slow down" in refused.json()["detail"]
        time.sleep(0.6)
        assert remote.get("/api/meta").status_code == 200
    # Loopback is not throttled: a local analyst's own dashboard and the load test.
    with _client(app, client=("127.0.0.1", 4000)) as local:
        assert {local.get("/api/meta").status_code for _ in range(10)} == {200}


def test_token_bucket_refills_at_its_rate():
    bucket = TokenBucket(rate=10, burst=2)
    assert bucket.take("a", now=0) == 0 and bucket.take("a", now=0) == 0
    assert bucket.take("a", now=0) == pytest.approx(0.1)
    assert bucket.take("b", now=0) == 0  # per client
    assert bucket.take("a", now=0.1) == 0


def test_token_bucket_forgets_old_clients():
    bucket = TokenBucket(rate=1, burst=1, clients=3)
    for i in range(10):
        bucket.take(f"10.0.0.{i}", now=0)
    assert len(bucket._buckets) == 3


# -- access token ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/summary", "/", "/static/app.js", "/openapi.json",
                                  "/vendor/d3.min.js", "/docs"])
def test_with_a_token_every_path_needs_it(example_db, path):
    app = create_app(example_db, limits=Limits(token=TOKEN))
    with _client(app) as client:
        refused = client.get(path)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        wrong = client.get(path, headers={"Authorization": "Bearer " + TOKEN[:-1] + "X"})
        assert wrong.status_code == 401
        assert client.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code \
            == 200


def test_token_in_the_address_bar_becomes_an_httponly_cookie(example_db):
    app = create_app(example_db, limits=Limits(token=TOKEN))
    with _client(app, follow_redirects=False) as client:
        opened = client.get("/", params={"token": TOKEN, "event": "abc"})
        assert opened.status_code == 303
        assert opened.headers["location"] == "/?event=abc"  # the token leaves the URL
        cookie = opened.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert client.get("/api/summary").json()["documents"] == 12  # the cookie is sent
        assert client.get("/", params={"token": "not-the-token"}).status_code == 401


def test_tokens_are_compared_in_constant_time(example_db, monkeypatch):
    seen = []
    real = security.hmac.compare_digest
    monkeypatch.setattr(security.hmac, "compare_digest",
                        lambda a, b: seen.append((a, b)) or real(a, b))
    app = create_app(example_db, limits=Limits(token=TOKEN))
    with _client(app) as client:
        client.get("/api/meta", headers={"Authorization": "Bearer guess"})
    assert (b"guess", TOKEN.encode()) in seen


@pytest.mark.parametrize("token", ["short", " " + TOKEN, "tab\tinside-a-long-token",
                                   "semicolon;breaks-the-cookie", "plus+becomes-a-space-in-urls"])
def test_weak_tokens_are_refused(token):
    with pytest.raises(ServeError, match="C605"):
        Limits(token=token)


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("dashboard.example", False)])
def test_only_loopback_binds_without_a_token(host, loopback):
    assert is_loopback(host) is loopback
    if loopback:
        require_token_off_loopback(host, None)
    else:
        with pytest.raises(ServeError, match="C604"):
            require_token_off_loopback(host, None)
        require_token_off_loopback(host, TOKEN)


# -- slow queries ---------------------------------------------------------------------------

def test_a_slow_query_is_stopped_with_503_and_the_server_goes_on(example_db, monkeypatch):
    def endless(store, **_):
        return fetch(store.con, "SELECT count(*) FROM range(10000000000000) t(x) "
                                "WHERE x % 7 = 3", [])

    monkeypatch.setattr(analyse, "relation_graph", endless)
    app = create_app(example_db, limits=Limits(query_timeout=0.5))
    with _client(app) as client:
        started = time.monotonic()
        response = client.get("/api/countries")
        assert time.monotonic() - started < 10
        assert response.status_code == 503
        assert "longer than 0.5 s" in response.json()["detail"]
        assert response.headers["retry-after"]
        assert client.get("/api/summary").json()["documents"] == 12


# -- SQL injection --------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "name"), STRING_PARAMETERS)
def test_injection_payloads_in_string_parameters_are_rejected(client, example_db, path, name):
    before = _fingerprint(example_db)
    extra = {"a": "USA", "b": "PRK"} if path == "/api/trend" or name == "a" else {}
    for payload in PAYLOADS:
        params = {**extra, name: payload}
        if name == "a" and path == "/api/events":
            params["b"] = "PRK"
        response = client.get(path, params=params)
        assert response.status_code in (414, 422), (name, payload, response.status_code)
    assert _fingerprint(example_db) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_as_an_event_id_find_nothing(client, example_db, payload):
    before = _fingerprint(example_db)
    response = client.get("/api/events/" + quote(payload, safe=""))
    assert response.status_code in (404, 414, 422)
    assert _fingerprint(example_db) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_analysis_layer_binds_payloads_as_values(example_db, payload):
    # Below the API's validation: the filters still reach DuckDB as parameters only.
    before = _fingerprint(example_db)
    assert records(example_db, actor=payload).num_rows == 0
    assert records(example_db, source=payload).num_rows == 0
    assert analyse.dyads(example_db, country=payload[:200]).num_rows == 0
    assert _fingerprint(example_db) == before


# -- path traversal -------------------------------------------------------------------------

TRAVERSALS = ["/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
              "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
              "/static/....//....//etc/passwd", "/static/..\\..\\etc\\passwd",
              "/vendor/..%2f..%2f..%2fetc%2fpasswd", "/vendor/%2e%2e%2fpackage.json",
              "/static/%252e%252e/%252e%252e/etc/passwd", "/static//etc/passwd",
              "/static/%00../../etc/passwd", "/../../etc/passwd",
              "/static/../serve/api.py", "/static/..%2fapi.py"]


def _raw_get(url: str, target: str) -> tuple[int, bytes]:
    """GET the target exactly as written: clients would normalise the dots away."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                     .encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_reaches_no_file_outside_the_static_folder(live_url, target):
    status, answer = _raw_get(live_url, target)
    assert status in (400, 404), (target, status)
    assert b"root:" not in answer and b"APIRouter" not in answer and b'"name"' not in answer
    assert _raw_get(live_url, "/static/app.js")[0] == 200
