"""The public programme, its iCalendar feeds, the public list of accredited organizations, the
delegate's own sessions and participation confirmation (accreditation.views.programme, organizations, sessions)."""

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from html import unescape

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accreditation.checkin_codes import checkin_code, grouped
from accreditation.enums import RegistrationStatus, StakeholderType
from accreditation.models import SessionRegistration
from events.enums import Modality, SessionKind
from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    ForumFactory,
    SessionFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.helpers import messages_of

pytestmark = pytest.mark.django_db

# A Monday in May: New York is on daylight time (UTC-4), Tokyo is UTC+9.
DAY1 = date(2030, 5, 13)
DAY2 = date(2030, 5, 14)
VENUE_ZONE = "America/New_York"


def _at(forum, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=forum.tzinfo)


@pytest.fixture
def forum():
    return ActiveForumFactory(starts_on=DAY1, ends_on=DAY1 + timedelta(days=3), time_zone=VENUE_ZONE)


@pytest.fixture
def programme(forum):
    """A round table on the first morning, a full hybrid side event at 22:00, a virtual briefing
    the next morning; the round table has one seat taken (plus registrations that take none)."""
    round_table = SessionFactory(
        forum=forum,
        number=1,
        title="Round table 1 Safe and orderly migration",
        starts_at=_at(forum, DAY1, 9),
        ends_at=_at(forum, DAY1, 12),
        room="Conference Room 4",
        gcm_objectives=[2, 5, 6, 12, 18],
        stakeholder_seats=40,
        webcast_url="https://webtv.un.org/en/rt1",
    )
    side_event = SessionFactory(
        forum=forum,
        side_event=True,
        title="Side event Voices of migrant workers",
        starts_at=_at(forum, DAY1, 22),
        ends_at=_at(forum, DAY1, 23),
        room="Conference Room 11",
        modality=Modality.HYBRID,
        stakeholder_seats=1,
    )
    briefing = SessionFactory(
        forum=forum,
        kind=SessionKind.PLENARY,
        number=None,
        title="Plenary General debate",
        starts_at=_at(forum, DAY2, 8),
        ends_at=_at(forum, DAY2, 9),
        virtual=True,
        stakeholder_seats=None,
    )
    SessionRegistrationFactory(session=round_table, delegate=DelegateFactory(accreditation__forum=forum))
    SessionRegistrationFactory(
        session=round_table, delegate=DelegateFactory(accreditation__forum=forum), in_person=False
    )
    SessionRegistrationFactory(
        session=round_table, delegate=DelegateFactory(accreditation__forum=forum), cancelled=True
    )
    SessionRegistrationFactory(session=side_event, delegate=DelegateFactory(accreditation__forum=forum))
    SessionRegistrationFactory(
        session=side_event, delegate=DelegateFactory(accreditation__forum=forum), waitlisted=True
    )
    return round_table, side_event, briefing


def _days(response) -> dict[date, list[str]]:
    return {day: [session.title for session in sessions] for day, sessions in response.context["days"].items()}


