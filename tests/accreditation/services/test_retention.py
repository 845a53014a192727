"""Personal data is erased ``forum.retention_days`` after the forum ends (purge_personal_data):
passport data, places and dates of birth, photos; what statistics need survives; the command
is idempotent and has a dry run. Every row of the privacy notice's retention table is checked in
test_retention_matrix.py."""

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from accreditation.enums import DelegateStatus, Gender, VisaLetterStatus
from accreditation.models import AccreditationDocument, Delegate, Organization, VisaLetter
from accreditation.models.document import private_storage
from accreditation.services.invitations import delegate_invite, invitation_accept, invitation_token
from imrf.erasure import erased_email
from imrf.models import ActivityLog, User
from tests.factories import (
    PASSWORD,
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActivityLogFactory,
    DelegateFactory,
    ForumFactory,
    OrganizationFactory,
    UserFactory,
    VisaLetterFactory,
)
from tests.helpers import stored_passport_number, without_the_sweep

# The purge ends with the orphan-file sweep: a storage of each test's own, so the sweep never meets
# (and, with the clock moved years on, removes) other tests' files.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_private_storage")]


# The forum ends on 8 May 2030 and keeps personal data 90 days: until 6 August inclusive.
LAST_DAY_KEPT = "2030-08-06 23:59:59"
FIRST_DAY_PURGED = "2030-08-07 00:00:00"
NOTHING_PAST_ITS_PERIOD = "Past their period: erased ip_addresses=0 expired_sessions=0\n"
# The counts of a purge of the world below: one organization applied to no later forum.
WORLD_COUNTS = {
    "letters": 2,
    "representatives": 2,
    "photos": 1,
    "accounts": 0,
    "email_addresses": 0,
    "authenticators": 0,
    "log_entries": 0,
    "sessions": 0,
    "email_tasks": 0,
    "documents": 0,
    "organizations": 1,
}


def _counts_line(forum, counts: dict[str, int]) -> str:
    return f"{forum.name}: erased " + " ".join(f"{name}={count}" for name, count in counts.items()) + "\n"


@pytest.fixture
def forum():
    return ForumFactory(starts_on=date(2030, 5, 5), ends_on=date(2030, 5, 8), retention_days=90)


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
    return without_the_sweep(out.getvalue())


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

    with freeze_time(LAST_DAY_KEPT):
        output = _purge()

    assert output == "No forum is past its retention period.\n" + NOTHING_PAST_ITS_PERIOD
    assert _snapshot() == before
    assert _photo_exists(world["pictured"])
    assert not ActivityLog.objects.filter(action="forum.personal_data_purged").exists()


def test_the_day_after_passport_data_and_dates_of_birth_are_erased(forum, world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED):
        output = _purge()

    assert output == _counts_line(forum, WORLD_COUNTS) + NOTHING_PAST_ITS_PERIOD
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
        assert stored_passport_number(letter) == ""
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


def test_the_photo_file_is_deleted_from_storage_when_the_purge_commits(world, django_capture_on_commit_callbacks):
    photo = world["pictured"].photo.name
    storage = Delegate._meta.get_field("photo").storage

    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks() as callbacks:
        _purge()
        assert storage.exists(photo)  # a rolled-back purge must not lose the file
    for callback in callbacks:
        callback()

    assert not storage.exists(photo)
    assert _photo_exists(world["later"])


def test_what_statistics_need_survives_the_purge(world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED):
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
    with freeze_time(FIRST_DAY_PURGED):
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
    with freeze_time(FIRST_DAY_PURGED):
        _purge()

    # (The sweep that ends the command logs its own entry when it removes a file.)
    entry = ActivityLog.objects.exclude(action="private_files.swept").get()
    assert (entry.action, entry.object_id, entry.actor, entry.data) == (
        "forum.personal_data_purged",
        str(forum.pk),
        None,
        WORLD_COUNTS,
    )


def test_a_second_run_changes_nothing_and_logs_nothing(forum, world, django_capture_on_commit_callbacks):
    with freeze_time(FIRST_DAY_PURGED):
        _purge()
    after_first = _snapshot()
    updated = sorted(Delegate.objects.values_list("pk", "updated_at")) + sorted(
        VisaLetter.objects.values_list("pk", "updated_at")
    )

    with freeze_time("2030-08-08 06:00:00"):
        output = _purge()

    assert output == _counts_line(forum, dict.fromkeys(WORLD_COUNTS, 0)) + NOTHING_PAST_ITS_PERIOD
    assert _snapshot() == after_first
    assert (
        sorted(Delegate.objects.values_list("pk", "updated_at"))
        + sorted(VisaLetter.objects.values_list("pk", "updated_at"))
        == updated
    )
    assert ActivityLog.objects.filter(action="forum.personal_data_purged").count() == 1


def test_dry_run_lists_the_forum_and_changes_nothing(forum, world, django_capture_on_commit_callbacks):
    before = _snapshot()

    with freeze_time(FIRST_DAY_PURGED):
        output = _purge("--dry-run")

    assert output == (
        f"Would purge: {forum.name} (ended 2030-05-08, kept 90 days)\n"
        "Would erase IP addresses older than 90 days, and expired sessions.\n"
    )
    assert _snapshot() == before
    assert _photo_exists(world["pictured"])
    assert not ActivityLog.objects.exists()


