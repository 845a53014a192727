"""Stakeholder seats and the waitlist (accreditation.services.seats), and the seats that
nominations release when they end (accreditation.services.nominations)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from freezegun import freeze_time

from accreditation.enums import DelegateStatus, RegistrationStatus
from accreditation.errors import AccreditationError
from accreditation.models import SessionRegistration
from accreditation.selectors.programme import seats_left
from accreditation.services.decisions import accreditation_revoke
from accreditation.services.nominations import delegate_cancel, delegate_withdraw
from accreditation.services.seats import session_cancel_registration, session_register
from events.enums import Modality
from imrf.models import ActivityLog
from tests.factories import (
    DelegateFactory,
    ForumFactory,
    MembershipFactory,
    SessionFactory,
    SessionRegistrationFactory,
)
from tests.helpers import actions_of, refusal_of

pytestmark = pytest.mark.django_db

SEAT_SUBJECT = "[IMRF] You have a seat"


@pytest.fixture
def forum():
    return ForumFactory()


def _log(target, action: str) -> ActivityLog:
    return ActivityLog.objects.get(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk), action=action
    )


def _register(delegate, session):
    return session_register(delegate=delegate, session=session, actor=delegate.user)


def _refusal(delegate, session) -> AccreditationError:
    return refusal_of(session_register, delegate=delegate, session=session, actor=delegate.user)


def _seat_mails(mailoutbox) -> list:
    return [message for message in mailoutbox if message.subject == SEAT_SUBJECT]


# --- taking a seat ----------------------------------------------------------------------------


def test_session_register_confirms_while_seats_remain(forum):
    session = SessionFactory(forum=forum, stakeholder_seats=2)
    first, second = (
        DelegateFactory(accreditation__forum=forum, with_user=True),
        DelegateFactory(accreditation__forum=forum, with_user=True),
    )

    registrations = [_register(first, session), _register(second, session)]

    assert [(r.status, r.in_person, r.position) for r in registrations] == [
        (RegistrationStatus.CONFIRMED, True, None),
        (RegistrationStatus.CONFIRMED, True, None),
    ]
    assert seats_left(session) == 0
    entry = _log(registrations[0], "session_registration.confirmed")
    assert entry.actor == first.user
    assert entry.data == {"session": session.title, "in_person": True}


def test_session_register_waitlists_with_increasing_positions_when_full(forum):
    session = SessionFactory(forum=forum, stakeholder_seats=1)
    delegates = [DelegateFactory(accreditation__forum=forum) for _ in range(4)]

    registrations = [_register(delegate, session) for delegate in delegates]

    assert [(r.status, r.position) for r in registrations] == [
        (RegistrationStatus.CONFIRMED, None),
        (RegistrationStatus.WAITLISTED, 1),
        (RegistrationStatus.WAITLISTED, 2),
        (RegistrationStatus.WAITLISTED, 3),
    ]
    assert all(r.in_person for r in registrations)
    assert actions_of(registrations[0]) == ["session_registration.confirmed"]
    assert [_log(r, "session_registration.waitlisted").data for r in registrations[1:]] == [
        {"session": session.title, "position": 1},
        {"session": session.title, "position": 2},
        {"session": session.title, "position": 3},
    ]


def test_session_register_reserved_seats_do_not_reduce_the_stakeholder_seats(forum):
    session = SessionFactory(forum=forum, stakeholder_seats=2, reserved_seats=10)

    assert seats_left(session) == 2
    statuses = [_register(DelegateFactory(accreditation__forum=forum), session).status for _ in range(3)]

    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert seats_left(session) == 0


def test_session_register_unlimited_session_never_waitlists(forum):
    session = SessionFactory(forum=forum, unlimited=True)

    registrations = [_register(DelegateFactory(accreditation__forum=forum), session) for _ in range(6)]

    assert {(r.status, r.in_person, r.position) for r in registrations} == {(RegistrationStatus.CONFIRMED, True, None)}
    assert seats_left(session) is None


def test_session_register_virtual_session_takes_no_seat(forum):
    session = SessionFactory(forum=forum, virtual=True, stakeholder_seats=1)

    registrations = [_register(DelegateFactory(accreditation__forum=forum), session) for _ in range(3)]

    assert [(r.status, r.in_person) for r in registrations] == [(RegistrationStatus.CONFIRMED, False)] * 3
    assert seats_left(session) is None
    assert _log(registrations[2], "session_registration.confirmed").data == {
        "session": session.title,
        "in_person": False,
    }


def test_session_register_virtual_delegate_cannot_take_an_in_person_only_session(forum):
    session = SessionFactory(forum=forum, modality=Modality.IN_PERSON)
    delegate = DelegateFactory(accreditation__forum=forum, virtual=True)

    error = _refusal(delegate, session)

    assert error.code == "modality"
    assert error.message == "This session is in person only; as a virtual participant you cannot follow it."
    assert not SessionRegistration.objects.filter(delegate=delegate).exists()
    assert not ActivityLog.objects.filter(action__startswith="session_registration.").exists()


def test_session_register_virtual_delegate_follows_a_full_hybrid_session_without_taking_a_seat(forum):
    session = SessionFactory(forum=forum, modality=Modality.HYBRID, stakeholder_seats=1)
    in_person = _register(DelegateFactory(accreditation__forum=forum), session)
    assert seats_left(session) == 0

    online = _register(DelegateFactory(accreditation__forum=forum, virtual=True), session)
    late = _register(DelegateFactory(accreditation__forum=forum), session)

    assert (in_person.status, in_person.in_person) == (RegistrationStatus.CONFIRMED, True)
    assert (online.status, online.in_person, online.position) == (RegistrationStatus.CONFIRMED, False, None)
    assert (late.status, late.position) == (RegistrationStatus.WAITLISTED, 1)


def test_session_register_virtual_delegate_leaves_the_seat_of_a_hybrid_session_to_others(forum):
    session = SessionFactory(forum=forum, modality=Modality.HYBRID, stakeholder_seats=1)
    _register(DelegateFactory(accreditation__forum=forum, virtual=True), session)

    registration = _register(DelegateFactory(accreditation__forum=forum), session)

    assert (registration.status, registration.in_person) == (RegistrationStatus.CONFIRMED, True)
    assert seats_left(session) == 0


# --- refusals ---------------------------------------------------------------------------------


def test_session_register_overlap_is_refused_naming_the_other_session(forum):
    morning = SessionFactory(forum=forum, title="Round table 1: Safe, orderly and regular migration")
    overlapping = SessionFactory(
        forum=forum,
        starts_at=morning.ends_at - timedelta(hours=1),
        ends_at=morning.ends_at + timedelta(hours=1),
    )
    delegate = DelegateFactory(accreditation__forum=forum)
    _register(delegate, morning)

    error = _refusal(delegate, overlapping)

    assert error.code == "overlap"
    assert error.message == (
        "This session overlaps with “Round table 1: Safe, orderly and regular migration”, "
        "for which you already have a seat."
    )
    assert not SessionRegistration.objects.filter(delegate=delegate, session=overlapping).exists()


def test_session_register_overlap_is_refused_for_a_session_inside_another(forum):
    long_session = SessionFactory(forum=forum, title="Plenary")
    inside = SessionFactory(
        forum=forum,
        starts_at=long_session.starts_at + timedelta(minutes=30),
        ends_at=long_session.starts_at + timedelta(hours=1),
    )
    delegate = DelegateFactory(accreditation__forum=forum)
    _register(delegate, inside)

    error = _refusal(delegate, long_session)

    assert error.code == "overlap"
    assert f"“{inside.title}”" in error.message


def test_session_register_touching_sessions_do_not_overlap(forum):
    morning = SessionFactory(forum=forum)
    afternoon = SessionFactory(forum=forum, starts_at=morning.ends_at, ends_at=morning.ends_at + timedelta(hours=2))
    before = SessionFactory(forum=forum, starts_at=morning.starts_at - timedelta(hours=1), ends_at=morning.starts_at)
    delegate = DelegateFactory(accreditation__forum=forum)

    statuses = [_register(delegate, session).status for session in (morning, afternoon, before)]

    assert statuses == [RegistrationStatus.CONFIRMED] * 3


def test_session_register_a_waitlist_place_is_no_clash(forum):
    full = SessionFactory(forum=forum, stakeholder_seats=1)
    _register(DelegateFactory(accreditation__forum=forum), full)
    overlapping = SessionFactory(forum=forum, starts_at=full.starts_at, ends_at=full.ends_at)
    delegate = DelegateFactory(accreditation__forum=forum)
    assert _register(delegate, full).status == RegistrationStatus.WAITLISTED

    assert _register(delegate, overlapping).status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("waitlisted", [False, True])
def test_session_register_duplicate_is_refused(forum, waitlisted):
    session = SessionFactory(forum=forum, stakeholder_seats=0 if waitlisted else 5)
    delegate = DelegateFactory(accreditation__forum=forum)
    _register(delegate, session)

    error = _refusal(delegate, session)

    assert error.code == "duplicate"
    assert error.message == "You are already registered for this session."
    assert SessionRegistration.objects.filter(delegate=delegate, session=session).count() == 1


def test_session_register_again_after_cancelling_is_allowed(forum):
    session = SessionFactory(forum=forum)
    delegate = DelegateFactory(accreditation__forum=forum)
    first = _register(delegate, session)
    session_cancel_registration(registration=first, actor=None)

    again = _register(delegate, session)

    assert again.pk != first.pk
    assert again.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    "status",
    [DelegateStatus.NOMINATED, DelegateStatus.REJECTED, DelegateStatus.WITHDRAWN, DelegateStatus.CANCELLED],
)
def test_session_register_only_approved_delegates(forum, status):
    session = SessionFactory(forum=forum)
    delegate = DelegateFactory(accreditation__forum=forum, status=status)

    error = _refusal(delegate, session)

    assert error.code == "state"
    assert error.message == "Sessions can be chosen once your registration is approved."
    assert not SessionRegistration.objects.exists()


def test_session_register_session_of_another_forum_is_refused(forum):
    other = SessionFactory(forum=ForumFactory())
    delegate = DelegateFactory(accreditation__forum=forum)

    error = _refusal(delegate, other)

    assert error.code == "forum"
    assert error.message == "This session is not part of your forum."
    assert not SessionRegistration.objects.exists()


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=1), timedelta(days=1)])
def test_session_register_started_session_is_refused(forum, after):
    session = SessionFactory(forum=forum)
    delegate = DelegateFactory(accreditation__forum=forum)

    with freeze_time(session.starts_at + after):
        error = _refusal(delegate, session)

    assert error.code == "past"
    assert error.message == "This session has already started."
    assert not SessionRegistration.objects.exists()


def test_session_register_a_minute_before_the_start_is_allowed(forum):
    session = SessionFactory(forum=forum)

    with freeze_time(session.starts_at - timedelta(minutes=1)):
        registration = _register(DelegateFactory(accreditation__forum=forum), session)

    assert registration.status == RegistrationStatus.CONFIRMED


# --- giving up a seat, promotion ----------------------------------------------------------------


def _full_session_with_waitlist(forum, *, waiting: int = 2):
    """A one-seat session: a confirmed holder and ``waiting`` delegates on the waitlist (1, 2, ...)."""
    session = SessionFactory(forum=forum, stakeholder_seats=1)
    holder = _register(DelegateFactory(accreditation__forum=forum, with_user=True), session)
    waitlist = [_register(DelegateFactory(accreditation__forum=forum, with_user=True), session) for _ in range(waiting)]
    return session, holder, waitlist


def test_session_cancel_registration_promotes_the_first_waitlisted_and_emails_them(
    forum, programme_manager, django_capture_on_commit_callbacks, mailoutbox
):
    session, holder, (first, second) = _full_session_with_waitlist(forum)

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = session_cancel_registration(registration=holder, actor=holder.delegate.user)

    assert (cancelled.status, cancelled.position) == (RegistrationStatus.CANCELLED, None)
    assert cancelled.cancelled_at is not None
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.position, first.in_person) == (RegistrationStatus.CONFIRMED, None, True)
    assert (second.status, second.position) == (RegistrationStatus.WAITLISTED, 2)
    assert seats_left(session) == 0
    assert [(m.subject, m.to) for m in mailoutbox] == [(SEAT_SUBJECT, [first.delegate.email])]
    assert session.title in mailoutbox[0].body
    assert actions_of(holder) == ["session_registration.confirmed", "session_registration.cancelled"]
    assert actions_of(first) == ["session_registration.waitlisted", "session_registration.promoted"]
    assert _log(first, "session_registration.promoted").data == {"session": session.title}
    assert actions_of(second) == ["session_registration.waitlisted"]


def test_session_cancel_registration_promotes_in_the_same_transaction_and_emails_after_commit(
    forum, django_capture_on_commit_callbacks, mailoutbox
):
    _session, holder, (first,) = _full_session_with_waitlist(forum, waiting=1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session_cancel_registration(registration=holder, actor=None)
        first.refresh_from_db()
        # Promoted before the transaction commits; the e-mail waits for the commit.
        assert first.status == RegistrationStatus.CONFIRMED
        assert mailoutbox == []

    assert len(callbacks) == 1


def test_session_cancel_registration_promotes_the_lowest_position_not_the_earliest(
    forum, django_capture_on_commit_callbacks, mailoutbox
):
    session = SessionFactory(forum=forum, stakeholder_seats=1)
    holder = SessionRegistrationFactory(delegate=DelegateFactory(accreditation__forum=forum), session=session)
    later_position = SessionRegistrationFactory(
        delegate=DelegateFactory(accreditation__forum=forum), session=session, waitlisted=True, position=2
    )
    lowest_position = SessionRegistrationFactory(
        delegate=DelegateFactory(accreditation__forum=forum), session=session, waitlisted=True, position=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel_registration(registration=holder, actor=None)

    lowest_position.refresh_from_db()
    later_position.refresh_from_db()
    assert lowest_position.status == RegistrationStatus.CONFIRMED
    assert (later_position.status, later_position.position) == (RegistrationStatus.WAITLISTED, 2)
    assert [m.to for m in _seat_mails(mailoutbox)] == [[lowest_position.delegate.email]]


def test_session_cancel_registration_skips_a_waitlisted_delegate_who_now_has_a_clash(
    forum, django_capture_on_commit_callbacks, mailoutbox
):
    session, holder, (clashing, free) = _full_session_with_waitlist(forum)
    # While waiting, the first on the list took a seat in an overlapping session.
    overlapping = SessionFactory(forum=forum, starts_at=session.starts_at + timedelta(hours=1), ends_at=session.ends_at)
    assert _register(clashing.delegate, overlapping).status == RegistrationStatus.CONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel_registration(registration=holder, actor=None)

    clashing.refresh_from_db()
    free.refresh_from_db()
    assert (clashing.status, clashing.position) == (RegistrationStatus.WAITLISTED, 1)
    assert (free.status, free.position) == (RegistrationStatus.CONFIRMED, None)
    assert [m.to for m in _seat_mails(mailoutbox)] == [[free.delegate.email]]
    assert actions_of(clashing) == ["session_registration.waitlisted"]


def test_session_cancel_registration_nobody_promoted_when_every_waitlisted_delegate_clashes(
    forum, django_capture_on_commit_callbacks, mailoutbox
):
    session, holder, (clashing,) = _full_session_with_waitlist(forum, waiting=1)
    overlapping = SessionFactory(forum=forum, starts_at=session.starts_at, ends_at=session.ends_at)
    _register(clashing.delegate, overlapping)

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel_registration(registration=holder, actor=None)

    clashing.refresh_from_db()
    assert clashing.status == RegistrationStatus.WAITLISTED
    assert seats_left(session) == 1
    assert _seat_mails(mailoutbox) == []


def test_session_cancel_registration_of_a_waitlisted_place_promotes_nobody(
    forum, django_capture_on_commit_callbacks, mailoutbox
):
    _session, holder, (first, second) = _full_session_with_waitlist(forum)

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = session_cancel_registration(registration=first, actor=None)

    assert (cancelled.status, cancelled.position) == (RegistrationStatus.CANCELLED, None)
    holder.refresh_from_db()
    second.refresh_from_db()
    assert holder.status == RegistrationStatus.CONFIRMED
    assert (second.status, second.position) == (RegistrationStatus.WAITLISTED, 2)
    assert mailoutbox == []
    assert not ActivityLog.objects.filter(action="session_registration.promoted").exists()
    assert actions_of(first) == ["session_registration.waitlisted", "session_registration.cancelled"]


def test_session_cancel_registration_of_a_virtual_follower_promotes_nobody(
    forum, django_capture_on_commit_callbacks, mailoutbox
):
    session = SessionFactory(forum=forum, modality=Modality.HYBRID, stakeholder_seats=1)
    _register(DelegateFactory(accreditation__forum=forum), session)
    online = _register(DelegateFactory(accreditation__forum=forum, virtual=True), session)
    waiting = _register(DelegateFactory(accreditation__forum=forum), session)

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel_registration(registration=online, actor=None)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert mailoutbox == []


def test_session_cancel_registration_twice_is_refused(forum):
    registration = _register(DelegateFactory(accreditation__forum=forum), SessionFactory(forum=forum))
    session_cancel_registration(registration=registration, actor=None)

    with pytest.raises(AccreditationError) as caught:
        session_cancel_registration(registration=registration, actor=None)

    assert caught.value.code == "state"
    assert caught.value.message == "This registration is already cancelled."
    assert actions_of(registration).count("session_registration.cancelled") == 1


# --- nominations that end release their seats ------------------------------------------------


def test_delegate_withdraw_releases_every_seat_and_promotes(forum, django_capture_on_commit_callbacks, mailoutbox):
    session, holder, (first,) = _full_session_with_waitlist(forum, waiting=1)
    delegate = holder.delegate
    other_session = SessionFactory(forum=forum, starts_at=session.ends_at, ends_at=session.ends_at + timedelta(hours=1))
    full_elsewhere = SessionFactory(
        forum=forum,
        stakeholder_seats=0,
        starts_at=other_session.ends_at,
        ends_at=other_session.ends_at + timedelta(hours=1),
    )
    second_seat = _register(delegate, other_session)
    waitlist_place = _register(delegate, full_elsewhere)
    focal_point = MembershipFactory(organization=delegate.accreditation.organization).user

    with django_capture_on_commit_callbacks(execute=True):
        delegate_withdraw(delegate=delegate, actor=focal_point, reason="Left the organization.")

    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.WITHDRAWN
    statuses = {
        registration.pk: (registration.status, registration.position)
        for registration in SessionRegistration.objects.filter(delegate=delegate)
    }
    assert statuses == {
        holder.pk: (RegistrationStatus.CANCELLED, None),
        second_seat.pk: (RegistrationStatus.CANCELLED, None),
        waitlist_place.pk: (RegistrationStatus.CANCELLED, None),
    }
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in _seat_mails(mailoutbox)] == [[first.delegate.email]]
    assert _log(holder, "session_registration.cancelled").data == {"cascade": True}
    assert _log(holder, "session_registration.cancelled").actor == focal_point
    assert _log(first, "session_registration.promoted").actor == focal_point
    assert actions_of(delegate)[-1] == "delegate.withdrawn"


def test_delegate_cancel_releases_seats_and_promotes(
    forum, programme_manager, django_capture_on_commit_callbacks, mailoutbox
):
    session, holder, (first, second) = _full_session_with_waitlist(forum)

    with django_capture_on_commit_callbacks(execute=True):
        delegate_cancel(delegate=holder.delegate, actor=programme_manager, reason="Security clearance refused.")

    holder.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert holder.status == RegistrationStatus.CANCELLED
    assert (first.status, first.position) == (RegistrationStatus.CONFIRMED, None)
    assert (second.status, second.position) == (RegistrationStatus.WAITLISTED, 2)
    assert [m.to for m in _seat_mails(mailoutbox)] == [[first.delegate.email]]
    assert actions_of(holder) == ["session_registration.confirmed", "session_registration.cancelled"]
    assert _log(first, "session_registration.promoted").actor == programme_manager
    assert "delegate.cancelled" in actions_of(holder.delegate)
    assert seats_left(session) == 0


def test_delegate_cancel_of_a_waitlisted_delegate_promotes_nobody(
    forum, programme_manager, django_capture_on_commit_callbacks, mailoutbox
):
    _session, holder, (first, second) = _full_session_with_waitlist(forum)

    with django_capture_on_commit_callbacks(execute=True):
        delegate_cancel(delegate=first.delegate, actor=programme_manager, reason="Duplicate nomination.")

    holder.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert holder.status == RegistrationStatus.CONFIRMED
    assert first.status == RegistrationStatus.CANCELLED
    assert (second.status, second.position) == (RegistrationStatus.WAITLISTED, 2)
    assert _seat_mails(mailoutbox) == []


def test_accreditation_revoke_releases_the_seats_of_its_delegates(
    forum, programme_manager, django_capture_on_commit_callbacks, mailoutbox
):
    _session, holder, (first,) = _full_session_with_waitlist(forum, waiting=1)

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_revoke(
            accreditation=holder.delegate.accreditation, actor=programme_manager, reason="Links to an armed group."
        )

    holder.refresh_from_db()
    first.refresh_from_db()
    assert holder.status == RegistrationStatus.CANCELLED
    assert first.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in _seat_mails(mailoutbox)] == [[first.delegate.email]]