def _get(client, name: str, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response


# --- the programme ---------------------------------------------------------------------------


def test_programme_groups_sessions_by_day_in_the_venue_time_zone(client, programme):
    round_table, side_event, briefing = programme

    response = _get(client, "programme")

    assert response.context["zone"] == VENUE_ZONE
    assert _days(response) == {DAY1: [round_table.title, side_event.title], DAY2: [briefing.title]}
    html = response.content.decode()
    assert "Monday 13 May 2030" in html
    assert "Tuesday 14 May 2030" in html
    assert "22:00</time>–<time" in html


def test_programme_groups_sessions_by_day_in_the_visitor_time_zone(client, programme):
    round_table, side_event, briefing = programme

    response = _get(client, "programme", tz="Asia/Tokyo")

    # 22:00 in New York is 11:00 the next day in Tokyo.
    assert response.context["zone"] == "Asia/Tokyo"
    assert _days(response) == {DAY1: [round_table.title], DAY2: [side_event.title, briefing.title]}
    html = response.content.decode()
    assert "11:00</time>–<time" in html
    assert "22:00</time>–<time" in html  # the round table: 09:00 in New York
    assert "?tz=Asia/Tokyo" in html  # links to the session page keep the visitor's zone


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../../etc/passwd", "asia/tokyo", "EST5EDT"])
def test_programme_unknown_time_zone_falls_back_to_the_venue(client, programme, zone):
    round_table, side_event, briefing = programme

    response = _get(client, "programme", tz=zone)

    assert response.context["zone"] == VENUE_ZONE
    assert _days(response) == {DAY1: [round_table.title, side_event.title], DAY2: [briefing.title]}


def test_programme_accepts_utc(client, programme):
    round_table, side_event, briefing = programme

    response = _get(client, "programme", tz="UTC")

    # 22:00 EDT is 02:00 UTC the next day.
    assert _days(response) == {DAY1: [round_table.title], DAY2: [side_event.title, briefing.title]}


def test_programme_shows_room_modality_objectives_webcast_and_seats(client, programme):
    response = _get(client, "programme")

    html = response.content.decode()
    assert "Conference Room 4 · In person" in html
    assert "Conference Room 11 · Hybrid" in html
    assert "Virtual" in html
    assert "GCM objectives 2, 5, 6, 12, 18" in html
    assert '<a href="https://webtv.un.org/en/rt1">Webcast' in html
    assert "39 stakeholder seats left" in html
    assert "Full — waiting list open" in html
    assert "Online only" in html


def test_programme_kind_filter(client, programme):
    _round_table, side_event, _briefing = programme

    response = _get(client, "programme", kind=SessionKind.SIDE_EVENT)

    assert _days(response) == {DAY1: [side_event.title]}


def test_programme_unknown_kind_shows_everything(client, programme):
    response = _get(client, "programme", kind="cocktail")

    assert sum(len(titles) for titles in _days(response).values()) == 3


def test_programme_without_an_active_forum(client):
    ForumFactory()

    response = _get(client, "programme")

    assert "The programme of the next Forum has not been published yet." in response.content.decode()


def test_session_detail_shows_the_session(client, programme):
    round_table, _side_event, _briefing = programme

    response = _get(client, "session_detail", round_table.public_id)

    html = response.content.decode()
    assert f"<h1>{round_table.title}</h1>" in html
    assert "Monday 13 May 2030, 09:00</time>–12:00 (America/New_York)" in html
    assert "Conference Room 4" in html
    assert "In person" in html
    assert "2, 5, 6, 12, 18" in html
    assert "39 of 40 left" in html
    assert '<a href="https://webtv.un.org/en/rt1">' in html
    assert reverse("session_ics", args=[round_table.public_id]) in html


def test_session_detail_in_the_visitor_time_zone(client, programme):
    _round_table, side_event, _briefing = programme

    response = _get(client, "session_detail", side_event.public_id, tz="Asia/Tokyo")

    assert "Tuesday 14 May 2030, 11:00</time>–12:00 (Asia/Tokyo)" in response.content.decode()


def test_session_detail_of_another_forum_is_not_found(client, forum):
    other = SessionFactory(forum=ForumFactory())

    assert client.get(reverse("session_detail", args=[other.public_id])).status_code == 404
    assert client.get(reverse("session_ics", args=[other.public_id])).status_code == 404


# --- iCalendar -------------------------------------------------------------------------------


def _calendar(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return icalendar.Calendar.from_ical(response.content)


def test_programme_ics_has_one_event_per_session_in_the_venue_time_zone(client, forum, programme):
    round_table, side_event, briefing = programme

    calendar = _calendar(_get(client, "programme_ics"))

    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [round_table.title, side_event.title, briefing.title]
    local = [
        (
            event["DTSTART"].params["TZID"],
            event["DTEND"].params["TZID"],
            event.decoded("DTSTART").replace(tzinfo=None),
            event.decoded("DTEND").replace(tzinfo=None),
        )
        for event in events
    ]
    assert local == [
        (VENUE_ZONE, VENUE_ZONE, datetime(2030, 5, 13, 9), datetime(2030, 5, 13, 12)),
        (VENUE_ZONE, VENUE_ZONE, datetime(2030, 5, 13, 22), datetime(2030, 5, 13, 23)),
        (VENUE_ZONE, VENUE_ZONE, datetime(2030, 5, 14, 8), datetime(2030, 5, 14, 9)),
    ]
    # The same instants as stored.
    assert [event.decoded("DTSTART") for event in events] == [s.starts_at for s in programme]
    assert b"DTSTART;TZID=America/New_York:20300513T220000" in calendar.to_ical()
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == [VENUE_ZONE]
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids) == 3
    assert f"{round_table.public_id}@imrf-accreditation" in uids
    assert str(calendar["X-WR-CALNAME"]) == forum.name


def test_programme_ics_carries_location_and_webcast(client, programme):
    round_table, _side_event, _briefing = programme

    calendar = _calendar(_get(client, "programme_ics"))

    event = calendar.walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Conference Room 4, United Nations Headquarters, New York"
    assert "https://webtv.un.org/en/rt1" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/programme/{round_table.public_id}/")


def test_session_ics_has_the_one_session(client, programme):
    _round_table, side_event, _briefing = programme

    calendar = _calendar(_get(client, "session_ics", side_event.public_id))

    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == side_event.title
    assert event["DTSTART"].params["TZID"] == VENUE_ZONE
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2030, 5, 13, 22)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == [VENUE_ZONE]


