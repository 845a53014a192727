"""The cap holds under concurrent nominations — proven on PostgreSQL, where row locks are real.

20 threads, released together by a barrier, each on its own database connection, nominate into
one organization; 50 rounds. After each round exactly ``cap`` representatives are active, every
other attempt was refused with the cap message, and nothing else was raised.

The negative control disables the row lock (monkeypatched) *and* drops the database backstop
(the partial unique constraint on the slot), and shows the same test then sees more than
``cap`` active representatives: the test can see a race, so its passing means something. A
second control keeps the lock but drops the backstop: the lock alone holds the cap.
"""

from contextlib import contextmanager
from datetime import date

from django.db import connection

from accreditation.enums import DelegateStatus
from accreditation.models import Delegate
from accreditation.services import nominations
from tests.factories import AccreditationFactory, ActiveForumFactory, MembershipFactory
from tests.helpers import at_once, read_without_lock

THREADS = 20
ROUNDS = 50


def _person(round_number: int, index: int) -> dict:
    return {
        "family_name": f"Okafor-{round_number}-{index}",
        "given_names": "Chidi",
        "date_of_birth": date(1980 + index % 20, 1 + index % 12, 1 + index % 28),
        "nationality": "NG",
        "country_of_residence": "NG",
        "email": f"r{round_number}-{index}@example.org",
        "modality": "in_person",
    }


def _nominate_at_once(accreditation, actor, round_number: int) -> list[tuple]:
    def attempt(index: int) -> tuple:
        nominations.delegate_nominate(accreditation=accreditation, data=_person(round_number, index), actor=actor)
        return ("created", "")

    return at_once(attempt, THREADS)


def _rounds(forum) -> list[tuple[int, list[tuple]]]:
    results = []
    for round_number in range(ROUNDS):
        membership = MembershipFactory()
        accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
        outcomes = _nominate_at_once(accreditation, membership.user, round_number)
        active = Delegate.objects.filter(accreditation=accreditation, status__in=DelegateStatus.ACTIVE).count()
        results.append((active, outcomes))
    return results


@contextmanager
def _without_slot_backstop():
    constraint = next(c for c in Delegate._meta.constraints if c.name == "delegate_unique_active_slot")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Delegate, constraint)
    try:
        yield
    finally:
        # Rows that broke the cap would stop the constraint from coming back.
        Delegate.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Delegate, constraint)


def test_cap_holds_when_twenty_threads_nominate_at_once_for_fifty_rounds():
    forum = ActiveForumFactory(delegate_cap=3)

    results = _rounds(forum)

    for active, outcomes in results:
        assert active == 3
        assert sorted(outcomes).count(("created", "")) == 3
        assert sorted(outcomes).count(("refused", "cap")) == THREADS - 3


def test_the_lock_alone_holds_the_cap_without_the_database_backstop():
    forum = ActiveForumFactory(delegate_cap=3)

    with _without_slot_backstop():
        results = _rounds(forum)

    for active, outcomes in results:
        assert active == 3
        assert outcomes.count(("created", "")) == 3
        assert outcomes.count(("refused", "cap")) == THREADS - 3


def test_negative_control_without_lock_and_backstop_the_test_sees_the_cap_broken(monkeypatch):
    forum = ActiveForumFactory(delegate_cap=3)
    monkeypatch.setattr(nominations, "lock_row", read_without_lock)

    with _without_slot_backstop():
        results = _rounds(forum)

    assert max(active for active, _outcomes in results) > 3
