"""`make bench-fixes`: what each performance fix bought, before and after, in one run.

On the database of `make bench` (10,000 organizations, 30,000 representatives; run `make bench`
first), with production settings, each page is requested in this process through Django's whole
stack (middleware, sessions, templates; no HTTP, no load generator) with the fix turned off,
then on. Reports milliseconds per request (the best of three rounds, the least disturbed by other
work on a shared machine) and the ratio, and writes the section of docs/benchmarks.md.

The fixes: the short cache of public pages for anonymous visitors; the index that serves the
public list in name order; the changelist checkbox written directly; the trigram indexes behind
the back office's searches.
"""

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # the same database and environment as `make bench`

REQUESTS = int(os.environ.get("BENCH_FIXES_REQUESTS", "40"))
ROUNDS = 3
MARKER = "## Fixes, before and after (`make bench-fixes`)"


def setup() -> None:
    if not bench.database_exists():
        raise SystemExit("No benchmark database: run `make bench` first (it seeds it).")
    os.environ.clear()
    os.environ.update(bench.ENV)
    os.environ["STATIC_ROOT"] = str(ROOT / ".bench-static")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    bench.ENV.update({"STATIC_ROOT": os.environ["STATIC_ROOT"]})
    bench.run([str(bench.BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"])
    bench.run([str(bench.BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"])
    import django

    django.setup()


def per_request(fetch: Callable[[], int]) -> float:
    """Milliseconds per request: the best of ROUNDS rounds of REQUESTS requests."""
    for _ in range(3):
        status = fetch()
        if status != 200:
            raise SystemExit(f"the page answered {status}")
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(REQUESTS):
            fetch()
        best = min(best, (time.perf_counter() - started) * 1000 / REQUESTS)
    return best


@contextmanager
def public_cache(seconds: int) -> Iterator[None]:
    from django.core.cache import cache
    from django.test import override_settings

    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=seconds):
        yield
    cache.clear()


@contextmanager
def djangos_checkbox(on: bool) -> Iterator[None]:
    """Before the fix: Django's own action checkbox (rendered through the form templates)."""
    from imrf.admin import FastListMixin

    if not on:
        yield
        return
    ours = FastListMixin.action_checkbox
    del FastListMixin.action_checkbox
    try:
        yield
    finally:
        FastListMixin.action_checkbox = ours


def trigram_indexes() -> list[str]:
    import importlib

    return [
        name
        for name, _table, _column in importlib.import_module("accreditation.migrations.0006_search_indexes").INDEXES
    ]


@contextmanager
def without_indexes(on: bool, names: Callable[[], list[str]]) -> Iterator[None]:
    """Before the fix: the indexes dropped inside a transaction that is rolled back."""
    from django.db import connection, transaction

    if not on:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX " + ", ".join(names()))
        yield
        transaction.set_rollback(True)


@contextmanager
def uncached_without_name_index(on: bool) -> Iterator[None]:
    with public_cache(0), without_indexes(on, lambda: ["organization_name_idx"]):
        yield


def main() -> int:
    setup()
    from django.test import Client

    from imrf.models import User

    admin = User.objects.filter(email="bench-admin@bench.example").first()
    if admin is None:
        raise SystemExit("The benchmark's staff account is missing: run `make bench` first.")
    visitor = Client()
    officer = Client()
    officer.force_login(admin)

    def anonymous(path: str) -> Callable[[], int]:
        return lambda: visitor.get(path).status_code

    def staff(path: str) -> Callable[[], int]:
        return lambda: officer.get(path).status_code

    cases = [
        ("landing page, anonymous", "public-page cache", anonymous("/"), lambda on: public_cache(0 if on else 10)),
        (
            "accredited organizations, anonymous",
            "public-page cache",
            anonymous("/organizations/"),
            lambda on: public_cache(0 if on else 10),
        ),
        (
            "accredited organizations, page cache off",
            "index on organization name",
            anonymous("/organizations/"),
            uncached_without_name_index,
        ),
        (
            "public programme, anonymous",
            "public-page cache",
            anonymous("/programme/"),
            lambda on: public_cache(0 if on else 10),
        ),
        (
            "admin: representatives list (50 rows)",
            "row checkbox written directly",
            staff("/admin/accreditation/delegate/"),
            djangos_checkbox,
        ),
        (
            "admin: accreditations list (50 rows)",
            "row checkbox written directly",
            staff("/admin/accreditation/accreditation/"),
            djangos_checkbox,
        ),
        (
            "admin: representatives searched",
            "trigram indexes",
            staff("/admin/accreditation/delegate/?q=Okafor"),
            lambda on: without_indexes(on, trigram_indexes),
        ),
        (
            "admin: accreditations searched",
            "trigram indexes",
            staff("/admin/accreditation/accreditation/?q=Solidarity+Network"),
            lambda on: without_indexes(on, trigram_indexes),
        ),
    ]
    costs = page_costs(staff, anonymous)
    rows = []
    for page, fix, fetch, before in cases:
        with before(True):
            slow = per_request(fetch)
        with before(False):
            fast = per_request(fetch)
        rows.append((page, fix, slow, fast))
        print(f"  {page:<40} {slow:8.2f} ms → {fast:8.2f} ms  ({slow / fast:.1f}×)", flush=True)
    report = render(rows, costs)
    path = ROOT / "docs" / "benchmarks.md"
    path.write_text(merge(path.read_text(encoding="utf-8"), report), encoding="utf-8")
    return 0


def page_costs(staff, anonymous) -> list[tuple[str, float]]:
    """What one request of each page costs alone, as it is now: the floor of `make bench` (the
    middleware stack and nothing else) and the pages whose load targets do not hold."""
    from django.test import Client

    from accreditation.enums import AccreditationStatus, DelegateStatus
    from accreditation.models import Accreditation, Delegate, Membership, VisaLetter

    def signed_in(user, path: str) -> Callable[[], int]:
        client = Client()
        client.force_login(user)
        return lambda: client.get(path).status_code

    focal = Membership.objects.filter(organization__accreditations__status=AccreditationStatus.ACCREDITED).first()
    delegate = Delegate.objects.filter(status=DelegateStatus.APPROVED, user__isnull=False).order_by("pk").first()
    token = VisaLetter.objects.filter(verification_token__isnull=False).values_list("verification_token", flat=True)[0]
    accreditation = Accreditation.objects.order_by("pk").values_list("pk", flat=True)[500]
    pages = [
        ("floor (middleware only)", anonymous("/__bench__/floor/")),
        ("letter verification", anonymous(f"/verify/{token}/")),
        ("focal-point dashboard", signed_in(focal.user, "/portal/")),
        ("delegate page", signed_in(delegate.user, "/me/")),
        ("admin: accreditations list", staff("/admin/accreditation/accreditation/")),
        ("admin: representatives list", staff("/admin/accreditation/delegate/")),
        ("admin: change page", staff(f"/admin/accreditation/accreditation/{accreditation}/change/")),
        ("admin: dashboard", staff("/admin/")),
    ]
    costs = []
    for name, fetch in pages:
        costs.append((name, per_request(fetch)))
        print(f"  {name:<40} {costs[-1][1]:8.2f} ms", flush=True)
    return costs


def render(rows: list[tuple[str, str, float, float]], costs: list[tuple[str, float]]) -> str:
    lines = [
        MARKER,
        "",
        f"- Command: `make bench-fixes` ({REQUESTS} requests per round, best of {ROUNDS} rounds), after `make bench`",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {bench.machine()}; one process, Django's test client through the whole middleware "
        "stack, production settings, PostgreSQL 15 on the same machine.",
        "- Each page is measured with the fix turned off (before), then on (after), in the same run.",
        "",
        "| page | fix | before, ms per request | after, ms per request | speed-up |",
        "|---|---|---:|---:|---:|",
    ]
    for page, fix, slow, fast in rows:
        lines.append(f"| {page} | {fix} | {slow:.2f} | {fast:.2f} | {slow / fast:.1f}× |")
    lines += [
        "",
        "What one request of each page costs alone, as it is now (same run, same method; the",
        "floor is the middleware stack and nothing else):",
        "",
        "| page | ms per request |",
        "|---|---:|",
    ]
    for name, cost in costs:
        lines.append(f"| {name} | {cost:.2f} |")
    return "\n".join(lines) + "\n"


def merge(text: str, report: str) -> str:
    """Replace this section of docs/benchmarks.md, keep the others."""
    if MARKER in text:
        before, _sep, after = text.partition(MARKER)
        rest = after.split("\n## ", 1)
        return before + report + (f"\n## {rest[1]}" if len(rest) == 2 else "")
    return text.rstrip() + "\n\n" + report


if __name__ == "__main__":
    sys.exit(main())
