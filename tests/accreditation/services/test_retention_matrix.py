"""The retention matrix (issue 15, item 6): every row of the privacy notice's retention table
(``imrf.privacy.RETENTION_TABLE``) checked against the database and the storage after the purge.

One world holds every kind of personal data the table lists — seeded through the services where
they write it (a nomination with its photo and invitation e-mail, the invitation accepted into an
account, sign-ins, allauth's password-reset e-mail), with factories elsewhere, and the database
task backend so that e-mails are rows. The clock then moves beyond the forum's retention period
(freezegun) and the purge runs, twice. Each row of the table has one set of assertions in
``CHECKS``, by the row's key: a row added to the table without a check fails here."""

import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from accreditation.enums import DocumentKind
from accreditation.models import AccreditationDocument, Delegate, Organization, SessionRegistration, VisaLetter
from accreditation.models.document import private_storage
from accreditation.regions import region_of
from accreditation.services.invitations import invitation_accept, invitation_token
from accreditation.services.nominations import delegate_nominate
from accreditation.services.notifications import notify_delegate
from accreditation.services.retention import retention_table_mismatches
from imrf.erasure import erased_email
from imrf.models import ActivityLog, User
from imrf.privacy import PRIVACY_NOTICE_VERSION, RETENTION_TABLE, Action
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActivityLogFactory,
    DelegateFactory,
    ForumFactory,
    MembershipFactory,
    OrganizationFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
    image_bytes,
)
from tests.helpers import stored_passport_number, without_the_sweep

# Real transactions: the task worker runs as in production, and files go when the purge commits.
# The purge ends with the orphan-file sweep: a storage of each test's own, so the sweep never meets
# (and, with the clock moved years on, removes) other tests' files.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("isolated_private_storage")]


KOFI = "kofi.mensah@example.org"
AMA = "ama.owusu@example.org"


@dataclass
class World:
    forum: object
    purge_at: datetime
    staff: User
    focal_point: User  # of the banned organization; also one of its representatives
    banned: Organization  # registered nowhere (banned at home), applied to this forum only
    returning: Organization  # applied to this forum and the next one
    kofi: Delegate  # nominated through the portal's service, signed up through his invitation
    kofi_account: User
    kofi_letter: VisaLetter
    focal_representative: Delegate
    ama: Delegate  # represents at this forum and the next one, with one account
    ama_next: Delegate
    ama_next_letter: VisaLetter
    documents: list[AccreditationDocument]  # of this forum's applications
    next_document: AccreditationDocument  # of the next forum's application
    old_ip_entry: ActivityLog
    recent_ip_entry: ActivityLog
    sessions: dict[str, str]  # who → session key
    photo: str
    next_photo: str
    statistics: dict


