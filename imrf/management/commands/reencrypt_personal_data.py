"""Re-encrypt every encrypted value under the newest key of ``FIELD_ENCRYPTION_KEYS``.

Step 2 of a key rotation (docs/deployment.md): once every process runs with the new key first
and the old keys after it, this rewrites each value still under an old key, so the old keys can
then be removed. Idempotent: a value the newest key already decrypts is left alone, so a run
that is interrupted, or repeated, is harmless.

It works on the raw column (never through the model), batch by batch, each batch in its own
transaction: ``MultiFernet.rotate`` turns old ciphertext into new ciphertext without the
plaintext ever reaching this code, and each row is updated only if its ciphertext is still the
one that was read (a row rewritten meanwhile by the application already uses the newest key).
Nothing but counts and row ids is printed or logged.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from imrf.activity import log_action
from imrf.crypto import DecryptionError, EncryptedCharField, is_under_newest_key, rotate

# Row ids of unreadable values printed per field, at most (they are not personal data).
MAX_IDS_SHOWN = 20


@dataclass
class FieldReport:
    label: str
    reencrypted: int = 0
    current: int = 0
    changed_meanwhile: int = 0
    unreadable_ids: list = field(default_factory=list)

    @property
    def unreadable(self) -> int:
        return len(self.unreadable_ids)


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedCharField]]:
    """Every encrypted column of every installed model, once (no proxies, no inherited copies)."""
    for model in apps.get_models():
        options = model._meta
        if options.proxy or options.swapped or not options.managed:
            continue
        for model_field in options.local_concrete_fields:
            if isinstance(model_field, EncryptedCharField):
                yield model, model_field


def reencrypt_field(
    model: type[models.Model], model_field: EncryptedCharField, *, using: str, batch_size: int, dry_run: bool
) -> FieldReport:
    connection = connections[using]
    quote = connection.ops.quote_name
    table, column, pk = quote(model._meta.db_table), quote(model_field.column), quote(model._meta.pk.column)
    # Names come from the models' own metadata, quoted; values are always parameters.
    has_value = f"{column} IS NOT NULL AND {column} <> ''"
    first_batch = f"SELECT {pk}, {column} FROM {table} WHERE {has_value} ORDER BY {pk} LIMIT %s"  # noqa: S608  # nosec B608  # quoted model names
    next_batch = f"SELECT {pk}, {column} FROM {table} WHERE {pk} > %s AND {has_value} ORDER BY {pk} LIMIT %s"  # noqa: S608  # nosec B608  # quoted model names
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s"  # noqa: S608  # nosec B608  # quoted model names

    report = FieldReport(label=f"{model._meta.label}.{model_field.name}")
    last_pk = None
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            if last_pk is None:
                cursor.execute(first_batch, [batch_size])
            else:
                cursor.execute(next_batch, [last_pk, batch_size])
            rows = cursor.fetchall()
            for row_pk, token in rows:
                if is_under_newest_key(token):
                    report.current += 1
                    continue
                try:
                    new_token = rotate(token)
                except DecryptionError:
                    report.unreadable_ids.append(row_pk)
                    continue
                if dry_run:
                    report.reencrypted += 1
                    continue
                cursor.execute(update, [new_token, row_pk, token])
                if cursor.rowcount == 1:
                    report.reencrypted += 1
                else:
                    report.changed_meanwhile += 1
        if len(rows) < batch_size:
            return report
        last_pk = rows[-1][0]


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value (passport numbers) under the first key of "
        "FIELD_ENCRYPTION_KEYS, so that the older keys can be removed. Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be re-encrypted; change nothing.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, dry_run: bool, batch_size: int, database: str, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        reports = []
        for model, model_field in encrypted_fields():
            report = reencrypt_field(model, model_field, using=database, batch_size=batch_size, dry_run=dry_run)
            reports.append(report)
            line = f"{report.label}: {report.reencrypted} {verb}, {report.current} already under the newest key"
            if report.changed_meanwhile:
                line += f", {report.changed_meanwhile} rewritten meanwhile by the application (skipped)"
            if report.unreadable:
                shown = ", ".join(str(pk) for pk in report.unreadable_ids[:MAX_IDS_SHOWN])
                more = ", …" if report.unreadable > MAX_IDS_SHOWN else ""
                line += f", {report.unreadable} unreadable with the configured keys (ids {shown}{more})"
            self.stdout.write(line)

        total = sum(report.reencrypted for report in reports)
        unreadable = sum(report.unreadable for report in reports)
        self.stdout.write(f"Total: {total} {verb}, {sum(report.current for report in reports)} already current.")
        if not dry_run and total:
            log_action(
                action="personal_data.reencrypted",
                target=None,
                data={
                    "fields": [
                        {"field": r.label, "reencrypted": r.reencrypted, "unreadable": r.unreadable} for r in reports
                    ]
                },
            )
        if unreadable:
            raise CommandError(
                f"{unreadable} values cannot be decrypted with any configured key: keep every old key "
                "in FIELD_ENCRYPTION_KEYS until they are resolved (the others were processed)."
            )
