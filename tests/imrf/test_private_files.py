"""No orphan files: ``sweep_private_files`` removes the private files no row refers to once they
are older than an hour, on the local disk and on S3 (the in-memory bucket stand-in); the
daily purge runs it at its end."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from accreditation.models import AccreditationDocument, Delegate
from imrf.models import ActivityLog
from imrf.private_files import NoPrivateFileField, private_file_fields, stored_names, sweep_private_files
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    image_bytes,
)
from tests.helpers import wait_until
from tests.storage_doubles import BucketStorage

pytestmark = pytest.mark.django_db

BOTH_STORAGES = pytest.mark.parametrize("isolated_private_storage", ["local", "bucket"], indirect=True)
TWO_HOURS = 2 * 60 * 60


def _age(storage, name: str, seconds: int) -> None:
    """Make a stored file look ``seconds`` old."""
    if isinstance(storage, BucketStorage):
        storage.set_modified_time(name, timezone.now() - timedelta(seconds=seconds))
    else:
        then = time.time() - seconds
        os.utime(storage.path(name), (then, then))


def _orphan(storage, name: str, *, age: int = TWO_HOURS) -> str:
    """A file no row refers to, as a process killed before its commit leaves it."""
    stored = storage.save(name, ContentFile(image_bytes(size=(8, 8))))
    _age(storage, stored, age)
    return stored


def _world(storage) -> dict[str, str]:
    """A photo and a document in use (old, like everything kept for months), and orphans."""
    delegate = DelegateFactory(with_photo=True)
    document = AccreditationDocumentFactory()
    _age(storage, delegate.photo.name, TWO_HOURS)
    _age(storage, document.file.name, TWO_HOURS)
    return {
        "photo": delegate.photo.name,
        "document": document.file.name,
        "old_photo": _orphan(storage, "photos/0ld0rphan.jpg"),
        "old_document": _orphan(storage, "documents/0ld0rphan.pdf"),
        "young_photo": _orphan(storage, "photos/y0ung0rphan.jpg", age=10 * 60),
    }


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a command as from a shell, where what it leaves to the commit happens at once."""

    def run(command: str, *args: str) -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(command, *args, stdout=out)
        return out.getvalue()

    return run


def test_the_private_file_fields_are_found_by_walking_the_models(isolated_private_storage):
    found = {(model, model_field.name) for model, model_field in private_file_fields(isolated_private_storage)}

    assert found == {(AccreditationDocument, "file"), (Delegate, "photo")}


@BOTH_STORAGES
def test_old_orphans_are_removed_and_files_in_use_and_young_orphans_kept(isolated_private_storage, run):
    storage = isolated_private_storage
    files = _world(storage)

    output = run("sweep_private_files")

    assert output == ("Private files: 5 checked, 2 in use; orphans: 2 removed, 1 younger than 3600 s kept.\n")
    assert sorted(stored_names(storage)) == sorted([files["photo"], files["document"], files["young_photo"]])


@BOTH_STORAGES
def test_a_dry_run_lists_the_old_orphans_and_removes_nothing(isolated_private_storage, run):
    storage = isolated_private_storage
    files = _world(storage)
    before = sorted(stored_names(storage))

    output = run("sweep_private_files", "--dry-run")

    assert output.splitlines() == [
        f"Would remove: {files['old_document']}",
        f"Would remove: {files['old_photo']}",
        "Private files: 5 checked, 2 in use; orphans: 2 to remove, 1 younger than 3600 s kept.",
    ]
    assert sorted(stored_names(storage)) == before
    assert not ActivityLog.objects.exists()


@BOTH_STORAGES
def test_the_age_threshold_is_an_option(isolated_private_storage, run):
    storage = isolated_private_storage
    ten_minutes_old = _orphan(storage, "photos/t3n.jpg", age=10 * 60)

    kept = run("sweep_private_files")
    removed = run("sweep_private_files", "--min-age-seconds", "300")

    assert kept.endswith("orphans: 0 removed, 1 younger than 3600 s kept.\n")
    assert removed.endswith("orphans: 1 removed, 0 younger than 300 s kept.\n")
    assert not storage.exists(ten_minutes_old)