def test_programme_ics_without_an_active_forum_is_not_found(client):
    assert client.get(reverse("programme_ics")).status_code == 404


# --- accredited organizations ------------------------------------------------------------------


def _accredited(forum, **organization):
    return AccreditationFactory(
        forum=forum, accredited=True, **{f"organization__{k}": v for k, v in organization.items()}
    )


@pytest.fixture
def organizations(forum):
    listed = [
        _accredited(
            forum, name="Alianza Migrante", acronym="AM", country="CO", stakeholder_type=StakeholderType.MIGRANT
        ),
        _accredited(
            forum, name="Kenya Diaspora Forum", acronym="KDF", country="KE", stakeholder_type=StakeholderType.DIASPORA
        ),
        _accredited(forum, name="Nairobi Legal Aid", acronym="NLA", country="KE", stakeholder_type=StakeholderType.NGO),
    ]
    AccreditationFactory(forum=forum, organization__name="Still Under Review")
    AccreditationFactory(forum=forum, revoked=True, organization__name="Revoked Society")
    AccreditationFactory(forum=forum, rejected=True, organization__name="Refused Union")
    AccreditationFactory(forum=ForumFactory(), accredited=True, organization__name="Accredited Elsewhere")
    return listed


def _names(response) -> list[str]:
    return [accreditation.organization.name for accreditation in response.context["page"].object_list]


def test_organizations_lists_only_the_accredited_of_the_active_forum(client, organizations):
    response = _get(client, "organizations")

    assert _names(response) == ["Alianza Migrante", "Kenya Diaspora Forum", "Nairobi Legal Aid"]
    html = response.content.decode()
    for absent in ("Still Under Review", "Revoked Society", "Refused Union", "Accredited Elsewhere"):
        assert absent not in html
    assert "Kenya Diaspora Forum (KDF)" in html
    assert "Colombia" in html
    assert "Diaspora community" in html
    assert "Migrant organization" in html


