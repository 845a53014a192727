"""Erase passport data, photos and dates of birth ``forum.retention_days`` after each forum
ended. Safe to run every day (it does nothing the second time); see docs/deployment.md."""

from django.core.management.base import BaseCommand

from accreditation.services.retention import forum_purge_personal_data, forums_due_for_purge


class Command(BaseCommand):
    help = "Erase personal data of forums whose retention period has passed (idempotent; run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List the forums that would be purged.")

    def handle(self, *args, dry_run: bool, **options) -> None:
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
