"""Remove files of the private storage that no row refers to (orphans of a crashed upload).

Run by the daily ``purge_personal_data`` too; see docs/deployment.md. Prints counts, and in a
dry run the server-generated names it would remove: never a file's content or personal data.
"""

from django.core.management.base import BaseCommand, CommandError

from imrf.private_files import DEFAULT_MIN_AGE_SECONDS, NoPrivateFileField, sweep_private_files


class Command(BaseCommand):
    help = (
        "Remove files of the private storage (documents, photos) that no row refers to and that are "
        "older than --min-age-seconds (default an hour). Safe to run at any time."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--min-age-seconds",
            type=int,
            default=DEFAULT_MIN_AGE_SECONDS,
            help="Leave orphans younger than this alone, an upload may still be committing "
            f"(default {DEFAULT_MIN_AGE_SECONDS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the orphans that would be removed; remove nothing."
        )

    def handle(self, *args, min_age_seconds: int, dry_run: bool, verbosity: int, **options) -> None:
        if min_age_seconds < 0:
            raise CommandError("--min-age-seconds must be zero or more.")
        try:
            report = sweep_private_files(min_age_seconds=min_age_seconds, dry_run=dry_run)
        except NoPrivateFileField as exc:
            raise CommandError(str(exc)) from exc
        if dry_run or verbosity > 1:
            for name in report.orphans:
                self.stdout.write(f"{'Would remove' if dry_run else 'Removed'}: {name}")
        self.stdout.write(report.summary)