def _deliver_e_mails() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def _sign_in(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


def _statistics(forum) -> dict:
    """What the Secretariat reports: counts by status, gender and region of nationality."""
    delegates = list(Delegate.objects.filter(forum=forum))
    return {
        "status": Counter(delegate.status for delegate in delegates),
        "gender": Counter(delegate.gender for delegate in delegates),
        "region": Counter(region_of(delegate.nationality.code) for delegate in delegates),
    }


def _seed(settings) -> World:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    forum = ForumFactory(retention_days=90)
    next_forum = ForumFactory(starts_on=forum.starts_on + timedelta(days=365))
    purge_at = datetime.combine(forum.ends_on + timedelta(days=91), time(3, 15), tzinfo=UTC)
    staff = StaffUserFactory(group="Visa officers")

    focal = MembershipFactory(organization=OrganizationFactory(unregistered=True))
    banned = AccreditationFactory(organization=focal.organization, forum=forum, accredited=True)
    returning = OrganizationFactory()
    returning_now = AccreditationFactory(organization=returning, forum=forum, accredited=True)
    returning_next = AccreditationFactory(organization=returning, forum=next_forum, accredited=True)
    documents = [
        AccreditationDocumentFactory(
            accreditation=banned, kind=DocumentKind.ALTERNATIVE_PROOF, original_name="proof-of-existence.pdf"
        ),
        AccreditationDocumentFactory(accreditation=returning_now),
    ]
    next_document = AccreditationDocumentFactory(accreditation=returning_next)

    kofi = delegate_nominate(
        accreditation=banned,
        data={
            "family_name": "Mensah",
            "given_names": "Kofi Atta",
            "date_of_birth": date(1980, 5, 17),
            "gender": "male",
            "nationality": "GH",
            "country_of_residence": "GH",
            "email": KOFI,
            "phone": "+233 20 000 0000",
            "job_title": "Programme Officer",
            "accessibility_needs": "Step-free access.",
            "modality": "in_person",
        },
        actor=focal.user,
        photo=SimpleUploadedFile("kofi.jpg", image_bytes(), content_type="image/jpeg"),
        consent_notice_version=PRIVACY_NOTICE_VERSION,
    )
    _deliver_e_mails()  # the invitation (its link, his address) is now a delivered task row
    kofi.refresh_from_db()
    kofi, kofi_account, _created = invitation_accept(token=invitation_token(kofi), password=PASSWORD)
    TOTP.activate(kofi_account, TOTP_SECRET)
    kofi_letter = VisaLetterFactory(delegate=kofi, issued=True, passport_number="X98765432")
    SessionRegistrationFactory(delegate=kofi)
    ActivityLogFactory(action="admin.changed", target=kofi_account, actor=staff)  # labelled with his name

    focal_representative = DelegateFactory(accreditation=banned, user=focal.user, email=focal.user.email)
    ama_account = UserFactory(email=AMA)
    ama = DelegateFactory(accreditation=returning_now, user=ama_account, email=AMA, with_photo=True)
    ama_next = DelegateFactory(accreditation=returning_next, user=ama_account, email=AMA, with_photo=True)
    ama_next_letter = VisaLetterFactory(delegate=ama_next, passport_number="L7654321")
    notify_delegate(delegate=ama_next, template="representative_approved")
    _deliver_e_mails()
    # allauth's e-mail, with its reset link: queued, not yet sent when the purge comes.
    Client().post(reverse("account_reset_password"), {"email": KOFI})

    sessions = {"focal point, expired": _sign_in(focal.user)}
    with freeze_time(purge_at - timedelta(days=91)):
        old_ip_entry = ActivityLogFactory(ip_address="203.0.113.7", actor=staff)
    with freeze_time(purge_at - timedelta(days=10)):
        recent_ip_entry = ActivityLogFactory(ip_address="198.51.100.4", actor=staff)
    with freeze_time(purge_at - timedelta(hours=1)):
        sessions |= {"kofi": _sign_in(kofi_account), "ama": _sign_in(ama_account), "staff": _sign_in(staff)}

    return World(
        forum=forum,
        purge_at=purge_at,
        staff=staff,
        focal_point=focal.user,
        banned=focal.organization,
        returning=returning,
        kofi=kofi,
        kofi_account=kofi_account,
        kofi_letter=kofi_letter,
        focal_representative=focal_representative,
        ama=ama,
        ama_next=ama_next,
        ama_next_letter=ama_next_letter,
        documents=documents,
        next_document=next_document,
        old_ip_entry=old_ip_entry,
        recent_ip_entry=recent_ip_entry,
        sessions=sessions,
        photo=Delegate.objects.get(pk=kofi.pk).photo.name,
        next_photo=ama_next.photo.name,
        statistics=_statistics(forum),
    )


def _purge(world: World) -> str:
    out = io.StringIO()
    with freeze_time(world.purge_at):
        call_command("purge_personal_data", stdout=out)
    return without_the_sweep(out.getvalue())


def _counts_in(output: str) -> list[dict[str, int]]:
    """The ``name=count`` pairs of each line of the command's output."""
    return [
        {name: int(count) for name, count in (pair.split("=") for pair in line.split(": erased ")[1].split())}
        for line in output.splitlines()
    ]


def _mentions(address: str) -> list[str]:
    return [
        task.task_path
        for task in DBTaskResult.objects.all()
        if address in json.dumps(task.args_kwargs, ensure_ascii=False).lower()
    ]


# --- One set of assertions per row of the table ---------------------------------------------


def check_passport_data(world: World) -> None:
    letter = VisaLetter.objects.get(pk=world.kofi_letter.pk)
    assert (
        letter.passport_number,
        letter.passport_issuing_country,
        letter.passport_issued_on,
        letter.passport_expires_on,
        letter.place_of_birth,
        letter.holder_date_of_birth,
        stored_passport_number(letter),
    ) == ("", "", None, None, "", None, "")
    assert (letter.reference, letter.status) == (world.kofi_letter.reference, world.kofi_letter.status)
    kept = VisaLetter.objects.get(pk=world.ama_next_letter.pk)
    assert (kept.passport_number, kept.place_of_birth) == ("L7654321", world.ama_next_letter.place_of_birth)


def check_representative_details(world: World) -> None:
    for delegate in (world.kofi, world.focal_representative, world.ama):
        erased = Delegate.objects.get(pk=delegate.pk)
        assert (erased.date_of_birth, erased.email, erased.phone, erased.accessibility_needs) == (None, "", "", "")
        assert erased.personal_data_purged_at == world.purge_at
    kept = Delegate.objects.get(pk=world.ama_next.pk)
    assert (kept.date_of_birth, kept.email, kept.personal_data_purged_at) == (
        world.ama_next.date_of_birth,
        AMA,
        None,
    )


def check_photos(world: World) -> None:
    assert Delegate.objects.get(pk=world.kofi.pk).photo.name == ""
    assert Delegate.objects.get(pk=world.ama.pk).photo.name == ""
    assert not private_storage().exists(world.photo)
    assert private_storage().exists(world.next_photo)
    assert Delegate.objects.get(pk=world.ama_next.pk).photo.name == world.next_photo


def check_representative_accounts(world: World) -> None:
    account = User.objects.get(pk=world.kofi_account.pk)
    assert (account.email, account.full_name, account.first_name, account.last_name, account.is_active) == (
        erased_email(account),
        "",
        "",
        "",
        False,
    )
    assert not account.has_usable_password()
    assert not EmailAddress.objects.filter(user=account).exists()
    assert not EmailAddress.objects.filter(email__iexact=KOFI).exists()
    assert not Authenticator.objects.filter(user=account).exists()
    assert authenticate(email=KOFI, password=PASSWORD) is None
    labels = set(
        ActivityLog.objects.filter(object_id=str(account.pk), action="admin.changed").values_list(
            "target_repr", flat=True
        )
    )
    assert labels == {erased_email(account)}
    # Kept: the person is a focal point, or represents at a later forum.
    for kept, address in ((world.focal_point, world.focal_point.email), (world.ama.user, AMA)):
        kept = User.objects.get(pk=kept.pk)
        assert (kept.email, kept.is_active, kept.has_usable_password()) == (address, True, True)
        assert EmailAddress.objects.filter(user=kept, email=address, verified=True).exists()


def check_sessions(world: World) -> None:
    remaining = set(Session.objects.values_list("session_key", flat=True))
    assert world.sessions["kofi"] not in remaining
    assert world.sessions["focal point, expired"] not in remaining
    assert {world.sessions["ama"], world.sessions["staff"]} <= remaining
    assert not Session.objects.filter(expire_date__lt=world.purge_at).exists()


def check_email_tasks(world: World) -> None:
    assert _mentions(KOFI) == []
    assert _mentions(AMA) == ["imrf.mail.deliver_templated_email"]
    # The focal points' own e-mails stay (they are not erased people).
    assert _mentions(world.focal_point.email.lower())


def check_documents(world: World) -> None:
    assert not AccreditationDocument.objects.filter(pk__in=[document.pk for document in world.documents]).exists()
    for document in world.documents:
        assert not private_storage().exists(document.file.name), document.kind
    assert AccreditationDocument.objects.filter(pk=world.next_document.pk).exists()
    assert private_storage().exists(world.next_document.file.name)


def check_organization_contacts(world: World) -> None:
    banned = Organization.objects.get(pk=world.banned.pk)
    assert (banned.email, banned.phone, banned.head_name, banned.registration_explanation) == ("", "", "", "")
    assert (banned.name, banned.country, banned.stakeholder_type) == (
        world.banned.name,
        world.banned.country,
        world.banned.stakeholder_type,
    )
    returning = Organization.objects.get(pk=world.returning.pk)
    assert (returning.email, returning.phone, returning.head_name) == (
        world.returning.email,
        world.returning.phone,
        world.returning.head_name,
    )


def check_ip_addresses(world: World) -> None:
    cutoff = world.purge_at - timedelta(days=90)
    assert ActivityLog.objects.get(pk=world.old_ip_entry.pk).ip_address is None
    assert not ActivityLog.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).exists()
    assert ActivityLog.objects.get(pk=world.recent_ip_entry.pk).ip_address == "198.51.100.4"


