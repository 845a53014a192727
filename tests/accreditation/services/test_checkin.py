"""Check-in at the venue: the signed codes (accreditation.checkin_codes), badge collection and
session attendance (accreditation.services.checkin), the admin check-in page, and the session
admin's attendee list."""

import csv
import io
import secrets
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from freezegun import freeze_time

from accreditation.checkin_codes import MAC_LENGTH, checkin_code, grouped, public_id_from_code
from accreditation.errors import AccreditationError
from accreditation.services.checkin import delegate_check_in, delegate_for_code, session_attendance
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    SessionFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db

PROGRAMME = "Programme managers"
CHECKIN_URL = "admin:accreditation_delegate_checkin"
ATTENDEES_HEADER = [
    "session",
    "starts_at",
    "status",
    "position",
    "in_person",
    "family_name",
    "given_names",
    "organization",
    "nationality",
    "attended_at",
]


@pytest.fixture
def forum():
    return ActiveForumFactory()


@pytest.fixture
def officer():
    return StaffUserFactory(group=PROGRAMME, full_name="Mei Lin")


def _delegate(forum, **fields):
    return DelegateFactory(accreditation__forum=forum, **fields)


def _code(delegate) -> str:
    return checkin_code(delegate.public_id)


def _actions(target) -> list[str]:
    return list(
        ActivityLog.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _flip(char: str) -> str:
    return "0" if char != "0" else "1"


# --- codes -----------------------------------------------------------------------------------


def test_checkin_code_round_trip():
    public_id = uuid.uuid4()

    code = checkin_code(public_id)

    assert len(code) == 32 + MAC_LENGTH == 44
    assert set(code) <= set("0123456789abcdef")
    assert code.startswith(public_id.hex)
    assert public_id_from_code(code) == public_id


def test_checkin_code_is_grouped_in_fours_for_people_who_type_it():
    code = checkin_code(uuid.uuid4())

    assert grouped(code).split(" ") == [code[index : index + 4] for index in range(0, 44, 4)]


@pytest.mark.parametrize("index", [0, 17, 31, 32, 40, 43])
def test_public_id_from_code_refuses_a_code_with_one_character_changed(index):
    code = checkin_code(uuid.uuid4())

    changed = code[:index] + _flip(code[index]) + code[index + 1 :]

    assert public_id_from_code(changed) is None


@pytest.mark.parametrize("length", [0, 1, 32, 43])
def test_public_id_from_code_refuses_a_truncated_code(length):
    assert public_id_from_code(checkin_code(uuid.uuid4())[:length]) is None


def test_public_id_from_code_refuses_a_random_code():
    refused = [public_id_from_code(secrets.token_hex(22)) for _ in range(50)]

    assert refused == [None] * 50


def test_public_id_from_code_refuses_a_code_signed_for_another_id():
    genuine = checkin_code(uuid.uuid4())
    other = uuid.uuid4()

    assert public_id_from_code(other.hex + genuine[32:]) is None


def test_public_id_from_code_refuses_a_code_with_extra_characters():
    code = checkin_code(uuid.uuid4())

    assert public_id_from_code(code + "0") is None
    assert public_id_from_code("0" + code) is None


@pytest.mark.parametrize("garbage", [None, "", "not a code", "g" * 44, "💳" * 44])
def test_public_id_from_code_refuses_garbage(garbage):
    assert public_id_from_code(garbage) is None


@pytest.mark.parametrize(
    "spelling",
    [
        lambda code: grouped(code),
        lambda code: grouped(code).upper(),
        lambda code: "-".join(grouped(code).split(" ")),
        lambda code: f"  {code.upper()}\n",
        lambda code: " - ".join(code[i : i + 11] for i in range(0, 44, 11)),
    ],
    ids=["spaces", "upper", "dashes", "padded-upper", "mixed"],
)
def test_public_id_from_code_accepts_spaces_dashes_and_upper_case(spelling):
    public_id = uuid.uuid4()

    assert public_id_from_code(spelling(checkin_code(public_id))) == public_id


def test_checkin_code_depends_on_the_secret_key(settings):
    public_id = uuid.uuid4()
    code = checkin_code(public_id)

    settings.SECRET_KEY = "another-secret-key-" + "y" * 40

    assert public_id_from_code(code) is None


def test_delegate_for_code_refuses_a_valid_code_of_nobody():
    with pytest.raises(AccreditationError) as caught:
        delegate_for_code(checkin_code(uuid.uuid4()))

    assert caught.value.code == "unknown"
    assert caught.value.message == "This code is not a valid check-in code. Type it again or scan it."


# --- badge collection ------------------------------------------------------------------------


def test_delegate_check_in_marks_the_badge_collected_once(forum, officer):
    delegate = _delegate(forum)
    second_officer = StaffUserFactory(group=PROGRAMME)

    with freeze_time("2030-05-13 13:05:00"):
        first = delegate_check_in(code=grouped(_code(delegate)), actor=officer)
    with freeze_time("2030-05-13 15:40:00"):
        second = delegate_check_in(code=_code(delegate), actor=second_officer)

    first_time = datetime(2030, 5, 13, 13, 5, tzinfo=UTC)
    assert (first.delegate.pk, first.already, first.at, first.by) == (delegate.pk, False, first_time, officer)
    assert (second.delegate.pk, second.already, second.at, second.by) == (delegate.pk, True, first_time, officer)
    delegate.refresh_from_db()
    assert (delegate.badge_collected_at, delegate.badge_collected_by) == (first_time, officer)
    assert _actions(delegate).count("delegate.checked_in") == 1
    assert ActivityLog.objects.get(action="delegate.checked_in").actor == officer


@pytest.mark.parametrize(
    ("trait", "status_label"),
    [("cancelled", "Cancelled"), ("withdrawn", "Withdrawn"), ("rejected", "Not approved"), ("nominated", "Nominated")],
)
def test_delegate_check_in_refuses_a_delegate_not_approved(forum, officer, trait, status_label):
    delegate = _delegate(forum, **{trait: True})

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=_code(delegate), actor=officer)

    assert caught.value.code == "refused"
    assert caught.value.message.startswith("NOT ADMITTED")
    assert f"{delegate.full_name} is “{status_label}”" in caught.value.message
    delegate.refresh_from_db()
    assert (delegate.badge_collected_at, delegate.badge_collected_by) == (None, None)
    assert not ActivityLog.objects.filter(action="delegate.checked_in").exists()


