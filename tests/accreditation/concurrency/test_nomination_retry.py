"""When a nomination meets another transaction, the focal point gets a clear answer — "try
again" or "already nominated" — never an error page, and a refused nomination leaves no photo
behind. Proven on PostgreSQL with real connections in threads (row locks and unique-index
waits are real only there)."""

import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction

from accreditation.enums import DelegateStatus
from accreditation.errors import AccreditationError
from accreditation.models import Accreditation, Delegate
from accreditation.services.nominations import delegate_nominate
from tests.factories import AccreditationFactory, DelegateFactory, image_bytes
from tests.helpers import private_files, wait_until

PERSON = {
    "family_name": "Mensah",
    "given_names": "Kofi Atta",
    "date_of_birth": date(1980, 5, 17),
    "nationality": "GH",
    "country_of_residence": "GH",
    "email": "kofi@example.org",
    "modality": "in_person",
}


def _photos() -> list[Path]:
    return sorted(private_files())


def _photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("kofi.jpg", image_bytes(), content_type="image/jpeg")


def _waiting_for_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def _in_thread(work) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as exc:
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_nomination_blocked_too_long_by_another_asks_to_try_again(accredited, focal_point, settings):
    settings.LOCK_TIMEOUT_SECONDS = 0.3
    accreditation, user = accredited, focal_point.user
    locked, release = threading.Event(), threading.Event()

    def hold_the_accreditation() -> None:
        with transaction.atomic():
            Accreditation.objects.select_for_update().get(pk=accreditation.pk)
            locked.set()
            release.wait(timeout=20)

    holder, _ = _in_thread(hold_the_accreditation)
    locked.wait(timeout=20)
    photos_before = _photos()  # (other tests of this worker leave their files in the same root)
    try:
        with pytest.raises(AccreditationError) as refused:
            delegate_nominate(accreditation=accreditation, data=PERSON, actor=user, photo=_photo())
    finally:
        release.set()
        holder.join(timeout=20)

    assert refused.value.code == "retry"
    assert str(refused.value) == (
        "Many changes are being made to your organization's representatives right now. Please try again."
    )
    assert Delegate.objects.count() == 0
    assert _photos() == photos_before


@contextmanager
def _same_person_uncommitted_elsewhere(accreditation):
    """Another organization nominates PERSON in a transaction that stays open for the block and
    commits when it ends. Yields that thread's outcome."""
    other = AccreditationFactory(forum=accreditation.forum, accredited=True)
    inserted, finish = threading.Event(), threading.Event()

    def nominate_elsewhere() -> None:
        with transaction.atomic():
            DelegateFactory(accreditation=other, status=DelegateStatus.NOMINATED, **PERSON)
            inserted.set()
            finish.wait(timeout=20)

    elsewhere, outcome = _in_thread(nominate_elsewhere)
    inserted.wait(timeout=20)
    try:
        yield outcome
    finally:
        finish.set()
        elsewhere.join(timeout=20)


def test_the_same_person_nominated_elsewhere_at_the_same_moment_is_refused_and_leaves_no_photo(accredited, focal_point):
    accreditation, user = accredited, focal_point.user

    with _same_person_uncommitted_elsewhere(accreditation) as elsewhere_outcome:
        photos_before = _photos()
        # Our nomination does not see the uncommitted row, passes its checks, and its insert
        # waits on the unique index until the other transaction commits: the backstop then
        # refuses it.
        ours, outcome = _in_thread(
            lambda: delegate_nominate(accreditation=accreditation, data=PERSON, actor=user, photo=_photo())
        )
        wait_until(_waiting_for_a_lock, "the other transaction to wait for the lock", timeout=20)
    ours.join(timeout=20)

    assert "error" not in elsewhere_outcome
    assert isinstance(outcome.get("error"), AccreditationError), outcome
    assert outcome["error"].code == "duplicate_person"
    assert Delegate.objects.filter(accreditation=accreditation).count() == 0
    assert _photos() == photos_before


def test_waiting_too_long_on_the_same_person_elsewhere_asks_to_try_again_and_leaves_no_photo(
    accredited, focal_point, settings
):
    settings.LOCK_TIMEOUT_SECONDS = 0.5
    accreditation, user = accredited, focal_point.user

    with _same_person_uncommitted_elsewhere(accreditation), pytest.raises(AccreditationError) as refused:
        photos_before = _photos()
        delegate_nominate(accreditation=accreditation, data=PERSON, actor=user, photo=_photo())

    assert refused.value.code == "retry"
    assert Delegate.objects.filter(accreditation=accreditation).count() == 0
    assert _photos() == photos_before