def test_organizations_shows_no_contact_details(client, organizations):
    response = _get(client, "organizations")

    html = response.content.decode()
    for accreditation in organizations:
        organization = accreditation.organization
        assert organization.email not in html
        assert organization.phone not in html
        assert organization.head_name not in html
        assert organization.registration_number not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "KE"}, ["Kenya Diaspora Forum", "Nairobi Legal Aid"]),
        ({"country": "ke"}, ["Kenya Diaspora Forum", "Nairobi Legal Aid"]),
        ({"type": StakeholderType.MIGRANT}, ["Alianza Migrante"]),
        ({"country": "KE", "type": StakeholderType.NGO}, ["Nairobi Legal Aid"]),
        ({"q": "nairobi"}, ["Nairobi Legal Aid"]),
        ({"q": "KDF"}, ["Kenya Diaspora Forum"]),
        ({"q": "Revoked"}, []),
        ({"type": "not-a-type"}, ["Alianza Migrante", "Kenya Diaspora Forum", "Nairobi Legal Aid"]),
    ],
)
def test_organizations_filters(client, organizations, params, expected):
    assert _names(_get(client, "organizations", **params)) == expected


def test_organizations_paginates_by_fifty(client, forum):
    for number in range(51):
        _accredited(forum, name=f"Organization {number:02d}")

    first = _get(client, "organizations")
    second = _get(client, "organizations", page=2)

    assert len(first.context["page"].object_list) == 50
    assert _names(second) == ["Organization 50"]
    assert "Page 1 of 2" in first.content.decode()


def _csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="accredited-organizations-')
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def test_organizations_csv_has_the_exact_header_and_rows(client, organizations):
    rows = _csv_rows(_get(client, "organizations_csv"))

    assert rows == [
        ["organization", "acronym", "country", "stakeholder_type"],
        ["Alianza Migrante", "AM", "Colombia", "Migrant organization"],
        ["Kenya Diaspora Forum", "KDF", "Kenya", "Diaspora community"],
        ["Nairobi Legal Aid", "NLA", "Kenya", "Non-governmental organization"],
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "KE"}, ["Kenya Diaspora Forum", "Nairobi Legal Aid"]),
        ({"type": StakeholderType.DIASPORA}, ["Kenya Diaspora Forum"]),
        ({"q": "alianza"}, ["Alianza Migrante"]),
    ],
)
def test_organizations_csv_follows_the_filters(client, organizations, params, expected):
    rows = _csv_rows(_get(client, "organizations_csv", **params))

    assert rows[0] == ["organization", "acronym", "country", "stakeholder_type"]
    assert [row[0] for row in rows[1:]] == expected


def test_organizations_page_links_the_csv_with_the_filters(client, organizations):
    html = _get(client, "organizations", country="KE", type="ngo").content.decode()

    assert f'href="{reverse("organizations_csv")}?country=KE&amp;type=ngo"' in html


def _link(html: str, pattern: str) -> str:
    match = re.search(rf'href="({pattern}[^"]*)"', html)
    assert match, pattern
    return unescape(match.group(1))


def test_organizations_csv_link_keeps_a_search_with_an_ampersand(client, forum):
    _accredited(forum, name="Legal Aid & Rights Centre")
    _accredited(forum, name="Nairobi Legal Aid")
    page = _get(client, "organizations", q="Aid & Rights")
    assert _names(page) == ["Legal Aid & Rights Centre"]

    rows = _csv_rows(client.get(_link(page.content.decode(), re.escape(reverse("organizations_csv")))))

    assert [row[0] for row in rows[1:]] == ["Legal Aid & Rights Centre"]


def test_organizations_next_page_link_keeps_a_search_with_an_ampersand(client, forum):
    for number in range(51):
        _accredited(forum, name=f"Aid & Rights {number:02d}")
    _accredited(forum, name="Nairobi Legal Aid")
    page = _get(client, "organizations", q="Aid & Rights")

    second = client.get(reverse("organizations") + _link(page.content.decode(), r"\?page=2"))

    assert second.status_code == 200
    assert _names(second) == ["Aid & Rights 50"]


# --- the delegate's sessions and confirmation ----------------------------------------------------


@pytest.fixture
def delegate(forum):
    return DelegateFactory(accreditation__forum=forum, with_user=True)


