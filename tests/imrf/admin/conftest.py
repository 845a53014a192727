"""Fixtures of the back-office tests of the core."""

import pytest

from tests.factories import StaffUserFactory


@pytest.fixture
def superuser_client(client):
    """The test client, signed in as a superuser."""
    client.force_login(StaffUserFactory(is_superuser=True))
    return client
