"""Issue 13, finding 1: an invitation never attaches a nomination to an account whose owner has
not proved it. Played through the real pages: an attacker pre-registers the address a focal
point later nominates; the real person follows the link from their mailbox."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accreditation.models import Delegate
from accreditation.services.invitations import delegate_invite, invitation_token
from tests.factories import PASSWORD, DelegateFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

ATTACKER_PASSWORD = "the attacker's own passphrase"
VICTIM_PASSWORD = "the real person's passphrase"


def _nominated(email: str) -> Delegate:
    delegate = DelegateFactory(email=email)
    with transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)
    return delegate


def _invitation_path(delegate: Delegate) -> str:
    return reverse("delegate:invitation", kwargs={"token": invitation_token(delegate)})


def test_a_pre_registered_address_does_not_give_the_attacker_the_nomination(mailoutbox):
    attacker = Client()
    signed_up = attacker.post(
        reverse("account_signup"),
        {
            "email": "amina@example.org",
            "full_name": "Amina Yusuf",
            "password1": ATTACKER_PASSWORD,
            "password2": ATTACKER_PASSWORD,
        },
    )
    assert signed_up.status_code == 302
    delegate = _nominated("amina@example.org")
    victim = Client()

    page = victim.get(_invitation_path(delegate))
    accepted = victim.post(_invitation_path(delegate), {"password1": VICTIM_PASSWORD, "password2": VICTIM_PASSWORD})

    assert "Choose a password to reach your page." in page.content.decode()
    assert "already exists" not in page.content.decode()
    assert (accepted.status_code, accepted["Location"]) == (302, reverse("delegate:home"))
    assert victim.get(reverse("delegate:home")).status_code == 200
    delegate.refresh_from_db()
    assert (delegate.user.email, delegate.user.check_password(VICTIM_PASSWORD)) == ("amina@example.org", True)
    # The attacker's own password no longer opens anything.
    attacker.logout()
    sign_in = attacker.post(reverse("account_login"), {"login": "amina@example.org", "password": ATTACKER_PASSWORD})
    assert sign_in.status_code == 200
    assert "_auth_user_id" not in attacker.session
    assert attacker.get(reverse("delegate:letter")).status_code == 302


def test_the_link_alone_does_not_attach_an_existing_account(client):
    owner = UserFactory(email="amina@example.org")
    delegate = _nominated("amina@example.org")

    page = client.get(_invitation_path(delegate))
    bare_post = client.post(_invitation_path(delegate), {})
    wrong = client.post(_invitation_path(delegate), {"password": "not the password at all"})

    assert "An account with amina@example.org already exists." in page.content.decode()
    assert 'name="password"' in page.content.decode()
    assert bare_post.status_code == 200
    assert wrong.status_code == 200
    assert "This is not the password of the account with this address." in wrong.content.decode()
    delegate.refresh_from_db()
    assert delegate.user is None
    right = client.post(_invitation_path(delegate), {"password": PASSWORD})
    assert right["Location"] == f"{reverse('account_login')}?next=%2Fme%2F"
    delegate.refresh_from_db()
    assert delegate.user == owner


def test_the_owner_signed_in_links_with_one_click(client):
    owner = UserFactory(email="amina@example.org")
    delegate = _nominated("amina@example.org")
    client.force_login(owner)

    page = client.get(_invitation_path(delegate))
    linked = client.post(_invitation_path(delegate), {})

    assert "You are signed in with amina@example.org." in page.content.decode()
    assert 'name="password"' not in page.content.decode()
    assert (linked.status_code, linked["Location"]) == (302, reverse("delegate:home"))
    delegate.refresh_from_db()
    assert delegate.user == owner


def test_someone_signed_in_to_another_account_must_still_give_the_owners_password(client):
    UserFactory(email="amina@example.org")
    client.force_login(UserFactory(email="someone@example.org"))
    delegate = _nominated("amina@example.org")

    response = client.post(_invitation_path(delegate), {})

    assert response.status_code == 200
    assert re.search(r"This field is required\.", response.content.decode())
    delegate.refresh_from_db()
    assert delegate.user is None


def test_guessing_the_owners_password_through_the_link_is_limited(client):
    UserFactory(email="amina@example.org")
    delegate = _nominated("amina@example.org")
    for attempt in range(10):
        client.post(_invitation_path(delegate), {"password": f"guess number {attempt}"})

    response = client.post(_invitation_path(delegate), {"password": PASSWORD})

    assert "Too many attempts." in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.user is None