def check_participation_record(world: World) -> None:
    kofi = Delegate.objects.select_related("accreditation__organization").get(pk=world.kofi.pk)
    assert (
        kofi.family_name,
        kofi.given_names,
        kofi.accreditation.organization.name,
        kofi.nationality.code,
        kofi.country_of_residence.code,
        kofi.gender,
        kofi.job_title,
        kofi.status,
    ) == ("Mensah", "Kofi Atta", world.banned.name, "GH", "GH", "male", "Programme Officer", world.kofi.status)
    assert SessionRegistration.objects.filter(delegate=kofi).exists()
    assert _statistics(world.forum) == world.statistics


def check_focal_point_accounts(world: World) -> None:
    focal = User.objects.get(pk=world.focal_point.pk)
    assert (focal.email, focal.full_name, focal.is_active, focal.has_usable_password()) == (
        world.focal_point.email,
        world.focal_point.full_name,
        True,
        True,
    )
    assert focal.memberships.filter(organization=world.banned).exists()


CHECKS = {
    "passport_data": check_passport_data,
    "representative_details": check_representative_details,
    "photos": check_photos,
    "representative_accounts": check_representative_accounts,
    "sessions": check_sessions,
    "email_tasks": check_email_tasks,
    "documents": check_documents,
    "organization_contacts": check_organization_contacts,
    "ip_addresses": check_ip_addresses,
    "participation_record": check_participation_record,
    "focal_point_accounts": check_focal_point_accounts,
}


