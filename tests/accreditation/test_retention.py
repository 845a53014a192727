"""Personal data is erased ``forum.retention_days`` after the forum ends (purge_personal_data):
passport data, places and dates of birth, photos; what statistics need survives; the command
is idempotent and has a dry run. Then it sweeps orphaned private files (tests/imrf/test_private_files.py).

The tests commit, as the command does in production, so the purge's file deletions happen before
its sweep reads the storage; each has a private storage of its own, so the sweep's counts are
exact."""

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from freezegun import freeze_time

from accreditation.enums import DelegateStatus, Gender, VisaLetterStatus
from accreditation.models import Delegate, VisaLetter
from accreditation.services.retention import forum_purge_personal_data
from imrf.models import ActivityLog
from tests.factories import AccreditationFactory, DelegateFactory, ForumFactory, VisaLetterFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The forum ends on 8 May 2030 and keeps personal data 90 days: until 6 August inclusive.
LAST_DAY_KEPT = "2030-08-06 23:59:59"
FIRST_DAY_PURGED = "2030-08-07 00:00:00"


@pytest.fixture
def forum():
    return ForumFactory(starts_on=date(2030, 5, 5), ends_on=date(2030, 5, 8), retention_days=90)


@pytest.fixture(autouse=True)
def _own_private_storage(isolated_private_storage):
    return isolated_private_storage


@pytest.fixture
def world(forum):
    """Two representatives of the forum (one with a photo and an issued letter, one with a
    request), and one of a later forum whose data must stay."""
    accreditation = AccreditationFactory(forum=forum, accredited=True)
    pictured = DelegateFactory(
        accreditation=accreditation,
        with_photo=True,
        date_of_birth=date(1985, 3, 14),
        nationality="VN",
        gender=Gender.FEMALE,
        accessibility_needs="Wheelchair access.",
    )
    other = DelegateFactory(accreditation=accreditation, nationality="PL", gender=Gender.MALE)
    later = DelegateFactory(
        accreditation__forum=ForumFactory(starts_on=date(2031, 5, 5), ends_on=date(2031, 5, 8)), with_photo=True
    )
    return {
        "pictured": pictured,
        "other": other,
        "later": later,
        "issued": VisaLetterFactory(delegate=pictured, issued=True, passport_number="X98765432"),
        "requested": VisaLetterFactory(delegate=other, passport_number="P1234567"),
        "later_letter": VisaLetterFactory(delegate=later, issued=True, passport_number="L7654321"),
    }


def _purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def _swept(*, checked: int, in_use: int, verb: str = "removed") -> str:
    """The sweep's line, which ends every run: no orphan here, the purge deletes its own files."""
    return f"Private files: {checked} checked, {in_use} in use; orphans: 0 {verb}, 0 younger than 3600 s kept.\n"


def _raw_passport(letter) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT passport_number FROM {VisaLetter._meta.db_table} WHERE id = %s", [letter.pk])
        return cursor.fetchone()[0]


def _snapshot() -> list[tuple]:
    delegates = Delegate.objects.order_by("pk").values_list(
        "pk", "date_of_birth", "photo", "phone", "accessibility_needs", "name_key", "personal_data_purged_at"
    )
    letters = VisaLetter.objects.order_by("pk").values_list(
        "pk",
        "passport_number",
        "passport_issued_on",
        "passport_expires_on",
        "place_of_birth",
        "personal_data_purged_at",
    )
    return [*delegates, *letters]


def _photo_exists(delegate) -> bool:
    return Delegate._meta.get_field("photo").storage.exists(delegate.photo.name)


def test_nothing_is_purged_on_the_last_day_of_the_retention_period(world, django_capture_on_commit_callbacks):
    before = _snapshot()

    with freeze_time(LAST_DAY_KEPT), django_capture_on_commit_callbacks(execute=True):
        output = _purge()

    assert output == "No forum is past its retention period.\n" + _swept(checked=2, in_use=2)
    assert _snapshot() == before
    assert _photo_exists(world["pictured"])
    assert not ActivityLog.objects.filter(action="forum.personal_data_purged").exists()


