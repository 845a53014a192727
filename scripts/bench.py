"""`make bench`: the application at the size of a UN climate conference, under load.

1. Seeds (or reuses) a PostgreSQL database with `seed_scale` (10,000 organizations, 30,000
   representatives, 20,000 letters) and times the seeding.
2. Starts gunicorn on 127.0.0.1 (workers = 2 × cores) with production settings, plus the
   benchmark floor view (BENCHMARK_MODE=1): the same middleware stack, no work.
3. Drives each scenario with locust (headless) at a fixed concurrency for a fixed duration:
   the floor, public pages, signed-in pages, admin changelists at full size, and the
   nomination surge; then checks the database for cap violations.
4. Prints the table and which targets hold, and writes docs/benchmarks.md.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/imrf_bench),
BENCH_DURATION (seconds per scenario, default 15), BENCH_USERS (concurrency, default 16),
BENCH_RESEED=1 to start from an empty database.
"""

import csv
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/imrf_bench")
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
USERS = int(os.environ.get("BENCH_USERS", "16"))
CORES = os.cpu_count() or 2
SURGE_ORGANIZATIONS = 1500

ENV = {
    **{key: value for key, value in os.environ.items() if key not in {"DJANGO_DEBUG", "DATABASE_URL"}},
    "DJANGO_SETTINGS_MODULE": "imrf.settings",
    "DATABASE_URL": DATABASE_URL,
    # A throwaway benchmark database: fixed keys so a reused database stays readable.
    "SECRET_KEY": "bench-only-secret-key-" + "b" * 40,
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aSE=",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "DJANGO_HSTS_PRELOAD": "0",
    "BENCHMARK_MODE": "1",
    "EMAIL_URL": "dummymail://",
    # As in production: e-mails are queued in the database for a worker on another machine.
    "TASKS_BACKEND": "database",
    "LOG_LEVEL": "WARNING",
    # Every request of the load comes from 127.0.0.1: lift the per-IP verification limit.
    "VERIFY_RATE_LIMIT_TOKEN": "100000000",
}


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=ENV, check=True, **kwargs)


