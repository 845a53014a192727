"""One account per e-mail address, whatever its case."""

import pytest
from django.db import IntegrityError, transaction

from imrf.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_same_email_in_another_case_is_refused():
    UserFactory(email="ana.lopez@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="Ana.Lopez@Example.org")

    assert list(User.objects.values_list("email", flat=True)) == ["ana.lopez@example.org"]