def test_retention_days_of_the_forum_set_the_date(forum, world, django_capture_on_commit_callbacks):
    forum.retention_days = 10
    forum.save(update_fields=["retention_days"])

    with freeze_time("2030-05-18 12:00:00"):
        kept = _purge()
    with freeze_time("2030-05-19 00:00:00"):
        purged = _purge()

    assert kept == "No forum is past its retention period.\n" + NOTHING_PAST_ITS_PERIOD
    assert purged.startswith(f"{forum.name}: erased letters=2 representatives=2")


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

    with freeze_time(FIRST_DAY_PURGED):
        _purge()

    assert list(
        Delegate.objects.filter(pk__in=[first.pk, second.pk])
        .order_by()
        .values_list("date_of_birth", "status")
        .distinct()
    ) == [(None, DelegateStatus.APPROVED)]


def _sign_in(address: str) -> Client:
    client = Client()
    client.post(reverse("account_login"), {"login": address, "password": PASSWORD})
    return client


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_representative_can_no_longer_sign_in_after_the_purge(forum, django_capture_on_commit_callbacks):
    """Through the invitation and the sign-in form, as the person does: before the purge they sign
    in; after it neither their address nor the account's placeholder opens anything, and the
    session they had is gone."""
    nominee = DelegateFactory(accreditation__forum=forum, email="amina.yusuf@example.org", nominated=True)
    with freeze_time("2030-04-01 10:00:00"):
        delegate_invite(delegate=nominee, actor=None)
        nominee.refresh_from_db()
        _delegate, account, _created = invitation_accept(token=invitation_token(nominee), password=PASSWORD)
    with freeze_time("2030-08-07 02:00:00"):
        before = _sign_in("amina.yusuf@example.org")
        assert _signed_in(before)

    with freeze_time("2030-08-07 03:00:00"):
        _purge()

    with freeze_time("2030-08-07 03:05:00"):
        assert not _signed_in(_sign_in("amina.yusuf@example.org"))
        assert not _signed_in(_sign_in(erased_email(account)))
        assert before.get(reverse("delegate:home")).status_code == 302  # sent to sign in
    assert not _signed_in(before)


def test_an_account_that_represents_at_a_later_forum_is_closed_with_that_forums_data(
    forum, django_capture_on_commit_callbacks
):
    account = UserFactory(email="olena@example.org")
    DelegateFactory(accreditation__forum=forum, user=account, email=account.email)
    later = ForumFactory(starts_on=date(2031, 5, 5), ends_on=date(2031, 5, 8), retention_days=90)
    DelegateFactory(accreditation__forum=later, user=account, email=account.email)

    with freeze_time(FIRST_DAY_PURGED):
        _purge()
    kept = User.objects.get(pk=account.pk)
    with freeze_time("2031-08-07 00:00:00"):
        output = _purge()
    closed = User.objects.get(pk=account.pk)

    assert (kept.email, kept.is_active) == ("olena@example.org", True)
    assert (closed.email, closed.is_active, closed.has_usable_password()) == (erased_email(closed), False, False)
    assert f"{later.name}: erased letters=0 representatives=1 photos=0 accounts=1 email_addresses=1" in output


def test_an_organization_keeps_its_contacts_while_it_has_a_later_application(forum, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(unregistered=True)
    AccreditationFactory(organization=organization, forum=forum)
    later = ForumFactory(starts_on=date(2031, 5, 5), ends_on=date(2031, 5, 8), retention_days=90)
    AccreditationFactory(organization=organization, forum=later, draft=True)

    with freeze_time(FIRST_DAY_PURGED):
        _purge()
    kept = Organization.objects.get(pk=organization.pk)
    with freeze_time("2031-08-07 00:00:00"):
        _purge()
    erased = Organization.objects.get(pk=organization.pk)

    assert (kept.email, kept.head_name, kept.registration_explanation) == (
        organization.email,
        organization.head_name,
        organization.registration_explanation,
    )
    assert (erased.email, erased.phone, erased.head_name, erased.registration_explanation) == ("", "", "", "")
    assert (erased.name, erased.head_title) == (organization.name, organization.head_title)


def test_ip_addresses_are_erased_after_their_own_period_whatever_the_forums(settings):
    settings.ACTIVITY_IP_RETENTION_DAYS = 30
    with freeze_time("2030-01-01 12:00:00"):
        old = ActivityLogFactory(ip_address="203.0.113.7")
    with freeze_time("2030-01-03 12:00:00"):
        recent = ActivityLogFactory(ip_address="2001:db8::1")

    with freeze_time("2030-02-01 12:00:00"):
        output = _purge()

    assert (
        output
        == "No forum is past its retention period.\nPast their period: erased ip_addresses=1 expired_sessions=0\n"
    )
    assert ActivityLog.objects.get(pk=old.pk).ip_address is None
    assert ActivityLog.objects.get(pk=recent.pk).ip_address == "2001:db8::1"
    entry = ActivityLog.objects.get(action="personal_data.expired")
    assert (entry.data, entry.ip_address, entry.content_type) == (
        {"ip_addresses": 1, "expired_sessions": 0},
        None,
        None,
    )


def test_a_purge_that_rolls_back_keeps_the_documents(forum, django_capture_on_commit_callbacks):
    document = AccreditationDocumentFactory(accreditation__forum=forum)

    with freeze_time(FIRST_DAY_PURGED), django_capture_on_commit_callbacks() as callbacks:
        _purge()
        assert private_storage().exists(document.file.name)  # nothing deleted before the commit
    for callback in callbacks:
        callback()

    assert not AccreditationDocument.objects.filter(pk=document.pk).exists()
    assert not private_storage().exists(document.file.name)
