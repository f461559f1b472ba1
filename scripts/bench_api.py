"""Load test of the served API: `leeraanbod serve` (gunicorn workers or waitress) under load.

Starts the server as a subprocess on a free port over an existing data directory (a store and
an index built by `scripts/bench_ingest.py`, or `leeraanbod demo --no-serve`), waits for
/api/v1/health, then loads it once per scenario and prints throughput and p50/p95/p99.

**Honest by default** (issue 21): every scenario is a stream of searches never sent before in
the run (``scripts/query_stream.py``: the 200 judged relevance queries × filters × places ×
sort orders × pages; asserted), one stream per query class, the HTML search page, and a mix;
the warm-up sends other searches than the timed ones; every search asks for the API's default
facets; and the server's search caches are off (``LEERAANBOD_SEARCH_CACHE_SIZE=0``).
``--cached`` runs the same streams again on a fresh server with its caches and prints both
side by side (first sight: only another page or sort order of a search seen before can be
served from them); ``--fixed`` adds the old fixed scenarios (one URL each, repeated: what
the caches answer).

- open loop (``--rate R``): vegeta sends R requests per second from a targets file of
  R × duration different URLs, whatever the answers take, as independent users do; the
  latency is the service time plus queueing at that rate;
- closed loop (default): wrk with ``--connections`` connections walking through the URLs
  (latency = connections / throughput, Little's law; it says how many requests repeated).

    .venv/bin/python scripts/bench_api.py --data-dir var/scale-100000 --rate 300 --cached
    .venv/bin/python scripts/bench_api.py --data-dir var/scale-100000 --in-process  # CPU/request

Needs, for ``--rate``, vegeta built from the Go module proxy into ``.bin/`` (gitignored):
``GOBIN=$PWD/.bin go install github.com/tsenart/vegeta/v12@v12.13.0``; otherwise Debian's wrk.
Rate limiting is lifted for the run. Prints the serving processes' memory after the warm-up
and after the load: RSS summed over the master and its workers, and PSS
(``/proc/<pid>/smaps_rollup``: shared pages divided among the processes sharing them, so the
sum is what the server really occupies), per process too, with the load average.
``--workers`` is passed to ``serve --workers``; without it the server picks its default
(set ``PYTHONPATH`` to another checkout to measure that code: the server is started with it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from query_stream import MIX, Search, Streams, assert_unique  # noqa: E402

# scenario → the searches it draws: a query class, or "mixed", or "page" (the HTML page)
SCENARIOS = {
    "text": "text",
    "text + filters": "text + filters",
    "text + place": "text + place",
    "browse + filters": "browse + filters",
    "suggest": "suggest",
    "search page (HTML)": "page",
    "mixed": "mixed",
}
# the fixed scenarios of the figures before issue 21 (one URL each, sent again and again)
FIXED = {
    "fixed: search q=lassen": "/api/v1/search?q=lassen",
    "fixed: search filters+facets": "/api/v1/search?q=opleiding&delivery_modes=classroom",
    "fixed: search postcode+radius": "/api/v1/search?postcode=9000&radius_km=25&sort=distance",
    "fixed: search browse page 3": "/api/v1/search?page=3&page_size=10",
    "fixed: suggest": "/api/v1/suggest?q=las",
    "fixed: search page (HTML)": "/?q=lassen",
}
WARMUP = 100  # different searches before the first scenario (not among the timed ones)
PAGE_MIX = {kind: weight for kind, weight in MIX.items() if kind != "suggest"}


def page_path(search: Search) -> str:
    """The HTML search page for the same search."""
    return "/?" + urlencode(search.params)


class Plan:
    """The URLs of one run: the warm-up and each scenario's, none sent twice."""

    def __init__(self, names: list[str], per_scenario: int, seed: int) -> None:
        streams = Streams(seed)
        self.warmup = [s.path for s in streams.take_mixed(WARMUP)]
        self.paths: dict[str, list[str]] = {}
        drawn: list[Search] = []
        for name in names:
            kind = SCENARIOS[name]
            if kind == "mixed":
                searches = streams.take_mixed(per_scenario)
            elif kind == "page":
                searches = streams.take_mixed(per_scenario, PAGE_MIX)
            else:
                searches = streams.take(kind, per_scenario)
            drawn += searches
            self.paths[name] = [page_path(s) if kind == "page" else s.path for s in searches]
        assert_unique(drawn)
        every = self.warmup + [p for paths in self.paths.values() for p in paths]
        assert len(every) == len(set(every)), "a URL repeats"


