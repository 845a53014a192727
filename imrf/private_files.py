"""Orphans of the private storage: files that no row refers to, left by a process that died
between writing a file and committing its row (a rollback removes its own file; a SIGKILL
cannot). ``sweep_private_files`` finds them through the storage API only, so the local disk
and S3-compatible storage are swept alike.

Which files are in use is read from every model field whose storage is the private storage
(today ``AccreditationDocument.file`` and ``Delegate.photo``), found by walking the models, so
a new file field on that storage is covered without touching this module.
"""

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import Storage, storages
from django.db import models, transaction
from django.utils import timezone

from imrf.activity import log_action

# A file younger than this may belong to a transaction still running: never touched.
DEFAULT_MIN_AGE_SECONDS = 3600


class NoPrivateFileField(RuntimeError):
    """No model field uses the storage: every file would look orphaned, so nothing is swept."""


@dataclass
class SweepReport:
    min_age_seconds: int
    checked: int = 0
    in_use: int = 0
    young: int = 0
    removed: int = 0
    dry_run: bool = False
    # Names of the orphans removed (or, in a dry run, that would be): server-generated and random.
    orphans: list[str] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        return {
            "checked": self.checked,
            "in_use": self.in_use,
            "young_orphans_kept": self.young,
            "removed": self.removed,
        }

    @property
    def summary(self) -> str:
        """One line of counts for the operator."""
        verb = "to remove" if self.dry_run else "removed"
        return (
            f"Private files: {self.checked} checked, {self.in_use} in use; orphans: {self.removed} {verb}, "
            f"{self.young} younger than {self.min_age_seconds} s kept."
        )


def _same_storage(candidate: Storage, storage: Storage) -> bool:
    # The instance the fields were built with, or one built from the same configuration (after
    # a settings change Django builds a new instance of the same storage).
    if candidate is storage:
        return True
    deconstruct = getattr(candidate, "deconstruct", None)
    return (
        deconstruct is not None
        and type(candidate) is type(storage)
        and candidate.deconstruct() == storage.deconstruct()  # type: ignore[attr-defined]
    )


def private_file_fields(storage: Storage) -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every concrete file field of every installed model that stores its files in ``storage``."""
    for model in apps.get_models():
        options = model._meta
        if options.proxy or options.swapped or not options.managed:
            continue
        for model_field in options.local_concrete_fields:
            if isinstance(model_field, models.FileField) and _same_storage(model_field.storage, storage):
                yield model, model_field


def stored_names(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name under ``directory``, recursively, as the storage names them."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return  # a local storage nothing was ever written to
    for name in files:
        yield posixpath.join(directory, name) if directory else name
    for name in directories:
        yield from stored_names(storage, posixpath.join(directory, name) if directory else name)


def names_in_use(storage: Storage) -> set[str]:
    """The names every row of every private file field refers to."""
    fields = list(private_file_fields(storage))
    if not fields:
        raise NoPrivateFileField("No model field stores its files in this storage; nothing was swept.")
    in_use: set[str] = set()
    for model, model_field in fields:
        rows = model._base_manager.exclude(**{f"{model_field.attname}__isnull": True}).exclude(
            **{model_field.attname: ""}
        )
        in_use.update(rows.values_list(model_field.attname, flat=True).iterator())
    return in_use


def sweep_private_files(
    *, min_age_seconds: int = DEFAULT_MIN_AGE_SECONDS, dry_run: bool = False, storage: Storage | None = None
) -> SweepReport:
    """Remove the private files no row refers to that are older than ``min_age_seconds``
    (after the commit of the transaction the rows were read in)."""
    storage = storage if storage is not None else storages["private"]
    # Listed before the rows are read: a file whose row commits meanwhile is then seen in use.
    names = sorted(stored_names(storage))
    in_use = names_in_use(storage)
    threshold = timezone.now() - timedelta(seconds=min_age_seconds)
    report = SweepReport(min_age_seconds=min_age_seconds, checked=len(names), dry_run=dry_run)
    for name in names:
        if name in in_use:
            report.in_use += 1
            continue
        # Asked only of orphans (one request each on S3), never of the files in use.
        try:
            modified = storage.get_modified_time(name)
        except Exception:
            # Each backend says "no such file" its own way (S3: a ClientError).
            if storage.exists(name):
                raise
            continue  # removed meanwhile (a purge's or a rollback's own cleanup)
        if modified > threshold:
            report.young += 1
            continue
        report.orphans.append(name)
        report.removed += 1
    if report.removed and not dry_run:
        log_action(action="private_files.swept", target=None, data=report.as_counts())
        orphans = list(report.orphans)

        def delete_orphans() -> None:
            for name in orphans:
                storage.delete(name)

        # At once from a command; inside a caller's transaction only once it commits, so a
        # rollback never leaves a row pointing at a file this removed.
        transaction.on_commit(delete_orphans)
    return report
