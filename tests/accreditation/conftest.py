"""Fixtures of the accreditation tests: the active forum, an organization accredited to it, its
focal point, and the Programme manager who checks people in.

A module that needs another forum (fixed dates, a retention period) overrides ``forum``; the
organization and its focal point then belong to that forum.
"""

import pytest

from tests.factories import AccreditationFactory, ActiveForumFactory, MembershipFactory, StaffUserFactory


@pytest.fixture
def forum():
    """The active forum."""
    return ActiveForumFactory()


@pytest.fixture
def accredited(forum):
    """The accreditation of Migrant Rights Network to ``forum``."""
    return AccreditationFactory(forum=forum, accredited=True, organization__name="Migrant Rights Network")


@pytest.fixture
def focal_point(accredited):
    """The membership of Grace Achieng (grace@example.org), a focal point of the accredited
    organization."""
    return MembershipFactory(
        organization=accredited.organization, user__email="grace@example.org", user__full_name="Grace Achieng"
    )


@pytest.fixture
def organization(focal_point):
    """The focal point's organization."""
    return focal_point.organization


@pytest.fixture
def programme_manager():
    """Mei Lin, a Programme manager (the name the check-in pages print)."""
    return StaffUserFactory(group="Programme managers", full_name="Mei Lin")


@pytest.fixture
def focal_point_client(client, focal_point):
    """The test client, signed in as the focal point."""
    client.force_login(focal_point.user)
    return client
