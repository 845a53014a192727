"""Issue 15, item 7: a session edited in the back office goes through the service that owns it:
more seats promote the waiting list (e-mailed), a new time or room is e-mailed to everyone
registered — the back office and the portals can never disagree."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.enums import RegistrationStatus
from imrf.models import ActivityLog
from tests.factories import (
    ActiveForumFactory,
    DelegateFactory,
    SessionFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db


def _post_data(session, **changes) -> dict:
    """The session's change form as a Programme manager submits it, with ``changes`` typed in
    (times as the admin shows them: in the active time zone)."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return {
        "forum": session.forum_id,
        "kind": session.kind,
        "number": session.number or "",
        "title": session.title,
        "description": session.description,
        "gcm_objectives": json.dumps(session.gcm_objectives),
        "starts_at_0": starts.date().isoformat(),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "ends_at_0": ends.date().isoformat(),
        "ends_at_1": ends.strftime("%H:%M:%S"),
        "room": session.room,
        "modality": session.modality,
        "webcast_url": session.webcast_url,
        "stakeholder_seats": "" if session.stakeholder_seats is None else session.stakeholder_seats,
        "reserved_seats": session.reserved_seats,
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        **changes,
    }


@pytest.fixture
def manager_client(client):
    client.force_login(StaffUserFactory(group="Programme managers"))
    return client


def test_more_seats_in_the_back_office_promote_the_waiting_list_in_order(
    manager_client, mailoutbox, django_capture_on_commit_callbacks
):
    forum = ActiveForumFactory()
    session = SessionFactory(forum=forum, stakeholder_seats=1)
    SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(forum=forum), status=RegistrationStatus.CONFIRMED
    )
    first = SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(forum=forum), status=RegistrationStatus.WAITLISTED, position=1
    )
    second = SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(forum=forum), status=RegistrationStatus.WAITLISTED, position=2
    )
    data = _post_data(session, stakeholder_seats="2")

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("admin:events_session_change", args=[session.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    assert [message.to for message in mailoutbox] == [[first.delegate.email]]
    assert mailoutbox[0].subject == "[IMRF] You have a seat"
    log = ActivityLog.objects.get(action="session.changed")
    # (The objectives' JSON text box always counts as changed: the GCM objectives picker of the
    # programme-editing issue replaces it.)
    assert set(log.data["fields"]) - {"gcm_objectives"} == {"stakeholder_seats"}


def test_a_new_time_in_the_back_office_is_e_mailed_to_everyone_registered(
    manager_client, mailoutbox, django_capture_on_commit_callbacks
):
    forum = ActiveForumFactory()
    session = SessionFactory(forum=forum, stakeholder_seats=5, title="Round table 1")
    confirmed = SessionRegistrationFactory(session=session, delegate=DelegateFactory(forum=forum))
    waiting = SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(forum=forum), status=RegistrationStatus.WAITLISTED, position=1
    )
    SessionRegistrationFactory(
        session=session, delegate=DelegateFactory(forum=forum), status=RegistrationStatus.CANCELLED
    )
    later = timezone.localtime(session.starts_at) + timedelta(hours=2)
    ends = timezone.localtime(session.ends_at) + timedelta(hours=2)
    data = _post_data(
        session,
        starts_at_0=later.date().isoformat(),
        starts_at_1=later.strftime("%H:%M:%S"),
        ends_at_0=ends.date().isoformat(),
        ends_at_1=ends.strftime("%H:%M:%S"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("admin:events_session_change", args=[session.pk]), data)

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mailoutbox) == sorted([confirmed.delegate.email, waiting.delegate.email])
    assert {message.subject for message in mailoutbox} == {
        "[IMRF] A session you registered for has changed: Round table 1"
    }
    assert forum.format_moment(later) in mailoutbox[0].body