def test_the_day_after_passport_data_and_dates_of_birth_are_erased(forum, world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks(execute=True):
        output = _purge()

    # The purged photo is gone before the sweep: the later forum's is the only file left.
    assert output == f"{forum.name}: 2 representatives, 2 letters, 1 photos purged.\n" + _swept(checked=1, in_use=1)
    purged_at = datetime.fromisoformat(f"{FIRST_DAY_PURGED}+00:00")
    for name in ("issued", "requested"):
        letter = VisaLetter.objects.get(pk=world[name].pk)
        assert (
            letter.passport_number,
            letter.passport_issued_on,
            letter.passport_expires_on,
            letter.place_of_birth,
            letter.personal_data_purged_at,
        ) == ("", None, None, "", purged_at), name
        assert _raw_passport(letter) == ""
    for name in ("pictured", "other"):
        delegate = Delegate.objects.get(pk=world[name].pk)
        assert (
            delegate.date_of_birth,
            delegate.photo.name,
            delegate.phone,
            delegate.accessibility_needs,
            delegate.personal_data_purged_at,
        ) == (None, "", "", "", purged_at), name
        assert delegate.name_key.endswith(f"||purged:{delegate.pk}")


def test_the_photo_file_is_deleted_from_storage_when_the_purge_commits(forum, world):
    photo = world["pictured"].photo.name
    storage = Delegate._meta.get_field("photo").storage

    # A purge that rolls back must not lose the file.
    with freeze_time(FIRST_DAY_PURGED), pytest.raises(RuntimeError), transaction.atomic():
        forum_purge_personal_data(forum=forum)
        raise RuntimeError("rolled back")
    assert storage.exists(photo)
    with freeze_time(FIRST_DAY_PURGED):
        _purge()

    assert not storage.exists(photo)
    assert _photo_exists(world["later"])


def test_what_statistics_need_survives_the_purge(world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks(execute=True):
        _purge()

    pictured = Delegate.objects.select_related("accreditation__organization").get(pk=world["pictured"].pk)
    assert (pictured.nationality.code, pictured.gender, pictured.status, pictured.slot) == (
        "VN",
        Gender.FEMALE,
        DelegateStatus.APPROVED,
        world["pictured"].slot,
    )
    assert pictured.accreditation.organization == world["pictured"].accreditation.organization
    assert (pictured.family_name, pictured.given_names) == (
        world["pictured"].family_name,
        world["pictured"].given_names,
    )
    letter = VisaLetter.objects.get(pk=world["issued"].pk)
    assert (letter.status, letter.reference, letter.consulate_country.code, letter.visa_outcome) == (
        VisaLetterStatus.ISSUED,
        world["issued"].reference,
        world["issued"].consulate_country.code,
        world["issued"].visa_outcome,
    )


def test_a_later_forum_keeps_its_data(world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks(execute=True):
        _purge()

    later = Delegate.objects.get(pk=world["later"].pk)
    letter = VisaLetter.objects.get(pk=world["later_letter"].pk)
    assert (later.date_of_birth, later.photo.name, later.personal_data_purged_at) == (
        world["later"].date_of_birth,
        world["later"].photo.name,
        None,
    )
    assert (letter.passport_number, letter.personal_data_purged_at) == ("L7654321", None)


def test_the_purge_writes_one_log_entry_without_personal_data(forum, world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks(execute=True):
        _purge()

    entry = ActivityLog.objects.get()
    assert (entry.action, entry.object_id, entry.actor, entry.data) == (
        "forum.personal_data_purged",
        str(forum.pk),
        None,
        {"delegates": 2, "letters": 2, "photos": 1},
    )


def test_a_second_run_changes_nothing_and_logs_nothing(forum, world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks(execute=True):
        _purge()
    after_first = _snapshot()
    updated = sorted(Delegate.objects.values_list("pk", "updated_at")) + sorted(
        VisaLetter.objects.values_list("pk", "updated_at")
    )

    with freeze_time("2030-08-08 06:00:00"), django_capture_on_commit_callbacks(execute=True):
        output = _purge()

    assert output == f"{forum.name}: 0 representatives, 0 letters, 0 photos purged.\n" + _swept(checked=1, in_use=1)
    assert _snapshot() == after_first
    assert (
        sorted(Delegate.objects.values_list("pk", "updated_at"))
        + sorted(VisaLetter.objects.values_list("pk", "updated_at"))
        == updated
    )
    assert ActivityLog.objects.filter(action="forum.personal_data_purged").count() == 1


def test_dry_run_lists_the_forum_and_changes_nothing(forum, world, django_capture_on_commit_callbacks):
    before = _snapshot()

    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks(execute=True):
        output = _purge("--dry-run")

    assert output == f"Would purge: {forum.name} (ended 2030-05-08, kept 90 days)\n" + _swept(
        checked=2, in_use=2, verb="to remove"
    )
    assert _snapshot() == before
    assert _photo_exists(world["pictured"])
    assert not ActivityLog.objects.exists()


def test_retention_days_of_the_forum_set_the_date(forum, world, django_capture_on_commit_callbacks):
    forum.retention_days = 10
    forum.save(update_fields=["retention_days"])

    with freeze_time("2030-05-18 12:00:00"), django_capture_on_commit_callbacks(execute=True):
        kept = _purge()
    with freeze_time("2030-05-19 00:00:00"), django_capture_on_commit_callbacks(execute=True):
        purged = _purge()

    assert kept == "No forum is past its retention period.\n" + _swept(checked=2, in_use=2)
    assert purged.startswith(f"{forum.name}: 2 representatives")


def test_namesakes_of_one_forum_are_purged_together(forum, django_capture_on_commit_callbacks):
    """Two people with the same name (told apart only by their dates of birth) in one forum,
    still approved after it ended: erasing the dates of birth must not make them "the same person"
    in the eyes of the one-person-per-forum constraint and stop the purge."""
    first = DelegateFactory(
        accreditation__forum=forum, family_name="Rahman", given_names="Mohammad", date_of_birth=date(1980, 1, 1)
    )
    second = DelegateFactory(
        accreditation__forum=forum, family_name="Rahman", given_names="Mohammad", date_of_birth=date(1990, 2, 2)
    )

    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks(execute=True):
        _purge()

    assert list(
        Delegate.objects.filter(pk__in=[first.pk, second.pk])
        .order_by()
        .values_list("date_of_birth", "status")
        .distinct()
    ) == [(None, DelegateStatus.APPROVED)]
