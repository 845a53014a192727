"""The demo loader: idempotent, and it covers every basis, stakeholder type and status."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accreditation.enums import AccreditationStatus, Basis, StakeholderType
from accreditation.models import Accreditation, AccreditationDocument, Delegate, EcosocListing, Organization
from events.models import Forum, Session
from imrf import roles

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "forums": Forum.objects.count(),
        "sessions": Session.objects.count(),
        "organizations": Organization.objects.count(),
        "accreditations": Accreditation.objects.count(),
        "documents": AccreditationDocument.objects.count(),
        "delegates": Delegate.objects.count(),
        "ecosoc": EcosocListing.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_seed_demo_twice_gives_the_same_counts():
    call_command("seed_demo", force=True, quiet_accounts=True)
    first = _counts()

    call_command("seed_demo", force=True, quiet_accounts=True)

    assert _counts() == first
    assert first == {
        "forums": 1,
        "sessions": 10,
        "organizations": 14,
        "accreditations": 14,
        "documents": 24,
        "delegates": 8,
        "ecosoc": 4,
        "users": 7,
    }


def test_seed_demo_covers_every_basis_stakeholder_type_and_status():
    call_command("seed_demo", force=True, quiet_accounts=True)

    assert set(Accreditation.objects.values_list("basis", flat=True)) == set(Basis.values)
    assert set(Organization.objects.values_list("stakeholder_type", flat=True)) == set(StakeholderType.values)
    assert set(Accreditation.objects.values_list("status", flat=True)) == set(AccreditationStatus.values)
    assert Organization.objects.filter(is_registered=False).count() == 1
    assert Forum.objects.get(is_active=True).name == "International Migration Review Forum 2026"


def test_seed_demo_creates_one_user_per_staff_group():
    call_command("seed_demo", force=True, quiet_accounts=True)

    for group in roles.ROLES:
        assert get_user_model().objects.filter(groups__name=group).count() == 1


def test_seed_demo_refuses_to_run_outside_debug_without_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo")
