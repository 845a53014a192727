"""Erase what the privacy notice's retention table says goes (imrf/privacy.py): a forum's personal
data ``forum.retention_days`` after it ended, and IP addresses and expired sessions after their
fixed period; then sweep the private storage of orphaned files. Safe to run every day (it does
nothing the second time); see docs/deployment.md."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accreditation.services.retention import (
    PurgeReport,
    forum_purge_personal_data,
    forums_due_for_purge,
    personal_data_expire,
)
from imrf.private_files import NoPrivateFileField, sweep_private_files


def _counts(report: PurgeReport) -> str:
    """``name=count`` pairs, with the keys of the log entry's data (one word each, easy to grep)."""
    return " ".join(f"{name}={count}" for name, count in report.counts.items())


class Command(BaseCommand):
    help = (
        "Erase personal data past its retention period (the privacy notice's table), then remove "
        "orphaned private files (idempotent; run daily)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the forums that would be purged and count orphaned files; change nothing.",
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        self._purge(dry_run=dry_run)
        # Files a crashed upload left behind hold personal data no row points to any more.
        try:
            report = sweep_private_files(dry_run=dry_run)
        except NoPrivateFileField as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary)

    def _purge(self, *, dry_run: bool) -> None:
        forums = forums_due_for_purge()
        if not forums:
            self.stdout.write("No forum is past its retention period.")
        for forum in forums:
            if dry_run:
                self.stdout.write(
                    f"Would purge: {forum.name} (ended {forum.ends_on}, kept {forum.retention_days} days)"
                )
                continue
            report = forum_purge_personal_data(forum=forum)
            self.stdout.write(f"{forum.name}: erased {_counts(report)}")
        if dry_run:
            self.stdout.write(
                f"Would erase IP addresses older than {settings.ACTIVITY_IP_RETENTION_DAYS} days, and expired sessions."
            )
            return
        report = personal_data_expire()
        self.stdout.write(f"Past their period: erased {_counts(report)}")
