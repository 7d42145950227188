"""`communique serve` as a user runs it: a real subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx

from communique.serve.assets import default_modules_dir


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True,
                          text=True, env=_env(), timeout=120)


def test_missing_assets_are_one_line_with_the_install_command(example_db, tmp_path):
    done = run("serve", "--db", str(example_db), "--assets", str(tmp_path))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: [C602]")
    assert "npm ci --prefix web" in lines[0]


def test_missing_database_is_one_line(tmp_path):
    done = run("serve", "--db", str(tmp_path / "absent.duckdb"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: [C502] database '{tmp_path / 'absent.duckdb'}' does not exist; run "
        "'communique ingest' first"]


def test_busy_port_is_one_line(example_db):
    from communique.serve import listen

    with listen("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        taken.listen()
        done = run("serve", "--db", str(example_db), "--port", str(port))
    assert done.returncode == 1
    assert re.fullmatch(r"Error: \[C603\] cannot listen on 127\.0\.0\.1:\d+: .+",
                        done.stderr.strip())


def test_serve_answers_on_loopback_until_stopped(example_db):
    assert default_modules_dir().is_dir(), "run: npm ci --prefix web"
    process = subprocess.Popen(
        [sys.executable, "-m", "communique", "serve", "--db", str(example_db), "--port", "0",
         "--no-dedup"],
        stderr=subprocess.PIPE, text=True, env=_env())
    try:
        banner = process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        assert found, banner
        url = f"http://127.0.0.1:{found.group(1)}"
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(url + "/api/summary", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["documents"] == 12
        assert httpx.get(url + "/api/meta", timeout=5).json()["dedup"] is False
        assert "read-only" in banner
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_binding_beyond_loopback_without_a_token_is_one_line(example_db):
    done = run("serve", "--db", str(example_db), "--host", "0.0.0.0", "--port", "0")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: [C604] --host 0.0.0.0 exposes the dashboard beyond this machine; give an "
        "access token with --token or COMMUNIQUE_TOKEN"]


def test_a_short_token_is_refused(example_db):
    done = run("serve", "--db", str(example_db), "--token", "hunter2")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Error: [C605] access token must be at least 16")


def test_token_from_the_environment_guards_the_api(example_db):
    token = "env-token-0123456789abcdef"
    process = subprocess.Popen(
        [sys.executable, "-m", "communique", "serve", "--db", str(example_db), "--port", "0",
         "--no-dedup"],
        stderr=subprocess.PIPE, text=True, env={**_env(), "COMMUNIQUE_TOKEN": token})
    try:
        banner = process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        assert found and "token required" in banner, banner
        url = f"http://127.0.0.1:{found.group(1)}/api/summary"
        deadline = time.monotonic() + 30
        while True:
            try:
                refused = httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        assert refused.status_code == 401
        allowed = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert allowed.json()["documents"] == 12
    finally:
        process.terminate()
        process.wait(timeout=20)
