"""One person, one organization — even when invitations from several organizations are accepted
at the same moment. Proven on PostgreSQL, where row locks are real: the acceptance locks the
person's row before checking that they act for no organization yet.

Each round, eight organizations have invited the same person; eight threads, released together by
a barrier, each on its own connection, accept one invitation each. Exactly one succeeds; the others
are told the person is already a focal point of another organization; nothing else is raised.

The negative control leaves the person's row unlocked (monkeypatched) and shows the same rounds then
make the person a focal point of several organizations: the test can see the race.
"""

from django.contrib.auth import get_user_model

from accreditation.models import Membership
from accreditation.services import focal_point_invitations
from accreditation.services.focal_point_invitations import focal_point_invitation_accept, focal_point_invitation_token
from tests.factories import FocalPointInvitationFactory, UserFactory
from tests.helpers import at_once

THREADS = 8
ROUNDS = 10


def _accept_at_once(tokens: list[str], user) -> list[tuple]:
    def attempt(index: int) -> tuple:
        focal_point_invitation_accept(token=tokens[index], user=user)
        return ("accepted", "")

    return at_once(attempt, len(tokens))


def _rounds() -> list[tuple[int, list[tuple]]]:
    """Per round: how many organizations the person ended up a focal point of, and each outcome."""
    results = []
    for round_number in range(ROUNDS):
        person = UserFactory(email=f"sought-after-{round_number}@example.org")
        tokens = [focal_point_invitation_token(FocalPointInvitationFactory(email=person.email)) for _ in range(THREADS)]
        outcomes = _accept_at_once(tokens, person)
        results.append((Membership.objects.filter(user=person).count(), outcomes))
    return results


def test_invitations_of_several_organizations_accepted_at_once_make_one_membership():
    for memberships, outcomes in _rounds():
        assert memberships == 1, outcomes
        assert sorted(outcomes) == [("accepted", "")] + [("refused", "other_org")] * (THREADS - 1), outcomes


def test_without_the_lock_on_the_person_the_race_is_seen(monkeypatch):
    locking = focal_point_invitations.lock_row

    def lock_all_but_the_person(queryset):
        return queryset.get() if queryset.model is get_user_model() else locking(queryset)

    monkeypatch.setattr(focal_point_invitations, "lock_row", lock_all_but_the_person)

    assert max(memberships for memberships, _outcomes in _rounds()) > 1