def test_my_sessions_lists_the_schedule_and_the_other_sessions(client, delegate, programme):
    round_table, side_event, briefing = programme
    SessionRegistrationFactory(delegate=delegate, session=round_table)
    SessionRegistrationFactory(delegate=delegate, session=side_event, waitlisted=True, position=3)
    client.force_login(delegate.user)

    response = _get(client, "delegate:sessions")

    assert [r.session.title for r in response.context["registrations"]] == [round_table.title, side_event.title]
    assert [session.title for session in response.context["sessions"]] == [briefing.title]
    html = response.content.decode()
    schedule, choose = html.split('id="choose-title"')
    assert round_table.title in schedule
    assert side_event.title in schedule
    assert "number 3 on the list" in schedule
    assert "Mon 13 May, 09:00" in schedule
    assert briefing.title in choose
    assert reverse("delegate:session_register", args=[briefing.public_id]) in choose
    assert reverse("delegate:confirmation") in html


def test_my_sessions_hides_cancelled_registrations(client, delegate, programme):
    round_table, _side_event, _briefing = programme
    SessionRegistrationFactory(delegate=delegate, session=round_table, cancelled=True)
    client.force_login(delegate.user)

    response = _get(client, "delegate:sessions")

    assert response.context["registrations"] == []
    assert round_table.title in [session.title for session in response.context["sessions"]]


def test_session_register_view_takes_a_seat(client, delegate, programme):
    round_table, _side_event, _briefing = programme
    client.force_login(delegate.user)

    response = client.post(reverse("delegate:session_register", args=[round_table.public_id]))

    assert response.status_code == 302
    assert response["Location"] == reverse("delegate:sessions")
    registration = SessionRegistration.objects.get(delegate=delegate, session=round_table)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert messages_of(response) == [f"You have a seat in “{round_table.title}”."]


def test_session_register_view_joins_the_waiting_list(client, delegate, programme):
    _round_table, side_event, _briefing = programme
    client.force_login(delegate.user)

    response = client.post(reverse("delegate:session_register", args=[side_event.public_id]))

    registration = SessionRegistration.objects.get(delegate=delegate, session=side_event)
    assert (registration.status, registration.position) == (RegistrationStatus.WAITLISTED, 2)
    assert messages_of(response) == [
        f"“{side_event.title}” is full. You are number 2 on the waiting list; we will e-mail you if a seat frees."
    ]


def test_session_register_view_shows_a_refusal_as_a_message(client, delegate, programme):
    round_table, _side_event, _briefing = programme
    SessionRegistrationFactory(delegate=delegate, session=round_table)
    client.force_login(delegate.user)

    response = client.post(reverse("delegate:session_register", args=[round_table.public_id]))

    assert response.status_code == 302
    assert messages_of(response) == ["You are already registered for this session."]


def test_session_register_view_refuses_a_delegate_not_yet_approved(client, forum, programme):
    round_table, _side_event, _briefing = programme
    nominee = DelegateFactory(accreditation__forum=forum, with_user=True, nominated=True)
    client.force_login(nominee.user)

    response = client.post(reverse("delegate:session_register", args=[round_table.public_id]))

    assert response.status_code == 404
    assert not SessionRegistration.objects.filter(delegate=nominee).exists()


def test_session_cancel_view_gives_up_the_place(client, delegate, programme):
    round_table, _side_event, _briefing = programme
    registration = SessionRegistrationFactory(delegate=delegate, session=round_table)
    client.force_login(delegate.user)

    response = client.post(reverse("delegate:session_cancel", args=[registration.public_id]))

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert messages_of(response) == [f"You gave up your place in “{round_table.title}”."]