@BOTH_STORAGES
def test_the_sweep_logs_its_counts_and_no_file_name(isolated_private_storage, run):
    files = _world(isolated_private_storage)

    run("sweep_private_files")

    entry = ActivityLog.objects.get()
    assert (entry.action, entry.object_id, entry.actor, entry.data) == (
        "private_files.swept",
        "",
        None,
        {"checked": 5, "in_use": 2, "young_orphans_kept": 1, "removed": 2},
    )
    assert not any(name in str(entry.data) for name in files.values())


@BOTH_STORAGES
def test_a_sweep_with_nothing_to_remove_logs_nothing(isolated_private_storage, run):
    delegate = DelegateFactory(with_photo=True)
    _age(isolated_private_storage, delegate.photo.name, TWO_HOURS)

    output = run("sweep_private_files")

    assert output == "Private files: 1 checked, 1 in use; orphans: 0 removed, 0 younger than 3600 s kept.\n"
    assert not ActivityLog.objects.exists()


def test_an_empty_local_storage_is_swept_without_error(isolated_private_storage, run):
    assert not os.path.exists(isolated_private_storage.location)

    output = run("sweep_private_files")

    assert output == "Private files: 0 checked, 0 in use; orphans: 0 removed, 0 younger than 3600 s kept.\n"


def test_a_storage_no_field_uses_is_never_swept(isolated_private_storage, tmp_path):
    # Every file of a storage no model refers to would look orphaned: refused, nothing removed.
    elsewhere = FileSystemStorage(location=tmp_path / "elsewhere")
    stray = _orphan(elsewhere, "photos/stray.jpg")

    with pytest.raises(NoPrivateFileField):
        sweep_private_files(storage=elsewhere)

    assert elsewhere.exists(stray)


def test_a_file_removed_between_listing_and_its_age_check_is_skipped(isolated_private_storage, monkeypatch):
    monkeypatch.setattr(
        FileSystemStorage, "listdir", lambda storage, path: ([], ["gone.jpg"]) if path == "" else ([], [])
    )

    report = sweep_private_files()

    assert report.as_counts() == {"checked": 1, "in_use": 0, "young_orphans_kept": 0, "removed": 0}


@BOTH_STORAGES
def test_orphans_are_removed_only_once_the_sweep_commits(isolated_private_storage, django_capture_on_commit_callbacks):
    storage = isolated_private_storage
    orphan = _orphan(storage, "photos/0ld0rphan.jpg")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = sweep_private_files()
        # The caller's transaction may still roll back: the file stays until it commits.
        assert storage.exists(orphan)
    for callback in callbacks:
        callback()

    assert report.orphans == [orphan]
    assert not storage.exists(orphan)


@pytest.mark.parametrize("isolated_private_storage", ["bucket"], indirect=True)
def test_a_missing_object_is_skipped_on_s3_too(isolated_private_storage, monkeypatch):
    monkeypatch.setattr(BucketStorage, "listdir", lambda storage, path: ([], ["gone.jpg"]))

    report = sweep_private_files()

    assert report.as_counts() == {"checked": 1, "in_use": 0, "young_orphans_kept": 0, "removed": 0}


def test_a_negative_age_threshold_is_refused(isolated_private_storage, run):
    with pytest.raises(CommandError, match="--min-age-seconds must be zero or more"):
        run("sweep_private_files", "--min-age-seconds", "-1")


@BOTH_STORAGES
def test_the_daily_purge_sweeps_at_its_end(isolated_private_storage, run):
    storage = isolated_private_storage
    files = _world(storage)

    output = run("purge_personal_data")

    assert output.splitlines() == [
        "No forum is past its retention period.",
        "Past their period: erased ip_addresses=0 expired_sessions=0",
        "Private files: 5 checked, 2 in use; orphans: 2 removed, 1 younger than 3600 s kept.",
    ]
    assert sorted(stored_names(storage)) == sorted([files["photo"], files["document"], files["young_photo"]])