def test_delegate_check_in_refusal_gives_the_decision_reason(forum, officer):
    delegate = _delegate(forum, cancelled=True, decision_reason="Security clearance refused")

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=_code(delegate), actor=officer)

    assert caught.value.message == f"NOT ADMITTED: {delegate.full_name} is “Cancelled” (Security clearance refused)."


def test_delegate_check_in_refuses_a_delegate_of_a_revoked_accreditation(forum, officer):
    accreditation = AccreditationFactory(forum=forum, revoked=True, organization__name="Revoked Society")
    delegate = DelegateFactory(accreditation=accreditation)

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=_code(delegate), actor=officer)

    assert caught.value.message == "NOT ADMITTED: the accreditation of Revoked Society is “Revoked”."
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


def test_delegate_check_in_refuses_a_forged_code(forum, officer):
    delegate = _delegate(forum)
    code = _code(delegate)

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=code[:-1] + _flip(code[-1]), actor=officer)

    assert caught.value.code == "unknown"
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


# --- session attendance ----------------------------------------------------------------------


def test_session_attendance_is_recorded_once_for_a_confirmed_seat(forum, officer):
    session = SessionFactory(forum=forum)
    registration = SessionRegistrationFactory(delegate=_delegate(forum), session=session)
    code = _code(registration.delegate)

    with freeze_time("2030-05-13 14:02:00"):
        first = session_attendance(code=code, session=session, actor=officer)
    with freeze_time("2030-05-13 14:30:00"):
        second = session_attendance(code=code, session=session, actor=StaffUserFactory(group=PROGRAMME))

    first_time = datetime(2030, 5, 13, 14, 2, tzinfo=UTC)
    assert (first.already, first.at, first.by, first.session) == (False, first_time, officer, session)
    assert (second.already, second.at, second.by, second.session) == (True, first_time, officer, session)
    registration.refresh_from_db()
    assert (registration.attended_at, registration.attendance_recorded_by) == (first_time, officer)
    assert _actions(registration) == ["session_registration.attended"]
    assert ActivityLog.objects.get(action="session_registration.attended").data == {"session": session.title}


