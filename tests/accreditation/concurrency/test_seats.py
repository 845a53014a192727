"""Session seats hold under concurrent registrations — proven on PostgreSQL, where row locks are real.

20 approved delegates, released together by a barrier, each on its own database connection,
register for one session with ``SEATS`` stakeholder seats; 30 rounds, a new session each round.
After each round exactly ``SEATS`` registrations are confirmed, the others are waitlisted with
positions exactly 1..20-SEATS, and nothing else was raised.

The negative control replaces the session row lock with a plain read (monkeypatched). There is
no seat-count constraint in the database, so nothing else stops the race: the test then sees
more than ``SEATS`` confirmed, or two delegates with the same waitlist position, in some round —
the test can see a race, so its passing means something.
"""

from collections import Counter
from datetime import datetime, time, timedelta

import pytest

from accreditation.enums import RegistrationStatus
from accreditation.models import SessionRegistration
from accreditation.services import seats
from tests.factories import ActiveForumFactory, DelegateFactory, SessionFactory
from tests.helpers import at_once, read_without_lock

THREADS = 20
ROUNDS = 30
SEATS = 5


def _register_at_once(delegates, session) -> list[tuple]:
    def attempt(index: int) -> tuple:
        registration = seats.session_register(delegate=delegates[index], session=session, actor=None)
        return (registration.status, registration.position)

    return at_once(attempt, THREADS)


def _round(forum, delegates, round_number: int):
    """One session (an hour after the previous round's, so no round clashes with another)."""
    starts_at = datetime.combine(forum.starts_on, time(8), tzinfo=forum.tzinfo) + timedelta(hours=round_number)
    session = SessionFactory(
        forum=forum, stakeholder_seats=SEATS, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )
    outcomes = _register_at_once(delegates, session)
    rows = list(SessionRegistration.objects.filter(session=session).values_list("status", "position"))
    return outcomes, rows


@pytest.fixture
def forum_and_delegates():
    forum = ActiveForumFactory()
    delegates = [DelegateFactory(accreditation__forum=forum) for _ in range(THREADS)]
    return forum, delegates


def test_seats_hold_when_twenty_delegates_register_at_once_for_thirty_rounds(forum_and_delegates):
    forum, delegates = forum_and_delegates

    for round_number in range(ROUNDS):
        outcomes, rows = _round(forum, delegates, round_number)

        assert [outcome for outcome in outcomes if outcome[0] not in RegistrationStatus.ACTIVE] == []
        assert [position for status, position in outcomes if status == RegistrationStatus.CONFIRMED] == [None] * SEATS
        assert sorted(position for status, position in outcomes if status == RegistrationStatus.WAITLISTED) == list(
            range(1, THREADS - SEATS + 1)
        )
        # The database agrees with what the threads were told.
        assert Counter(status for status, _position in rows) == {
            RegistrationStatus.CONFIRMED: SEATS,
            RegistrationStatus.WAITLISTED: THREADS - SEATS,
        }
        assert sorted(position for status, position in rows if status == RegistrationStatus.WAITLISTED) == list(
            range(1, THREADS - SEATS + 1)
        )


def test_negative_control_without_the_lock_the_test_sees_seats_oversold(forum_and_delegates, monkeypatch):
    forum, delegates = forum_and_delegates
    monkeypatch.setattr(seats, "lock_row", read_without_lock)

    broken_rounds = 0
    for round_number in range(ROUNDS):
        _outcomes, rows = _round(forum, delegates, round_number)
        confirmed = sum(1 for status, _position in rows if status == RegistrationStatus.CONFIRMED)
        positions = [position for status, position in rows if status == RegistrationStatus.WAITLISTED]
        if confirmed > SEATS or len(set(positions)) != len(positions):
            broken_rounds += 1
            break  # one broken round proves the point; spare the shared cores

    assert broken_rounds >= 1