def request_lua(paths: list[str]) -> str:
    """A wrk ``request`` function that walks through ``paths`` (each wrk thread in turn; past
    the end it starts again, and the report says how many requests did)."""
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


def memory_mb(pid: int) -> dict:
    """Over the process and its children, in MB: resident memory now (VmRSS), the sum of the
    peaks (VmHWM), and the proportional set size (PSS, shared pages divided among sharers);
    ``each`` has every process's (pid, RSS, PSS)."""
    total: dict = {"rss": 0.0, "peak": 0.0, "pss": 0.0, "anon": 0.0, "file": 0.0}
    total |= {"processes": 0, "each": []}
    for each in process_tree(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text().splitlines()
            rollup = Path(f"/proc/{each}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        fields = {line.split(":")[0]: line.split()[1] for line in status if line.startswith("Vm")}
        rss = int(fields["VmRSS"]) / 1024
        rolled = {x.split(":")[0]: int(x.split()[1]) / 1024 for x in rollup[1:] if ":" in x}
        pss = rolled.get("Pss", 0.0)
        total["anon"] += rolled.get("Pss_Anon", 0.0)  # the heap (copied pages included)
        total["file"] += rolled.get("Pss_File", 0.0)  # mapped files: the index, libraries
        total["rss"] += rss
        total["peak"] += int(fields["VmHWM"]) / 1024
        total["pss"] += pss
        total["processes"] += 1
        total["each"].append((each, rss, pss))
    return total


def memory_line(memory: dict) -> str:
    each = ", ".join(
        f"{'master' if i == 0 else 'worker'} {rss:.0f}/{pss:.0f}"
        for i, (_, rss, pss) in enumerate(memory["each"])
    )
    return (
        f"RSS {memory['rss']:.0f} MB (peaks summed {memory['peak']:.0f} MB), "
        f"**PSS {memory['pss']:.0f} MB** over {memory['processes']} processes "
        f"(anonymous {memory['anon']:.0f}, files {memory['file']:.0f}; RSS/PSS MB: {each})"
    )


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
    caches: bool,
    seed: int,
) -> None:
    """CPU per request without HTTP: the Flask test client in this process (the app's whole
    Python path: routing, parameters, guard, engine, response models, JSON), ``repeat``
    different searches per scenario (never one twice). ``profile`` prints the cProfile of
    one scenario."""
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
    held = getattr(engine, "caches", engine)  # tantivy's caches (index.tantivy.caches)
    if not caches:  # every request searches and counts its facets
        for name in ("facets", "text_counts", "results", "facet_cache", "result_cache"):
            if hasattr(held, name):
                getattr(held, name).maxsize = 0
    client = app.test_client()
    chosen = [n for n in SCENARIOS if not names or n in names]
    plan = Plan(chosen, repeat, seed)
    print(
        f"in-process, {repeat} different requests per scenario, engine caches "
        f"{'on' if caches else 'off'}; load average {load_average()}"
    )
    for p in plan.warmup:
        assert client.get(p).status_code == 200, p
    print(f"{'scenario':30} {'CPU ms median':>14} {'CPU ms mean':>12} {'wall ms median':>15}")
    for name in chosen:
        cpu, wall = [], []
        profiler = cProfile.Profile() if profile == name else None
        for p in plan.paths[name]:
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


def vegeta_binary() -> str:
    return shutil.which("vegeta") or str(ROOT / ".bin" / "vegeta")


def run_vegeta(base: str, paths: list[str], rate: int, duration: int, workdir: Path) -> dict:
    """Open loop: ``rate`` requests per second for ``duration`` s from a targets file of
    ``paths`` (as many as will be sent: vegeta would start them again past the end)."""
    assert len(paths) >= rate * duration, (len(paths), rate * duration)
    targets = workdir / "targets.txt"
    targets.write_text("".join(f"GET {base}{p}\n" for p in paths))
    attack = subprocess.run(
        [
            vegeta_binary(),
            "attack",
            f"-targets={targets}",
            f"-rate={rate}/s",
            f"-duration={duration}s",
            "-timeout=10s",
        ],
        capture_output=True,
        check=True,
    ).stdout
    report = json.loads(
        subprocess.run(
            [vegeta_binary(), "report", "-type=json"],
            input=attack,
            capture_output=True,
            check=True,
        ).stdout
    )
    lat = report["latencies"]
    sent = report["requests"]
    return {
        "rps": report["throughput"],  # successful requests per second
        "rate": report["rate"],  # requests sent per second
        "p50_ms": lat["50th"] / 1e6,
        "p95_ms": lat["95th"] / 1e6,
        "p99_ms": lat["99th"] / 1e6,
        "errors": sent - round(report["success"] * sent),
        "requests": sent,
        "repeated": max(0, sent - len(paths)),
    }


def run_scenarios(args: argparse.Namespace, cached: bool, plan: Plan) -> dict[str, dict]:
    """Start a server (caches off, or on), warm it up, load it per scenario; the results."""
    port = free_port()
    env = {
        **os.environ,
        "LEERAANBOD_DATA_DIR": str(args.data_dir),
        "LEERAANBOD_WEB_RATE_LIMIT": "100000000/minute",
        "LEERAANBOD_WEB_THREADS": str(args.server_threads),
    }
    if not cached:
        env["LEERAANBOD_SEARCH_CACHE_SIZE"] = "0"
    else:
        env.pop("LEERAANBOD_SEARCH_CACHE_SIZE", None)
    command = [sys.executable, "-c", "from leeraanbod.cli import main; main()", "serve"]
    command += ["--port", str(port)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    results: dict[str, dict] = {}
    mode = "caches on" if cached else "caches off"
    try:
        started = time.monotonic()
        health = wait_healthy(base, timeout=300)
        print(
            f"\n[{mode}] server healthy after {time.monotonic() - started:.1f} s; "
            f"index: {health['index']}; load average {load_average()}"
        )
        start_memory = memory_mb(server.pid)
        print(f"[{mode}] serving processes at start: {memory_line(start_memory)}")
        failed = 0
        for path in plan.warmup:
            try:
                with urllib.request.urlopen(base + path, timeout=120) as r:
                    r.read()
            except urllib.error.HTTPError:  # e.g. 503 past the engine timeout on a busy machine
                failed += 1
        warm = memory_line(memory_mb(server.pid))
        failures = f" ({failed} answered with an error)" if failed else ""
        print(f"[{mode}] after {len(plan.warmup)} warm-up searches{failures}: {warm}")
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            script = workdir / "report.lua"
            script.write_text(LUA)
            for name, paths in plan.paths.items():
                drained = drain(base)
                if drained > 1:
                    print(f"  (waited {drained:.0f} s for the last scenario's queue to drain)")
                if args.rate:
                    r = run_vegeta(base, paths, args.rate, args.duration, workdir)
                else:
                    walk = workdir / "walk.lua"
                    walk.write_text(LUA + request_lua(paths))
                    r = run_wrk(base + "/", args.connections, args.duration, args.wrk_threads, walk)
                    r["errors"] = r["errors"] + r["non2xx"]
                    r["repeated"] = max(0, r["requests"] - len(paths))
                r["load"] = load_average()
                results[name] = r
                print(
                    f"[{mode}] {name:24} {r['rps']:6.0f} req/s  p50 {r['p50_ms']:7.1f}  "
                    f"p95 {r['p95_ms']:7.1f}  p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}"
                    f"  repeated {r['repeated']}  load {r['load']}",
                    flush=True,
                )
        loaded = memory_mb(server.pid)
        print(f"[{mode}] serving processes after the load: {memory_line(loaded)}")
        results["_memory"] = {"start": start_memory, "loaded": loaded}
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def print_table(args: argparse.Namespace, runs: dict[str, dict[str, dict]]) -> None:
    load = f"open loop, vegeta {args.rate} req/s" if args.rate else f"wrk {args.connections} conns"
    modes = list(runs)
    print(
        f"\n| scenario ({load}, {args.duration} s each) | "
        + " | ".join(f"{m}: req/s, p50/p95/p99 ms, errors" for m in modes)
        + " | load average (1/5/15 min, at the end) |"
    )
    print("| --- |" + " --- |" * (len(modes) + 1))
    for name in SCENARIOS | FIXED:
        if name not in runs[modes[0]]:
            continue
        cells = []
        for mode in modes:
            r = runs[mode][name]
            latency = f"{r['p50_ms']:.1f}/{r['p95_ms']:.1f}/{r['p99_ms']:.1f}"
            cell = f"{r['rps']:,.0f}, {latency}, {r['errors']}"
            if r.get("repeated"):
                cell += f" ({r['repeated']} repeated)"
            cells.append(cell)
        loads = " / ".join(runs[m][name]["load"] for m in modes)
        print(f"| {name} | " + " | ".join(cells) + f" | {loads} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--workers", type=int, help="serve --workers (default: the server's)")
    parser.add_argument(
        "--rate", type=int, help="open loop: requests per second (vegeta) instead of wrk"
    )
    parser.add_argument("--only", action="append", help="scenario names to run")
    parser.add_argument("--cached", action="store_true", help="also with the search caches on")
    parser.add_argument("--fixed", action="store_true", help="also the old fixed-URL scenarios")
    parser.add_argument("--seed", type=int, default=21, help="of the search streams")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="no server, no load tool: CPU per request through the Flask test client",
    )
    parser.add_argument("--repeat", type=int, default=200, help="requests per scenario, in-process")
    parser.add_argument("--profile", help="in-process: cProfile this scenario")
    parser.add_argument("--memory-only", action="store_true", help="start, warm up, measure, stop")
    args = parser.parse_args()
    if args.in_process:
        for caches in (False, True) if args.cached else (False,):
            in_process(args.data_dir, args.only, args.repeat, args.profile, caches, args.seed)
        return
    if not args.rate and not shutil.which("wrk") and not args.memory_only:
        raise SystemExit("wrk not found (apt-get install wrk), or give --rate for vegeta")
    if args.rate and not Path(vegeta_binary()).exists():
        raise SystemExit(
            "vegeta not found: GOBIN=$PWD/.bin go install github.com/tsenart/vegeta/v12@v12.13.0"
        )
    from core.settings import Settings

    if "search_cache_size" not in Settings.model_fields:
        print("NOTE: this code has no LEERAANBOD_SEARCH_CACHE_SIZE: its caches stay on")
    names = [n for n in SCENARIOS if not args.only or n in args.only]
    per_scenario = (args.rate or 400) * args.duration  # wrk: as many as it may send
    try:
        plan = Plan([] if args.memory_only else names, per_scenario, args.seed)
    except ValueError as exc:  # a class has fewer different searches than rate × duration
        raise SystemExit(f"{exc}: lower --rate or --duration (suggest has ~4,400)") from None
    if args.fixed and not args.memory_only:
        for name, path in FIXED.items():
            if not args.only or name in args.only:
                plan.paths[name] = [path] * per_scenario
    print(
        f"{len(plan.warmup)} warm-up and {sum(map(len, plan.paths.values())):,} timed URLs"
        f" ({per_scenario:,} per scenario), no search twice outside the fixed scenarios"
    )
    runs = {"uncached": run_scenarios(args, False, plan)}
    if args.cached:
        runs["cached"] = run_scenarios(args, True, plan)
    if not args.memory_only:
        print_table(args, runs)
    print(
        f"\ncommand: .venv/bin/python scripts/bench_api.py --data-dir {args.data_dir} "
        f"--duration {args.duration}"
        + (f" --rate {args.rate}" if args.rate else f" --connections {args.connections}")
        + (f" --workers {args.workers}" if args.workers else "")
        + (" --cached" if args.cached else "")
        + (" --fixed" if args.fixed else "")
        + (" --memory-only" if args.memory_only else "")
        + "".join(f" --only '{name}'" for name in args.only or [])
    )


if __name__ == "__main__":
    main()