@pytest.mark.parametrize("registration_state", ["none", "waitlisted", "cancelled", "other session"])
def test_session_attendance_requires_a_confirmed_seat_in_that_session(forum, officer, registration_state):
    session = SessionFactory(forum=forum, title="Round table 2")
    delegate = _delegate(forum)
    if registration_state == "waitlisted":
        SessionRegistrationFactory(delegate=delegate, session=session, waitlisted=True)
    elif registration_state == "cancelled":
        SessionRegistrationFactory(delegate=delegate, session=session, cancelled=True)
    elif registration_state == "other session":
        SessionRegistrationFactory(delegate=delegate, session=SessionFactory(forum=forum))

    with pytest.raises(AccreditationError) as caught:
        session_attendance(code=_code(delegate), session=session, actor=officer)

    assert caught.value.code == "no_seat"
    assert caught.value.message == f"NOT ADMITTED to “Round table 2”: {delegate.full_name} has no confirmed seat in it."
    assert not ActivityLog.objects.filter(action="session_registration.attended").exists()


def test_session_attendance_refuses_a_cancelled_delegate_even_with_a_seat(forum, officer):
    session = SessionFactory(forum=forum)
    delegate = _delegate(forum, cancelled=True)
    registration = SessionRegistrationFactory(delegate=delegate, session=session)

    with pytest.raises(AccreditationError) as caught:
        session_attendance(code=_code(delegate), session=session, actor=officer)

    assert caught.value.message.startswith("NOT ADMITTED")
    registration.refresh_from_db()
    assert registration.attended_at is None


# --- the admin check-in page -------------------------------------------------------------------


def _scan(client, code: str, session=None):
    data = {"code": code}
    if session is not None:
        data["session"] = session.pk
    response = client.post(reverse(CHECKIN_URL), data)
    assert response.status_code == 200
    return response.content.decode()


def test_checkin_page_shows_the_form_to_a_programme_manager(client, forum, officer):
    client.force_login(officer)

    response = client.get(reverse(CHECKIN_URL))

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_checkin_page_shows_name_organization_and_photo_for_a_valid_code(client, forum, officer):
    delegate = _delegate(forum, with_photo=True)
    client.force_login(officer)

    html = _scan(client, grouped(_code(delegate)).upper())

    assert delegate.full_name in html
    assert delegate.accreditation.organization.name in html
    assert f'src="{reverse("portal:delegate_photo", args=[delegate.public_id])}"' in html
    assert "Badge handed over." in html
    delegate.refresh_from_db()
    assert delegate.badge_collected_by == officer


