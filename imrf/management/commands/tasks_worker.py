"""django-tasks-db's worker (``db_worker``) that survives database outages.

``db_worker`` exits on the first database error it does not expect, and a PostgreSQL restart is
one: the e-mails then wait until someone restarts it. This runs django-tasks-db's own loop one
pass at a time (a pass takes every task that is due, then returns) and waits ``--interval``
between passes; when a pass fails because the database cannot be reached (``OperationalError``,
``InterfaceError``) it logs the error's kind, closes the connections, waits with exponential
backoff (``--backoff-base`` doubling, at most ``--backoff-max`` seconds) and carries on.
SIGTERM and SIGINT stop it as they stop ``db_worker``: at once when idle, after the running
task otherwise.

``--healthcheck-file`` is touched before each pass, each task and each wait for the database,
so a liveness check can tell a live loop from a stuck one by its age (docs/deployment.md).
"""

import contextlib
import logging
import math
import os
import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("imrf.tasks_worker")

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def backoff_delay(failures: int, *, base: float, cap: float) -> float:
    """Seconds to wait after the ``failures``-th failure in a row: base, 2×, 4×… at most ``cap``."""
    return min(base * 2 ** min(failures - 1, 64), cap)


def _error_summary(error: Exception) -> str:
    """The error's kind and first line, without any database password."""
    lines = str(error).strip().splitlines()
    summary = f"{type(error).__name__}: {lines[0] if lines else ''}"
    for connection in connections.all(initialized_only=True):
        password = connection.settings_dict.get("PASSWORD")
        if password:
            summary = summary.replace(str(password), "********")
    return summary


class ResilientWorker(Worker):
    """django-tasks-db's ``Worker``, whose loop is run pass by pass (its batch mode) so that a
    database outage ends a pass, not the process."""

    def __init__(
        self,
        *,
        batch: bool,
        backoff_base: float,
        backoff_max: float,
        healthcheck_file: Path | None,
        **options,
    ) -> None:
        super().__init__(batch=True, **options)
        self.once = batch
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.healthcheck_file = healthcheck_file
        self.failures = 0

    def beat(self) -> None:
        if self.healthcheck_file is not None:
            self.healthcheck_file.touch()

    def run_task(self, db_task_result) -> None:
        self.beat()
        super().run_task(db_task_result)

    def run(self) -> None:
        logger.info("Tasks worker %s started (queues %s).", self.worker_id, ",".join(self.queue_names))
        while self.running:
            self.beat()
            try:
                super().run()
            except DATABASE_UNAVAILABLE as error:
                self.wait_for_database(error)
                continue
            finally:
                self.startup_delay = False  # the random start-up delay, before the first pass only
            self.failures = 0
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Tasks worker %s ran %d tasks, its maximum: stopping.", self.worker_id, self._run_tasks)
                return
            if self.once:
                return
            if self.running:
                time.sleep(self.interval)

    def wait_for_database(self, error: Exception) -> None:
        self.failures += 1
        delay = backoff_delay(self.failures, base=self.backoff_base, cap=self.backoff_max)
        logger.error(
            "Database unavailable (failure %d in a row), retrying in %.1f s: %s",
            self.failures,
            delay,
            _error_summary(error),
        )
        # A broken connection is never reused: the next pass opens a new one.
        for connection in connections.all(initialized_only=True):
            with contextlib.suppress(*DATABASE_UNAVAILABLE):
                connection.close()  # forgets the connection even when closing it fails
        self.beat()
        time.sleep(delay)


def _positive_seconds(value: str) -> float:
    seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0:
        raise ArgumentTypeError("Must be a number of seconds greater than zero")
    return seconds


class Command(DbWorkerCommand):
    help = (
        "Run the tasks worker (django-tasks-db's db_worker) so that it survives database outages: "
        "connection errors are logged, and it waits with exponential backoff and carries on."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--backoff-base",
            type=_positive_seconds,
            default=1.0,
            help="Seconds to wait after the first database error; doubled after each further one (default 1).",
        )
        parser.add_argument(
            "--backoff-max",
            type=_positive_seconds,
            default=60.0,
            help="The longest wait between two attempts to reach the database (default 60).",
        )
        parser.add_argument(
            "--healthcheck-file",
            type=Path,
            default=None,
            help="A file touched before each pass, task and wait: a liveness check reads its age.",
        )

    def handle(  # type: ignore[override]  # the options this command adds, by name
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        backoff_base: float,
        backoff_max: float,
        healthcheck_file: Path | None,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        logger.setLevel(logging.CRITICAL if verbosity == 0 else logging.INFO)
        if verbosity == 1:
            # Its loop announces each start and end at INFO, which here is every pass.
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        if backoff_max < backoff_base:
            raise CommandError("--backoff-max must not be shorter than --backoff-base.")
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            backoff_base=backoff_base,
            backoff_max=backoff_max,
            healthcheck_file=healthcheck_file,
        )
        if reload and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
