"""Load test of `communique serve`: many concurrent clients on a mix of API endpoints.

Codes the bundled example set into a DuckDB file (as the tests do), starts `communique serve`
on a free loopback port as a user would (a subprocess, with an access token so that every
request passes the token check), then holds N concurrent clients (asyncio + httpx, one
connection each) for a fixed time. Each client loops over a mix of endpoints with varied
filters: cached aggregates, uncached event pages and single events. Reports requests/s,
errors (any status other than 200, or a transport error; must be 0) and latency
p50/p90/p99/max. Loopback only; nothing is timed as a unit test.

    python bench/load.py [--clients 100] [--seconds 60] [--db FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import httpx

from communique import Communique
from communique.store import EventStore


def example_db(path: Path) -> Path:
    """The bundled example set coded into a DuckDB file, as `communique demo` stores it."""
    core = Communique()
    examples = resources.files("communique.examples").joinpath("news.jsonl")
    with resources.as_file(examples) as source, EventStore(path) as store:
        results = list(core.code_paths([str(source)]))
        store.write((r.document, r.events) for r in results)
    return path


def start_server(db: Path, token: str) -> tuple[subprocess.Popen, str]:
    """`communique serve` on a free loopback port; its base URL once it answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    env["COMMUNIQUE_TOKEN"] = token
    process = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", str(db),
                                "--host", "127.0.0.1", "--port", "0"],
                               stderr=subprocess.PIPE, text=True, env=env)
    banner = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
    if not found:
        process.terminate()
        raise SystemExit(f"communique serve did not start: {banner.strip()}")
    url = f"http://127.0.0.1:{found.group(1)}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url + "/api/meta", headers={"Authorization": f"Bearer {token}"},
                      timeout=5).raise_for_status()
            return process, url
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                raise SystemExit("communique serve did not answer") from None
            time.sleep(0.2)


def request_mix(event_ids: list[str], rng: random.Random) -> str:
    """One request of the mix: what the dashboard asks for, with varied filters."""
    since = f"{rng.choice(range(2015, 2024))}-01-01"
    choices = [
        "/api/summary", f"/api/summary?since={since}", "/api/meta", "/api/countries",
        f"/api/countries?quad_class={rng.randint(1, 4)}", "/api/dyads?limit=20",
        "/api/trend?a=USA&b=PRK&period=month", f"/api/trend?a=USA&b=SYR&since={since}",
        "/api/graph", f"/api/events?offset={rng.randint(0, 40)}&limit=20",
        f"/api/events?actor=USA&since={since}", "/api/events?a=USA&b=PRK",
        f"/api/events/{rng.choice(event_ids)}", f"/api/events/{rng.choice(event_ids)}",
    ]
    return rng.choice(choices)


async def client_loop(client: httpx.AsyncClient, until: float, event_ids: list[str],
                      seed: int, latencies: list[float], errors: Counter) -> None:
    """Requests back to back until the deadline, recording latency and failures."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        path = request_mix(event_ids, rng)
        start = time.perf_counter()
        try:
            response = await client.get(path)
            if response.status_code != 200:
                errors[f"{response.status_code} {path.split('?')[0]}"] += 1
        except httpx.HTTPError as exc:
            errors[type(exc).__name__] += 1
        latencies.append(time.perf_counter() - start)


async def load(url: str, token: str, clients: int, seconds: float) -> dict[str, float]:
    """Hold `clients` concurrent clients on the server for `seconds`; the figures."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30,
                                 limits=httpx.Limits(max_connections=clients)) as client:
        page = (await client.get("/api/events?limit=500")).json()
        event_ids = [e["id"] for e in page["items"]]
        latencies: list[float] = []
        errors: Counter = Counter()
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(client_loop(client, until, event_ids, seed, latencies, errors)
                               for seed in range(clients)))
        elapsed = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {"requests": len(ordered), "seconds": elapsed, "rps": len(ordered) / elapsed,
            "errors": sum(errors.values()), "error_kinds": dict(errors),
            "p50": pct(50), "p90": pct(90), "p99": pct(99), "max": ordered[-1] * 1000,
            "mean": statistics.fmean(ordered) * 1000}


def machine() -> str:
    """CPU model, cores and load: what the figures depend on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{model}, {os.cpu_count()} cores, load average {load_avg:.1f} at the start, "
            f"Python {platform.python_version()}, {platform.system()}")


def main() -> None:
    """Build the store, serve it, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", type=Path, help="an existing store (default: the example set)")
    args = parser.parse_args()
    where = machine()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or example_db(Path(tmp) / "news.duckdb")
        token = secrets.token_urlsafe()
        process, url = start_server(db, token)
        try:
            figures = asyncio.run(load(url, token, args.clients, args.seconds))
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"machine: {where}")
    print(f"{args.clients} clients for {figures['seconds']:.0f} s: {figures['requests']} "
          f"requests, {figures['rps']:.0f} requests/s, {figures['errors']} errors "
          f"{figures['error_kinds'] or ''}")
    print(f"latency ms: p50 {figures['p50']:.1f}, p90 {figures['p90']:.1f}, "
          f"p99 {figures['p99']:.1f}, max {figures['max']:.1f} (mean {figures['mean']:.1f})")
    if figures["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