def database_exists() -> bool:
    server, name = DATABASE_URL.rsplit("/", 1)
    out = subprocess.run(
        ["psql", f"{server}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # nosec B608  # name is the operator's own DATABASE_URL, not request input
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "1"


def seed() -> float | None:
    server, name = DATABASE_URL.rsplit("/", 1)
    if os.environ.get("BENCH_RESEED") == "1" and database_exists():
        subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE {name}"], check=True)
    if database_exists():
        print(f"Reusing the seeded database {name} (migrated to the current schema).", flush=True)
        run([str(BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"])
        return None
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    run([str(BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"])
    started = time.perf_counter()
    run(
        [
            str(BIN / "python"),
            "manage.py",
            "seed_scale",
            "--organizations",
            "10000",
            "--delegates",
            "30000",
            "--letters",
            "20000",
        ]
    )
    return time.perf_counter() - started


def prepare(plan_path: Path) -> dict:
    """Sessions and targets for the scenarios, made with Django in a separate process."""
    out = subprocess.run(
        [str(BIN / "python"), str(ROOT / "scripts" / "bench_prepare.py"), str(plan_path), str(SURGE_ORGANIZATIONS)],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    print(out.stdout.strip(), flush=True)
    return json.loads(plan_path.read_text())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def locust(scenario: str, plan_path: Path, port: int, workdir: Path) -> dict:
    prefix = workdir / scenario
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "scripts" / "locustfile.py"),
            "--headless",
            "-u",
            str(USERS),
            "-r",
            str(USERS),
            "-t",
            f"{DURATION}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env={**ENV, "BENCH_PLAN": str(plan_path), "BENCH_SCENARIO": scenario},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    requests = int(row["Request Count"])
    return {
        "requests": requests,
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{CORES} cores ({model or platform.processor()}){memory}, {platform.system()} {platform.release()}"


def main() -> int:
    seconds = seed()
    workdir = Path(tempfile.mkdtemp(prefix="imrf-bench-"))
    plan_path = workdir / "plan.json"
    plan = prepare(plan_path)
    ENV["STATIC_ROOT"] = str(workdir / "static")
    run([str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"])
    port = free_port()
    workers = 2 * CORES
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "imrf.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "gunicorn.log", "wb"),  # noqa: SIM115 - closed with the process
        start_new_session=True,
    )
    results: dict[str, dict] = {}
    try:
        wait_for(port)
        for scenario, spec in plan["scenarios"].items():
            # Warm each scenario once (connections, caches) before measuring it.
            if spec["kind"] == "get":
                subprocess.run(
                    [
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-H",
                        f"Cookie: {spec.get('cookie', '')}",
                        f"http://127.0.0.1:{port}{spec['paths'][0]}",
                    ],
                    check=False,
                )
            print(f"  {scenario:<34} …", end="", flush=True)
            results[scenario] = locust(scenario, plan_path, port, workdir)
            print(f" {results[scenario]['rps']:8.1f} req/s", flush=True)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    surge = subprocess.run(
        [str(BIN / "python"), str(ROOT / "scripts" / "bench_prepare.py"), str(plan_path), "--check-surge"],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    surge_result = json.loads(surge.stdout.strip().splitlines()[-1])
    report = render(plan, results, surge_result, seconds)
    print(report)
    (ROOT / "docs" / "benchmarks.md").write_text(merge_report(report), encoding="utf-8")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def render(plan: dict, results: dict, surge: dict, seed_seconds: float | None) -> str:
    floor = results["floor"]["rps"] or 1
    lines = [
        "## Load benchmark (`make bench`)",
        "",
        f"- Command: `make bench` (BENCH_DURATION={DURATION}s per scenario, {USERS} concurrent users, locust headless)",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}; gunicorn with {2 * CORES} workers; PostgreSQL 15 on the same machine; "
        "the load generator runs on the same machine too.",
        f"- Data: {plan['counts']}",
        f"- Seeding (`seed_scale`): {f'{seed_seconds:.1f} s' if seed_seconds else 'reused an existing database'}",
        "",
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | × floor | target | holds |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    verdicts = []
    for name, spec in plan["scenarios"].items():
        result = results[name]
        ratio = result["rps"] / floor
        target = spec.get("target", "")
        holds = ""
        if spec.get("group") == "public":
            ok = ratio >= 0.5 and result["p95"] <= 100 and result["failures"] == 0
            target, holds = "≥ 0.5×, p95 ≤ 100 ms", "yes" if ok else "**no**"
        elif spec.get("group") == "admin":
            ok = ratio >= 0.25 and result["p95"] <= 250 and result["failures"] == 0
            target, holds = "≥ 0.25×, p95 ≤ 250 ms", "yes" if ok else "**no**"
        elif spec["kind"] == "surge":
            ok = surge["nominations_per_second"] >= 50 and surge["cap_violations"] == 0 and result["failures"] == 0
            target, holds = "≥ 50 nominations/s, 0 violations, 0 5xx", "yes" if ok else "**no**"
        if holds:
            verdicts.append((name, holds))
        lines.append(
            f"| {name} | {result['rps']:.1f} | {result['p50']:.0f} | {result['p95']:.0f} | {result['p99']:.0f} "
            f"| {result['failures']} | {ratio:.2f} | {target} | {holds} |"
        )
    lines += [
        "",
        f"Nomination surge: {surge['nominations']} nominations committed in {DURATION} s "
        f"({surge['nominations_per_second']:.1f}/s) across {surge['organizations']} organizations; "
        f"cap violations found in the database after the run: {surge['cap_violations']}; "
        f"organizations filled to the cap: {surge['full']}.",
    ]
    return "\n".join(lines) + "\n"


def merge_report(report: str) -> str:
    """Replace the load section of docs/benchmarks.md, keep the rest (e.g. the letter benchmark)."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    marker = "## Load benchmark (`make bench`)"
    if marker in text:
        before, _sep, after = text.partition(marker)
        rest = after.split("\n## ", 1)
        tail = f"\n## {rest[1]}" if len(rest) == 2 else ""
        return before + report + tail
    return text.rstrip() + "\n\n" + report


if __name__ == "__main__":
    sys.exit(main())