def test_checkin_page_photo_is_served_to_the_programme_manager(client, forum, officer):
    delegate = _delegate(forum, with_photo=True)
    client.force_login(officer)

    response = client.get(reverse("portal:delegate_photo", args=[delegate.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


@freeze_time("2030-05-13 13:05:00")
def test_checkin_page_second_scan_says_when_and_by_whom_in_the_venue_time(client, forum, officer):
    delegate = _delegate(forum)
    client.force_login(officer)
    _scan(client, _code(delegate))
    venue_time = forum.local(datetime(2030, 5, 13, 13, 5, tzinfo=UTC)).strftime("%H:%M")  # 09:05 in New York
    client.force_login(StaffUserFactory(group=PROGRAMME, full_name="Kofi Mensah"))

    html = _scan(client, _code(delegate))

    assert venue_time == "09:05"
    assert f"Already checked in at {venue_time} by Mei Lin." in html
    assert "Badge handed over" not in html
    assert _actions(delegate).count("delegate.checked_in") == 1


def test_checkin_page_second_scan_names_the_first_officer(client, forum, officer):
    delegate = _delegate(forum)
    client.force_login(officer)
    _scan(client, _code(delegate))
    client.force_login(StaffUserFactory(group=PROGRAMME, full_name="Kofi Mensah"))

    html = _scan(client, _code(delegate))

    assert "Already checked in at " in html
    assert " by Mei Lin." in html
    assert "Kofi Mensah." not in html


def test_checkin_page_refuses_a_cancelled_delegate(client, forum, officer):
    delegate = _delegate(forum, cancelled=True)
    client.force_login(officer)

    html = _scan(client, _code(delegate))

    assert "NOT ADMITTED: " in html
    assert "“Cancelled”" in html
    assert 'class="checkin-result refused"' in html
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


def test_checkin_page_refuses_an_unknown_code(client, forum, officer):
    client.force_login(officer)

    html = _scan(client, secrets.token_hex(22))

    assert "This code is not a valid check-in code. Type it again or scan it." in html


def test_checkin_page_records_session_attendance(client, forum, officer):
    session = SessionFactory(forum=forum, title="Round table 3")
    registration = SessionRegistrationFactory(delegate=_delegate(forum), session=session)
    client.force_login(officer)

    html = _scan(client, _code(registration.delegate), session=session)

    assert "Admitted to Round table 3." in html
    registration.refresh_from_db()
    assert registration.attendance_recorded_by == officer


@pytest.mark.parametrize("role", ["Viewers", "Visa officers", "Accreditation officers"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_checkin_page_is_forbidden_without_the_check_in_permission(client, forum, role, method):
    delegate = _delegate(forum)
    client.force_login(StaffUserFactory(group=role))

    response = getattr(client, method)(reverse(CHECKIN_URL), {"code": _code(delegate)} if method == "post" else {})

    assert response.status_code == 403
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


def test_checkin_page_sends_anonymous_visitors_to_the_admin_sign_in(client):
    response = client.get(reverse(CHECKIN_URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- the session admin's attendee list -------------------------------------------------------------


def test_session_admin_csv_lists_confirmed_and_waitlisted_attendees(client, forum, officer):
    session = SessionFactory(forum=forum, title="Round table 4", stakeholder_seats=1)
    later = SessionFactory(forum=forum, title="Round table 1", starts_at=session.starts_at + timedelta(days=1))
    seated = SessionRegistrationFactory(
        session=session,
        delegate=_delegate(forum, family_name="Okafor", given_names="Chidi", nationality="NG"),
        attended_at=datetime(2030, 5, 13, 14, 2, tzinfo=UTC),
    )
    second = SessionRegistrationFactory(
        session=session,
        delegate=_delegate(forum, family_name="Haddad", given_names="Yara"),
        waitlisted=True,
        position=2,
    )
    first = SessionRegistrationFactory(
        session=session,
        delegate=_delegate(forum, family_name="Rahman", given_names="Abdur"),
        waitlisted=True,
        position=1,
    )
    SessionRegistrationFactory(session=session, delegate=_delegate(forum, family_name="Gone"), cancelled=True)
    online = SessionRegistrationFactory(
        session=later, delegate=_delegate(forum, family_name="Tanaka", given_names="Haruto"), in_person=False
    )
    client.force_login(officer)

    response = client.post(
        reverse("admin:events_session_changelist"),
        {"action": "attendees_csv", "_selected_action": [session.pk, later.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ATTENDEES_HEADER

    def row(registration, status, position, in_person, attended=""):
        delegate = registration.delegate
        return [
            registration.session.title,
            registration.session.starts_at.astimezone(UTC).isoformat(),
            status,
            position,
            in_person,
            delegate.family_name,
            delegate.given_names,
            delegate.accreditation.organization.name,
            delegate.nationality.code,
            attended,
        ]

    assert rows[1:] == [
        row(seated, "confirmed", "", "yes", "2030-05-13T14:02:00+00:00"),
        row(first, "waitlisted", "1", "yes"),
        row(second, "waitlisted", "2", "yes"),
        row(online, "confirmed", "", "no"),
    ]
    assert ActivityLog.objects.get(action="session.attendees_exported").actor == officer


def test_session_admin_shows_attendees_and_waiting_list_inline(client, forum, officer):
    session = SessionFactory(forum=forum)
    seated = SessionRegistrationFactory(session=session, delegate=_delegate(forum, family_name="Okafor"))
    SessionRegistrationFactory(session=session, delegate=_delegate(forum, family_name="Haddad"), waitlisted=True)
    SessionRegistrationFactory(session=session, delegate=_delegate(forum, family_name="Gone"), cancelled=True)
    client.force_login(officer)

    response = client.get(reverse("admin:events_session_change", args=[session.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "OKAFOR" in html
    assert "HADDAD" in html
    assert "GONE" not in html
    assert seated.delegate.accreditation.organization.name in html


def test_session_admin_counts_seats_taken_and_waiting(client, forum, officer):
    session = SessionFactory(forum=forum)
    SessionRegistrationFactory(session=session, delegate=_delegate(forum))
    SessionRegistrationFactory(session=session, delegate=_delegate(forum), in_person=False)
    SessionRegistrationFactory(session=session, delegate=_delegate(forum), waitlisted=True)
    client.force_login(officer)

    response = client.get(reverse("admin:events_session_changelist"))

    assert response.status_code == 200
    (listed,) = response.context["cl"].result_list
    assert (listed.confirmed_count, listed.waitlisted_count) == (1, 1)


@pytest.mark.parametrize(("group", "shown"), [(PROGRAMME, True), ("Viewers", False)])
def test_the_representatives_list_links_the_checkin_page_for_those_who_check_in(client, forum, group, shown):
    client.force_login(StaffUserFactory(group=group))

    response = client.get(reverse("admin:accreditation_delegate_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    link = f'<a href="{reverse(CHECKIN_URL)}">Check-in</a>'
    assert (link in html) is shown
