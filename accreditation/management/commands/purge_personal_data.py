"""Erase passport data, photos and dates of birth ``forum.retention_days`` after each forum
ended, then sweep the private storage of orphaned files. Safe to run every day (it does nothing
the second time); see docs/deployment.md."""

from django.core.management.base import BaseCommand, CommandError

from accreditation.services.retention import forum_purge_personal_data, forums_due_for_purge
from imrf.private_files import NoPrivateFileField, sweep_private_files


class Command(BaseCommand):
    help = (
        "Erase personal data of forums whose retention period has passed, then remove orphaned private "
        "files (idempotent; run daily)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the forums that would be purged and count orphaned files; change nothing.",
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        self._purge_forums(dry_run=dry_run)
        # Files a crashed upload left behind hold personal data no row points to any more.
        try:
            report = sweep_private_files(dry_run=dry_run)
        except NoPrivateFileField as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary)

    def _purge_forums(self, *, dry_run: bool) -> None:
        forums = forums_due_for_purge()
        if not forums:
            self.stdout.write("No forum is past its retention period.")
            return
        for forum in forums:
            if dry_run:
                self.stdout.write(
                    f"Would purge: {forum.name} (ended {forum.ends_on}, kept {forum.retention_days} days)"
                )
                continue
            report = forum_purge_personal_data(forum=forum)
            self.stdout.write(
                f"{forum.name}: {report.delegates} representatives, {report.letters} letters, "
                f"{report.photos} photos purged."
            )
