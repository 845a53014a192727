"""The tasks worker survives database outages (``manage.py tasks_worker``): a connection error is
logged without secrets, the worker waits with capped exponential backoff and carries on; SIGTERM
still stops it cleanly. On PostgreSQL, with a real worker process whose connection is ended
(``pg_terminate_backend``) while the database refuses new connections, as during a restart."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from imrf.mail import deliver_rendered_email
from imrf.management.commands.tasks_worker import backoff_delay
from tests.helpers import Inbox, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def signal_handlers():
    """The worker installs its SIGINT/SIGTERM handlers in this process: put pytest's back."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def _queue_email(to: str = "delegate@example.org") -> None:
    deliver_rendered_email.enqueue(subject="[IMRF] Still delivered", body="Hello.", html="", to=[to])


def test_backoff_doubles_and_is_capped():
    assert [backoff_delay(failures, base=1, cap=60) for failures in (1, 2, 3, 6, 7, 8, 500)] == [
        1,
        2,
        4,
        32,
        60,
        60,
        60,
    ]


# The worker closes its connections between passes (as django-tasks-db's does): these tests commit.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_is_queued_and_touches_its_healthcheck_file(database_tasks, signal_handlers, tmp_path):
    alive = tmp_path / "worker.alive"
    _queue_email()

    call_command("tasks_worker", batch=True, startup_delay=False, healthcheck_file=alive, verbosity=0)

    assert [message.to for message in mail.outbox] == [["delegate@example.org"]]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert alive.exists()


@pytest.mark.django_db(transaction=True)
def test_a_database_error_is_logged_without_the_password_and_waited_out(
    database_tasks, signal_handlers, monkeypatch, caplog
):
    """The database answers the first two passes with a connection error (injected at the
    database layer, Django's execute_wrapper); the worker waits 1×, then 2× the base and sends."""
    _queue_email()
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "hunter2-db-password")
    failures = iter(range(2))

    def unreachable(execute, sql, params, many, context):
        if next(failures, None) is not None:
            raise OperationalError("connection to server failed: password=hunter2-db-password refused\nDETAIL: x")
        return execute(sql, params, many, context)

    with caplog.at_level("INFO", logger="imrf.tasks_worker"), connection.execute_wrapper(unreachable):
        call_command("tasks_worker", batch=True, startup_delay=False, backoff_base=0.1, backoff_max=1, verbosity=1)

    assert [record.getMessage() for record in caplog.records if record.levelname == "ERROR"] == [
        "Database unavailable (failure 1 in a row), retrying in 0.1 s: "
        "OperationalError: connection to server failed: password=******** refused",
        "Database unavailable (failure 2 in a row), retrying in 0.2 s: "
        "OperationalError: connection to server failed: password=******** refused",
    ]
    assert "hunter2" not in caplog.text
    assert [message.to for message in mail.outbox] == [["delegate@example.org"]]


def test_a_backoff_cap_below_its_base_is_refused(database_tasks):
    with pytest.raises(CommandError, match="--backoff-max must not be shorter than --backoff-base"):
        call_command("tasks_worker", backoff_base=10, backoff_max=1, verbosity=0)


DOCUMENTED_FILE = "/tmp/imrf-worker.alive"  # noqa: S108  # the container example's path, replaced here


def _documented_liveness_check() -> str:
    deployment = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    return re.search(r'^python -c "(.+)"$', deployment, re.MULTILINE).group(1)


@pytest.mark.parametrize(("age", "healthy"), [(10, True), (600, False), (None, False)])
def test_the_documented_liveness_check_fails_on_a_stale_or_missing_file(tmp_path, age, healthy):
    alive = tmp_path / "imrf-worker.alive"
    if age is not None:
        alive.touch()
        os.utime(alive, (time.time() - age, time.time() - age))
    check = _documented_liveness_check().replace(DOCUMENTED_FILE, str(alive))

    result = subprocess.run([sys.executable, "-c", check], capture_output=True)

    assert (result.returncode == 0) == healthy


def test_the_liveness_check_is_the_same_in_every_example_and_in_prod_smoke():
    check = _documented_liveness_check()
    deployment = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")

    assert deployment.count(check) == 3  # the command, Kubernetes, Docker Compose
    assert f'LIVENESS_CHECK = "{check}"' in (ROOT / "scripts" / "prod_smoke.py").read_text(encoding="utf-8")


# --- A real worker process, a real outage, on PostgreSQL ----------------------------------------


def _other_backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _refuse_connections(refuse: bool) -> None:
    """Like a server restarting, refuse new connections to this test's database, or stop."""
    database = connection.settings_dict
    # PostgreSQL changes this only from another database.
    maintenance = psycopg2.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname="postgres"
    )
    try:
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute(
                f"ALTER DATABASE {connection.ops.quote_name(database['NAME'])} "
                f"WITH ALLOW_CONNECTIONS {'false' if refuse else 'true'}"
            )
    finally:
        maintenance.close()


def _terminate_other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


PASSWORD = "never-logged-db-password"  # sent to nobody: PostgreSQL trusts local connections here


@pytest.fixture
def worker(settings, tmp_path, database_tasks):
    """Start ``manage.py <command>`` against this test's database and a local SMTP server."""
    inbox = Inbox()
    port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    database = connection.settings_dict
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "imrf.settings",
        "SECRET_KEY": "worker-test-" + "s" * 50,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{PASSWORD}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "TASKS_BACKEND": "database",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "EMAIL_TIMEOUT": "10",
        "PYTHONUNBUFFERED": "1",
    }
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(command: str, *args: str) -> tuple[subprocess.Popen, Path]:
        log = tmp_path / f"{command}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", command, "--interval", "0.1", "--no-startup-delay", *args],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        started.append((process, log))
        return process, log

    yield start, inbox
    for process, _log in started:
        if process.poll() is None:
            process.kill()
            process.wait()
    smtp.stop()
    _refuse_connections(False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_survives_a_database_restart_and_delivers_what_is_queued_afterwards(worker, tmp_path):
    start, inbox = worker
    alive = tmp_path / "worker.alive"
    process, log = start(
        "tasks_worker", "--backoff-base", "0.2", "--backoff-max", "1", "--healthcheck-file", str(alive)
    )
    wait_until(lambda: _other_backends() and alive.exists(), "the worker to connect")

    # A restart: every connection ended, new ones refused for a while.
    _refuse_connections(True)
    assert _terminate_other_backends() >= 1
    wait_until(lambda: log.read_text().count("Database unavailable") >= 2, "the worker to retry twice")
    assert process.poll() is None
    _refuse_connections(False)
    _queue_email("after-restart@example.org")
    wait_until(lambda: inbox.messages, "the e-mail")
    # The worker records the task's success just after the server took the e-mail.
    wait_until(lambda: DBTaskResult.objects.get().status != TaskResultStatus.RUNNING, "the task's outcome")

    assert [(recipients, message["Subject"]) for recipients, message in inbox.messages] == [
        (["after-restart@example.org"], "[IMRF] Still delivered")
    ]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    output = log.read_text()
    assert "OperationalError" in output
    assert PASSWORD not in output
    assert "Traceback" not in output


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_db_worker_dies_of_the_same_restart(worker):
    """The negative control: django-tasks-db's own worker exits on that fault, and stays down."""
    start, _inbox = worker
    process, log = start("db_worker", "--no-reload")
    wait_until(_other_backends, "the worker to connect")

    _refuse_connections(True)
    assert _terminate_other_backends() >= 1
    wait_until(lambda: process.poll() is not None, "db_worker to exit")

    assert process.returncode != 0
    assert "OperationalError" in log.read_text()