def test_session_cancel_view_refuses_someone_elses_registration(client, forum, delegate, programme):
    round_table, _side_event, _briefing = programme
    registration = SessionRegistrationFactory(delegate=delegate, session=round_table)
    intruder = DelegateFactory(accreditation__forum=forum, with_user=True)
    client.force_login(intruder.user)

    response = client.post(reverse("delegate:session_cancel", args=[registration.public_id]))

    assert response.status_code == 404
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at) == (RegistrationStatus.CONFIRMED, None)


def _pdf(client, delegate) -> PdfReader:
    client.force_login(delegate.user)
    response = client.get(reverse("delegate:confirmation"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    return PdfReader(io.BytesIO(response.content))


def test_confirmation_pdf_carries_the_delegate_sessions_and_check_in_code(client, forum, programme):
    round_table, side_event, _briefing = programme
    delegate = DelegateFactory(accreditation__forum=forum, with_user=True, with_photo=True)
    SessionRegistrationFactory(delegate=delegate, session=round_table)
    SessionRegistrationFactory(delegate=delegate, session=side_event, waitlisted=True, position=2)

    reader = _pdf(client, delegate)

    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())  # lines wrap where the page is narrow
    assert delegate.full_name in text
    assert delegate.accreditation.organization.name in text
    assert forum.name in text
    assert round_table.title in text
    assert side_event.title in text
    assert f"{side_event.title} — Conference Room 11 (waitlist no. 2)" in text
    assert f"{round_table.title} — Conference Room 4 (in person)" in text
    assert grouped(checkin_code(delegate.public_id)) in text
    assert len(reader.pages[0].images) == 1


def test_confirmation_pdf_without_a_photo_has_no_image(client, delegate):
    reader = _pdf(client, delegate)

    text = reader.pages[0].extract_text()
    assert "No session chosen yet." in text
    assert len(reader.pages[0].images) == 0


def test_confirmation_pdf_is_refused_to_a_delegate_not_yet_approved(client, forum):
    nominee = DelegateFactory(accreditation__forum=forum, with_user=True, nominated=True)
    client.force_login(nominee.user)

    assert client.get(reverse("delegate:confirmation")).status_code == 404


# --- query budgets ------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    client.get(path)  # warm the caches (content types, time-zone names, templates)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context)


def _more_sessions(forum, delegate, count: int) -> list:
    """``count`` sessions, each with a seat taken; ``delegate`` registers for every other one."""
    sessions = []
    for index in range(count):
        session = SessionFactory(
            forum=forum,
            starts_at=_at(forum, DAY1 + timedelta(days=index % 3), 8) + timedelta(minutes=20 * index),
            ends_at=_at(forum, DAY1 + timedelta(days=index % 3), 8) + timedelta(minutes=20 * index + 15),
            modality=[Modality.IN_PERSON, Modality.HYBRID, Modality.VIRTUAL][index % 3],
            room="" if index % 3 == 2 else "Conference Room 2",
            webcast_url="https://webtv.un.org/en/more" if index % 2 else "",
        )
        SessionRegistrationFactory(session=session, delegate=DelegateFactory(accreditation__forum=forum))
        if delegate is not None and index % 2:
            SessionRegistrationFactory(session=session, delegate=delegate, waitlisted=bool(index % 4 == 1))
        sessions.append(session)
    return sessions


def test_programme_runs_the_same_number_of_queries_whatever_the_sessions(client, forum, django_assert_num_queries):
    _more_sessions(forum, None, 1)
    path = reverse("programme")
    budget = _queries(client, path)

    _more_sessions(forum, None, 29)

    with django_assert_num_queries(budget):
        response = client.get(path, {"tz": "Asia/Tokyo"})
    assert sum(len(sessions) for sessions in response.context["days"].values()) == 30


def test_organizations_run_the_same_number_of_queries_whatever_the_rows(client, forum, django_assert_num_queries):
    _accredited(forum, country="KE")
    path = reverse("organizations")
    budget = _queries(client, path)

    for index in range(29):
        _accredited(forum, country=["KE", "UG", "BR"][index % 3], stakeholder_type=StakeholderType.values[index % 10])

    with django_assert_num_queries(budget):
        response = client.get(path)
    assert len(response.context["page"].object_list) == 30


def test_my_sessions_runs_the_same_number_of_queries_whatever_the_sessions(
    client, forum, delegate, django_assert_num_queries
):
    (first,) = _more_sessions(forum, None, 1)
    SessionRegistrationFactory(session=first, delegate=delegate)
    client.force_login(delegate.user)
    path = reverse("delegate:sessions")
    budget = _queries(client, path)

    _more_sessions(forum, delegate, 29)

    with django_assert_num_queries(budget):
        response = client.get(path)
    # 30 sessions: 15 in the schedule (confirmed and waitlisted), 15 to choose from.
    assert len(response.context["registrations"]) == 15
    assert len(response.context["sessions"]) == 15


# --- who may reach what -------------------------------------------------------------------------

PUBLIC = ["programme", "programme_ics", "session_detail", "session_ics", "organizations", "organizations_csv"]
DELEGATE_ONLY = [
    ("delegate:sessions", "get", None, 200),
    ("delegate:session_register", "post", "session", 302),
    ("delegate:session_cancel", "post", "registration", 302),
    ("delegate:confirmation", "get", None, 200),
]
VISITORS = ["anonymous", "user", "staff", "delegate"]


@pytest.fixture
def world(forum, delegate):
    session = SessionFactory(forum=forum, starts_at=_at(forum, DAY1, 15), ends_at=_at(forum, DAY1, 16))
    registration = SessionRegistrationFactory(
        delegate=delegate,
        session=SessionFactory(forum=forum, starts_at=_at(forum, DAY2, 15), ends_at=_at(forum, DAY2, 16)),
    )
    _accredited(forum)
    return {"session": session, "registration": registration, "delegate": delegate}


def _log_in(client, visitor: str, world) -> None:
    if visitor == "user":
        client.force_login(UserFactory())
    elif visitor == "staff":
        client.force_login(StaffUserFactory(group="Programme managers"))
    elif visitor == "delegate":
        client.force_login(world["delegate"].user)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_answer_everyone(client, world, visitor, name):
    _log_in(client, visitor, world)
    args = [world["session"].public_id] if name in {"session_detail", "session_ics"} else []

    response = client.get(reverse(name, args=args))

    assert response.status_code == 200


def _delegate_request(client, world, name: str, method: str, target: str | None):
    args = [] if target is None else [world[target].public_id]
    return getattr(client, method)(reverse(name, args=args))


@pytest.mark.parametrize(("name", "method", "target", "_ok"), DELEGATE_ONLY)
def test_delegate_pages_send_anonymous_visitors_to_sign_in(client, world, name, method, target, _ok):
    response = _delegate_request(client, world, name, method, target)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("visitor", ["user", "staff"])
@pytest.mark.parametrize(("name", "method", "target", "_ok"), DELEGATE_ONLY)
def test_delegate_pages_are_not_found_for_users_who_are_not_a_delegate(
    client, world, visitor, name, method, target, _ok
):
    _log_in(client, visitor, world)

    response = _delegate_request(client, world, name, method, target)

    assert response.status_code == 404
    registration = world["registration"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not SessionRegistration.objects.filter(session=world["session"]).exists()


@pytest.mark.parametrize(("name", "method", "target", "ok"), DELEGATE_ONLY)
def test_delegate_pages_answer_the_delegate(client, world, name, method, target, ok):
    client.force_login(world["delegate"].user)

    response = _delegate_request(client, world, name, method, target)

    assert response.status_code == ok


def test_delegate_of_an_ended_nomination_cannot_register(client, forum, world):
    former = DelegateFactory(accreditation__forum=forum, with_user=True, withdrawn=True)
    client.force_login(former.user)

    response = client.post(reverse("delegate:session_register", args=[world["session"].public_id]))

    assert response.status_code == 404
    assert not SessionRegistration.objects.filter(delegate=former).exists()
