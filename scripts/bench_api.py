"""Load test of the served API: `leeraanbod serve` (gunicorn workers or waitress) under load.

Starts the server as a subprocess on a free port over an existing data directory (a store and
an index built by `leeraanbod demo --no-serve`, or by `scripts/bench_ingest.py`), waits for
/api/v1/health, then loads it once per scenario and prints throughput and p50/p95/p99:

- closed loop (default): wrk with ``--connections`` connections, each sending its next request
  when the last one is answered (latency = connections / throughput, Little's law);
- open loop (``--rate R``): vegeta sends R requests per second whatever the answers take, as
  independent users do; the latency is then the service time plus queueing at that rate.

    .venv/bin/python scripts/bench_api.py --data-dir var/scale-100000 --workers 2
    .venv/bin/python scripts/bench_api.py --data-dir var/scale-100000 --workers 2 --rate 300
    .venv/bin/python scripts/bench_api.py --data-dir var/scale-100000 --in-process  # CPU/request

Needs Debian's wrk (`apt-get install wrk`) and, for ``--rate``, vegeta built from the Go module
proxy into ``.bin/`` (gitignored):
``GOBIN=$PWD/.bin go install github.com/tsenart/vegeta/v12@v12.13.0``.
Rate limiting is lifted for the run. Prints the serving processes' memory when healthy (after
one request of each scenario) and after the load: RSS summed over the master and its workers,
and PSS (``/proc/<pid>/smaps_rollup``: shared pages divided among the processes sharing them,
so the sum is what the server really occupies), with the load average before and after.
``--workers`` is passed to ``serve --workers``; without it the server picks its default
(set ``PYTHONPATH`` to another checkout to measure that code: the server is started with it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = {
    "search q=lassen": "/api/v1/search?q=lassen",
    "search filters+facets": "/api/v1/search?q=opleiding&delivery_modes=classroom&page_size=20",
    "search postcode+radius": "/api/v1/search?postcode=9000&radius_km=25&sort=distance",
    "search browse page 3": "/api/v1/search?page=3&page_size=10",
    "suggest": "/api/v1/suggest?q=las",
    "search page (HTML)": "/?q=lassen",
    "mixed: 200 different searches": "MIXED",
}
MIXED_COUNT = 200


def mixed_paths(count: int = MIXED_COUNT, seed: int = 5) -> list[str]:
    """Different API requests in turn (words of the synthetic catalogue, filters, places,
    other languages, suggest, pages), so that no answer is the same one repeated."""
    from urllib.parse import urlencode

    from catalogue.synthetic import PROVIDERS, flemish_places, query_terms

    rnd = random.Random(seed)
    terms = query_terms()
    postcodes = [p for p, _, _ in flemish_places()]
    paths = []
    for i in range(count):
        term = rnd.choice(terms)
        kind = i % 5
        if kind == 0:
            params = {"q": term}
        elif kind == 1:
            params = {"q": term, "sources": rnd.choice(PROVIDERS)[0], "delivery_modes": "classroom"}
        elif kind == 2:
            params = {"postcode": rnd.choice(postcodes), "radius_km": 20, "sort": "distance"}
        elif kind == 3:
            params = {"q": rnd.choice(("welding", "soudage", "bookkeeping", "comptabilité"))}
        else:
            paths.append("/api/v1/suggest?" + urlencode({"q": term[:3]}))
            continue
        params["page"] = rnd.choice((1, 1, 1, 2, 3))
        paths.append("/api/v1/search?" + urlencode(params))
    return paths


def request_lua(paths: list[str]) -> str:
    """A wrk ``request`` function that walks through ``paths`` (each wrk thread in turn)."""
    quoted = ",\n".join(json.dumps(p) for p in paths)
    return (
        f"paths = {{\n{quoted}\n}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        '  return wrk.format("GET", paths[(counter % #paths) + 1])\nend\n'
    )


# wrk prints only some percentiles; this prints p50/p95/p99 and totals as one JSON line
LUA = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, '
    .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as r:
                return json.load(r)
        except OSError:
            time.sleep(0.5)
    raise SystemExit("server did not become healthy")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its children (a gunicorn master and its workers)."""
    found = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def memory_mb(pid: int) -> dict[str, float]:
    """Over the process and its children, in MB: resident memory now (VmRSS), the sum of the
    peaks (VmHWM), and the proportional set size (PSS, shared pages divided among sharers)."""
    total = {"rss": 0.0, "peak": 0.0, "pss": 0.0, "processes": 0}
    for each in process_tree(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text().splitlines()
            rollup = Path(f"/proc/{each}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        fields = {line.split(":")[0]: line.split()[1] for line in status if line.startswith("Vm")}
        total["rss"] += int(fields["VmRSS"]) / 1024
        total["peak"] += int(fields["VmHWM"]) / 1024
        total["pss"] += sum(int(x.split()[1]) for x in rollup if x.startswith("Pss:")) / 1024
        total["processes"] += 1
    return total


def drain(base: str, limit: float = 60) -> float:
    """Wait until the server answers a health check within 50 ms again (an overloaded scenario
    leaves accepted requests queued; they must not count against the next one). Seconds."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=10) as r:
                r.read()
        except OSError:
            pass
        if time.perf_counter() - t0 < 0.05:
            break
        time.sleep(0.5)
    return time.monotonic() - start


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def run_wrk(url: str, connections: int, duration: int, threads: int, script: Path) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def in_process(
    data_dir: Path,
    names: list[str] | None,
    repeat: int,
    profile: str | None,
    caches: bool = True,
) -> None:
    """CPU per request without HTTP: the Flask test client in this process (the app's whole
    Python path: routing, parameters, guard, engine, response models, JSON). ``profile``
    prints the cProfile of one scenario."""
    import cProfile
    import pstats
    import statistics

    from core.settings import Settings
    from web import create_app
    from web.services import services

    settings = Settings(data_dir=data_dir, web_rate_limit="100000000/minute")
    app = create_app({"SETTINGS": settings})
    svc = services(app)
    if hasattr(svc, "preload"):  # older code (PYTHONPATH) has no preload
        svc.preload()
    svc.warm_up()
    engine = svc.index._engine()
    # tantivy's caches (index.tantivy.caches); older code (PYTHONPATH) kept them on the engine
    held = getattr(engine, "caches", engine)
    if not caches:  # every request searches and counts its facets
        for name in ("facets", "text_counts", "results", "facet_cache", "result_cache"):
            if hasattr(held, name):
                getattr(held, name).maxsize = 0
    client = app.test_client()
    mixed = mixed_paths()
    print(
        f"in-process, {repeat} requests per scenario, engine caches "
        f"{'on' if caches and hasattr(engine, 'caches') else 'off'}; "
        f"load average {load_average()}"
    )
    print(f"{'scenario':30} {'CPU ms median':>14} {'CPU ms mean':>12} {'wall ms median':>15}")
    for name, path in SCENARIOS.items():
        if names and name not in names:
            continue
        paths = mixed if path == "MIXED" else [path]
        for p in paths[:20]:  # warm up
            assert client.get(p).status_code == 200, p
        cpu, wall = [], []
        profiler = cProfile.Profile() if profile == name else None
        for i in range(repeat if path != "MIXED" else len(mixed)):
            p = paths[i % len(paths)]
            c0, w0 = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            response = client.get(p)
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
            assert response.status_code == 200, (p, response.status_code)
        print(
            f"{name:30} {statistics.median(cpu):14.2f} {statistics.fmean(cpu):12.2f} "
            f"{statistics.median(wall):15.2f}",
            flush=True,
        )
        if profiler:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(20)
    svc.close()


def run_vegeta(base: str, paths: list[str], rate: int, duration: int) -> dict:
    """Open loop: ``rate`` requests per second for ``duration`` s, cycling through ``paths``."""
    vegeta = shutil.which("vegeta") or str(ROOT / ".bin" / "vegeta")
    targets = "".join(f"GET {base}{p}\n" for p in paths)
    attack = subprocess.run(
        [vegeta, "attack", f"-rate={rate}/s", f"-duration={duration}s", "-timeout=10s"],
        input=targets.encode(),
        capture_output=True,
        check=True,
    ).stdout
    report = json.loads(
        subprocess.run(
            [vegeta, "report", "-type=json"], input=attack, capture_output=True, check=True
        ).stdout
    )
    lat = report["latencies"]
    return {
        "rps": report["throughput"],
        "p50_ms": lat["50th"] / 1e6,
        "p95_ms": lat["95th"] / 1e6,
        "p99_ms": lat["99th"] / 1e6,
        "success": report["success"],
        "errors": report["requests"] - round(report["success"] * report["requests"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--workers", type=int, help="serve --workers (default: the server's)")
    parser.add_argument(
        "--rate", type=int, help="open loop: requests per second (vegeta) instead of wrk"
    )
    parser.add_argument("--only", action="append", help="scenario names to run")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="no server, no wrk: CPU per request through the Flask test client",
    )
    parser.add_argument("--repeat", type=int, default=100, help="requests per scenario, in-process")
    parser.add_argument("--profile", help="in-process: cProfile this scenario")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="in-process: no facet, text-count or result cache (every request searches)",
    )
    args = parser.parse_args()
    if args.in_process:
        in_process(args.data_dir, args.only, args.repeat, args.profile, not args.no_cache)
        return

    port = free_port()
    env = {
        **os.environ,
        "LEERAANBOD_DATA_DIR": str(args.data_dir),
        "LEERAANBOD_WEB_RATE_LIMIT": "100000000/minute",
        "LEERAANBOD_WEB_THREADS": str(args.server_threads),
    }
    command = [str(Path(sys.executable).parent / "leeraanbod"), "serve", "--port", str(port)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if not args.rate and not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        health = wait_healthy(base)
        print(f"index: {health['index']}; load average {load_average()}")
        mixed = mixed_paths()
        for path in [p for p in SCENARIOS.values() if p != "MIXED"] + mixed:  # warm up once
            with urllib.request.urlopen(base + path, timeout=120) as r:
                r.read()
        idle = memory_mb(server.pid)
        print(
            f"serving processes ({idle['processes']}) after one request of each scenario: "
            f"RSS {idle['rss']:.0f} MB, PSS {idle['pss']:.0f} MB"
        )
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "report.lua"
            script.write_text(LUA)
            walk = Path(tmp) / "mixed.lua"
            walk.write_text(LUA + request_lua(mixed))
            load = f"open loop {args.rate} req/s" if args.rate else f"{args.connections} conns"
            print(
                f"{'scenario (' + load + ')':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
                f"{'p99 ms':>8} errors  load average"
            )
            for name, path in SCENARIOS.items():
                if args.only and name not in args.only:
                    continue
                drained = drain(base)
                if drained > 1:
                    print(f"  (waited {drained:.0f} s for the last scenario's queue to drain)")
                if args.rate:
                    r = run_vegeta(
                        base, mixed if path == "MIXED" else [path], args.rate, args.duration
                    )
                    errors = r["errors"]
                else:
                    lua, url = (walk, base + "/") if path == "MIXED" else (script, base + path)
                    r = run_wrk(url, args.connections, args.duration, args.wrk_threads, lua)
                    errors = r["errors"] + r["non2xx"]
                print(
                    f"{name:34} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
                    f"{r['p99_ms']:8.1f} {errors:6}  {load_average()}",
                    flush=True,
                )
        loaded = memory_mb(server.pid)
        print(
            f"serving processes after the load: RSS {loaded['rss']:.0f} MB "
            f"(peaks summed {loaded['peak']:.0f} MB), PSS {loaded['pss']:.0f} MB; "
            f"load average {load_average()}"
        )
        print(
            f"command: .venv/bin/python scripts/bench_api.py --data-dir {args.data_dir} "
            f"--connections {args.connections} --duration {args.duration}"
            + (f" --workers {args.workers}" if args.workers else "")
            + (f" --rate {args.rate}" if args.rate else "")
            + "".join(f" --only '{name}'" for name in args.only or [])
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
