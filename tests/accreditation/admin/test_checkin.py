"""Check-in at the venue in the back office: the admin check-in page (badge collection and session
attendance, accreditation.services.checkin behind it), and the session admin's attendee list."""

import csv
import io
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from accreditation.checkin_codes import checkin_code, grouped
from imrf.models import ActivityLog
from tests.factories import DelegateFactory, SessionFactory, SessionRegistrationFactory, StaffUserFactory
from tests.helpers import actions_of, body_of

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


# --- the admin check-in page -------------------------------------------------------------------


def _scan(client, code: str, session=None):
    data = {"code": code}
    if session is not None:
        data["session"] = session.pk
    response = client.post(reverse(CHECKIN_URL), data)
    assert response.status_code == 200
    return response.content.decode()


def test_checkin_page_shows_the_form_to_a_programme_manager(client, forum, programme_manager):
    client.force_login(programme_manager)

    response = client.get(reverse(CHECKIN_URL))

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_checkin_page_shows_name_organization_and_photo_for_a_valid_code(client, forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum, with_photo=True)
    client.force_login(programme_manager)

    html = _scan(client, grouped(checkin_code(delegate.public_id)).upper())

    assert delegate.full_name in html
    assert delegate.accreditation.organization.name in html
    assert f'src="{reverse("portal:delegate_photo", args=[delegate.public_id])}"' in html
    assert "Badge handed over." in html
    delegate.refresh_from_db()
    assert delegate.badge_collected_by == programme_manager


def test_checkin_page_photo_is_served_to_the_programme_manager(client, forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum, with_photo=True)
    client.force_login(programme_manager)

    response = client.get(reverse("portal:delegate_photo", args=[delegate.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with delegate.photo.open("rb") as photo:
        assert body_of(response) == photo.read()


@freeze_time("2030-05-13 13:05:00")
def test_checkin_page_second_scan_says_when_and_by_whom_in_the_venue_time(client, forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum)
    client.force_login(programme_manager)
    _scan(client, checkin_code(delegate.public_id))
    venue_time = forum.local(datetime(2030, 5, 13, 13, 5, tzinfo=UTC)).strftime("%H:%M")  # 09:05 in New York
    client.force_login(StaffUserFactory(group=PROGRAMME, full_name="Kofi Mensah"))

    html = _scan(client, checkin_code(delegate.public_id))

    assert venue_time == "09:05"
    assert f"Already checked in at {venue_time} by Mei Lin." in html
    assert "Badge handed over" not in html
    assert actions_of(delegate).count("delegate.checked_in") == 1


def test_checkin_page_second_scan_names_the_first_officer(client, forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum)
    client.force_login(programme_manager)
    _scan(client, checkin_code(delegate.public_id))
    client.force_login(StaffUserFactory(group=PROGRAMME, full_name="Kofi Mensah"))

    html = _scan(client, checkin_code(delegate.public_id))

    assert "Already checked in at " in html
    assert " by Mei Lin." in html
    assert "Kofi Mensah." not in html


def test_checkin_page_refuses_a_cancelled_delegate(client, forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum, cancelled=True)
    client.force_login(programme_manager)

    html = _scan(client, checkin_code(delegate.public_id))

    assert "NOT ADMITTED: " in html
    assert "“Cancelled”" in html
    assert 'class="checkin-result refused"' in html
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


def test_checkin_page_refuses_an_unknown_code(client, forum, programme_manager):
    client.force_login(programme_manager)

    html = _scan(client, secrets.token_hex(22))

    assert "This code is not a valid check-in code. Type it again or scan it." in html


def test_checkin_page_records_session_attendance(client, forum, programme_manager):
    session = SessionFactory(forum=forum, title="Round table 3")
    registration = SessionRegistrationFactory(delegate=DelegateFactory(accreditation__forum=forum), session=session)
    client.force_login(programme_manager)

    html = _scan(client, checkin_code(registration.delegate.public_id), session=session)

    assert "Admitted to Round table 3." in html
    registration.refresh_from_db()
    assert registration.attendance_recorded_by == programme_manager


@pytest.mark.parametrize("role", ["Viewers", "Visa officers", "Accreditation officers"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_checkin_page_is_forbidden_without_the_check_in_permission(client, forum, role, method):
    delegate = DelegateFactory(accreditation__forum=forum)
    client.force_login(StaffUserFactory(group=role))

    response = getattr(client, method)(
        reverse(CHECKIN_URL), {"code": checkin_code(delegate.public_id)} if method == "post" else {}
    )

    assert response.status_code == 403
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


def test_checkin_page_sends_anonymous_visitors_to_the_admin_sign_in(client):
    response = client.get(reverse(CHECKIN_URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- the session admin's attendee list -------------------------------------------------------------


def test_session_admin_csv_lists_confirmed_and_waitlisted_attendees(client, forum, programme_manager):
    session = SessionFactory(forum=forum, title="Round table 4", stakeholder_seats=1)
    later = SessionFactory(forum=forum, title="Round table 1", starts_at=session.starts_at + timedelta(days=1))
    seated = SessionRegistrationFactory(
        session=session,
        delegate=DelegateFactory(
            accreditation__forum=forum, family_name="Okafor", given_names="Chidi", nationality="NG"
        ),
        attended_at=datetime(2030, 5, 13, 14, 2, tzinfo=UTC),
    )
    second = SessionRegistrationFactory(
        session=session,
        delegate=DelegateFactory(accreditation__forum=forum, family_name="Haddad", given_names="Yara"),
        waitlisted=True,
        position=2,
    )
    first = SessionRegistrationFactory(
        session=session,
        delegate=DelegateFactory(accreditation__forum=forum, family_name="Rahman", given_names="Abdur"),
        waitlisted=True,
        position=1,
    )
    SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(accreditation__forum=forum, family_name="Gone"), cancelled=True
    )
    online = SessionRegistrationFactory(
        session=later,
        delegate=DelegateFactory(accreditation__forum=forum, family_name="Tanaka", given_names="Haruto"),
        in_person=False,
    )
    client.force_login(programme_manager)

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
    assert ActivityLog.objects.get(action="session.attendees_exported").actor == programme_manager


def test_session_admin_shows_attendees_and_waiting_list_inline(client, forum, programme_manager):
    session = SessionFactory(forum=forum)
    seated = SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(accreditation__forum=forum, family_name="Okafor")
    )
    SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(accreditation__forum=forum, family_name="Haddad"), waitlisted=True
    )
    SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(accreditation__forum=forum, family_name="Gone"), cancelled=True
    )
    client.force_login(programme_manager)

    response = client.get(reverse("admin:events_session_change", args=[session.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "OKAFOR" in html
    assert "HADDAD" in html
    assert "GONE" not in html
    assert seated.delegate.accreditation.organization.name in html


def test_session_admin_counts_seats_taken_and_waiting(client, forum, programme_manager):
    session = SessionFactory(forum=forum)
    SessionRegistrationFactory(session=session, delegate=DelegateFactory(accreditation__forum=forum))
    SessionRegistrationFactory(session=session, delegate=DelegateFactory(accreditation__forum=forum), in_person=False)
    SessionRegistrationFactory(session=session, delegate=DelegateFactory(accreditation__forum=forum), waitlisted=True)
    client.force_login(programme_manager)

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