@BOTH_STORAGES
def test_the_daily_purge_dry_run_removes_no_orphan(isolated_private_storage, run):
    storage = isolated_private_storage
    _world(storage)
    before = sorted(stored_names(storage))

    output = run("purge_personal_data", "--dry-run")

    assert output.splitlines()[-1] == (
        "Private files: 5 checked, 2 in use; orphans: 2 to remove, 1 younger than 3600 s kept."
    )
    assert sorted(stored_names(storage)) == before


# --- A real crash, on PostgreSQL ----------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]

# A nomination with a photo, in a process of its own with the production settings (from the
# environment only) and the real storage: it writes the photo, then waits at its INSERT for the
# table lock the test holds, until the test kills it.
NOMINATION = """
import io
import json
import sys
from datetime import date

import environ

environ.Env.read_env = lambda *args, **kwargs: None

import django

django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accreditation.models import Accreditation
from accreditation.services.nominations import delegate_nominate

buffer = io.BytesIO()
Image.new("RGB", (400, 400), (30, 90, 140)).save(buffer, format="JPEG")
person = json.loads(sys.argv[2])
delegate_nominate(
    accreditation=Accreditation.objects.get(pk=int(sys.argv[1])),
    data={**person, "date_of_birth": date.fromisoformat(person["date_of_birth"])},
    actor=None,
    photo=SimpleUploadedFile("kofi.jpg", buffer.getvalue(), content_type="image/jpeg"),
)
print("committed", flush=True)
"""

PERSON = {
    "family_name": "Mensah",
    "given_names": "Kofi Atta",
    "date_of_birth": "1980-05-17",
    "nationality": "GH",
    "country_of_residence": "GH",
    "email": "kofi@example.org",
    "modality": "in_person",
}


def _database_url() -> str:
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _other_backends_waiting_for_a_lock() -> list[int]:
    with connection.cursor() as cursor:
        # Inside a transaction the activity view is a snapshot taken once, unless cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND wait_event_type = 'Lock'"
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_nomination_killed_after_writing_its_photo_leaves_an_orphan_the_sweep_removes(
    isolated_private_storage, settings, run
):
    storage = isolated_private_storage
    accreditation = AccreditationFactory(forum=ActiveForumFactory(), accredited=True)
    kept = DelegateFactory(accreditation=accreditation, with_photo=True)
    _age(storage, kept.photo.name, TWO_HOURS)
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "imrf.settings",
        "SECRET_KEY": "crash-test-" + "s" * 50,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "DATABASE_URL": _database_url(),
        "PRIVATE_MEDIA_ROOT": str(storage.location),
        # It must wait at the INSERT until killed, not give up and clean up after itself.
        "LOCK_TIMEOUT_SECONDS": "600",
    }

    with transaction.atomic():
        with connection.cursor() as cursor:
            # Reads go on (the cap check), inserts wait: the process stops after its photo write.
            cursor.execute(f"LOCK TABLE {Delegate._meta.db_table} IN SHARE MODE")
        process = subprocess.Popen(
            [sys.executable, "-c", NOMINATION, str(accreditation.pk), json.dumps(PERSON)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            wait_until(_other_backends_waiting_for_a_lock, "the nomination to wait at its INSERT", process=process)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        stdout, _stderr = process.communicate()
        with connection.cursor() as cursor:
            # PostgreSQL would notice the lost client at its next read; ended now, so nothing waits.
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    assert process.returncode == -signal.SIGKILL
    assert b"committed" not in stdout
    assert list(Delegate.objects.values_list("pk", flat=True)) == [kept.pk]
    orphans = sorted(set(stored_names(storage)) - {kept.photo.name})
    assert len(orphans) == 1 and orphans[0].startswith("photos/")
    # Negative controls: nobody removes the orphan but the sweep, and not while it may be an
    # upload still committing.
    assert storage.exists(orphans[0])
    young = run("sweep_private_files")
    assert young == "Private files: 2 checked, 1 in use; orphans: 0 removed, 1 younger than 3600 s kept.\n"
    assert storage.exists(orphans[0])

    _age(storage, orphans[0], TWO_HOURS)
    swept = run("sweep_private_files")

    assert swept == "Private files: 2 checked, 1 in use; orphans: 1 removed, 0 younger than 3600 s kept.\n"
    assert sorted(stored_names(storage)) == [kept.photo.name]