def _snapshot() -> dict:
    return {
        "users": list(User.objects.order_by("pk").values()),
        "email_addresses": list(EmailAddress.objects.order_by("pk").values()),
        "authenticators": list(Authenticator.objects.order_by("pk").values_list("pk", "user_id")),
        "sessions": sorted(Session.objects.values_list("session_key", flat=True)),
        "tasks": sorted(str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)),
        "delegates": list(Delegate.objects.order_by("pk").values()),
        "letters": list(VisaLetter.objects.order_by("pk").values()),
        "organizations": list(Organization.objects.order_by("pk").values()),
        "documents": list(AccreditationDocument.objects.order_by("pk").values_list("pk", flat=True)),
        "log": list(ActivityLog.objects.order_by("pk").values()),
    }


def test_every_row_of_the_retention_table_holds_after_the_purge_and_a_second_run_changes_nothing(settings):
    world = _seed(settings)
    assert _mentions(KOFI)  # the seeding did put his address in task rows: sent and waiting
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.READY,
    }

    first = _purge(world)
    after_first = _snapshot()
    second = _purge(world)

    # Every row has its check, and every check holds (all reported, not only the first failure).
    failures = {}
    for rule in RETENTION_TABLE:
        check = CHECKS.get(rule.key)
        if check is None:
            failures[rule.key] = "no check in CHECKS for this row of the table"
            continue
        try:
            check(world)
        except AssertionError as exc:
            failures[rule.key] = str(exc) or repr(exc)
    assert failures == {}
    # Idempotent: the second run finds nothing, changes nothing, logs nothing.
    assert _snapshot() == after_first
    assert second == (
        f"{world.forum.name}: erased letters=0 representatives=0 photos=0 accounts=0 email_addresses=0 "
        "authenticators=0 log_entries=0 sessions=0 email_tasks=0 documents=0 organizations=0\n"
        "Past their period: erased ip_addresses=0 expired_sessions=0\n"
    )
    # Every erasure is counted, in the output and in one log entry per run part, without personal data.
    forum_entry = ActivityLog.objects.get(action="forum.personal_data_purged")
    period_entry = ActivityLog.objects.get(action="personal_data.expired")
    assert _counts_in(first) == [forum_entry.data, period_entry.data]
    assert forum_entry.data == {
        "letters": 1,  # Kofi's (Ama's request is for the next forum)
        "representatives": 3,  # Kofi, the focal point, Ama
        "photos": 2,  # Kofi's, Ama's for this forum
        "accounts": 1,
        "email_addresses": 1,
        "authenticators": 1,
        "log_entries": 1,
        "sessions": 1,
        "email_tasks": 2,  # Kofi's invitation (sent) and password reset (waiting)
        "documents": 2,
        "organizations": 1,
    }
    # The old entries seeded (and the focal point's sign-in, expired) went after their period.
    assert period_entry.data["ip_addresses"] >= 2 and period_entry.data["expired_sessions"] >= 1
    for entry in (forum_entry, period_entry):
        assert KOFI not in json.dumps(entry.data) and entry.ip_address is None


def test_the_staff_are_never_touched(settings):
    world = _seed(settings)
    staff_before = User.objects.filter(pk=world.staff.pk).values().get()
    addresses = list(EmailAddress.objects.filter(user=world.staff).values())

    _purge(world)

    assert User.objects.filter(pk=world.staff.pk).values().get() == staff_before
    assert list(EmailAddress.objects.filter(user=world.staff).values()) == addresses
    assert Authenticator.objects.filter(user=world.staff).exists()
    assert Session.objects.filter(session_key=world.sessions["staff"]).exists()


def test_every_row_of_the_table_is_either_erased_by_the_purge_or_kept_on_purpose():
    assert retention_table_mismatches() == []
    assert set(CHECKS) == {rule.key for rule in RETENTION_TABLE}
    assert {rule.action for rule in RETENTION_TABLE} == set(Action)
