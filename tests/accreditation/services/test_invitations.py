"""One-time invitation links for representatives (accreditation.services.invitations)."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from accreditation.enums import DelegateStatus
from accreditation.errors import AccreditationError
from accreditation.services.invitations import (
    delegate_for_invitation,
    delegate_invite,
    invitation_accept,
    invitation_token,
)
from accreditation.services.nominations import delegate_nominate
from imrf.models import ActivityLog, User
from tests.factories import PASSWORD, AccreditationFactory, DelegateFactory, UserFactory
from tests.helpers import refusal_of

pytestmark = pytest.mark.django_db

INVALID = "This invitation link is not valid: it may have been used already or replaced by a newer one."
EXPIRED = "This invitation link has expired. Ask your organization's focal point to send a new one."


def _invited(**fields):
    delegate = DelegateFactory(**fields)
    with transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)
    return delegate


def _token_in(message) -> str:
    return re.search(r"/invitation/([^/\s]+)/", message.body).group(1)


NEW_PASSWORD = "a-long-new-password"


def _refusal(token, password=NEW_PASSWORD) -> AccreditationError:
    return refusal_of(invitation_accept, token=token, password=password)


# --- delegate_invite -----------------------------------------------------------------------


@freeze_time("2030-01-01 12:00:00+00:00")
def test_delegate_invite_stores_a_fresh_nonce_and_logs():
    delegate = DelegateFactory()
    actor = UserFactory()

    with transaction.atomic():
        delegate_invite(delegate=delegate, actor=actor)

    delegate.refresh_from_db()
    assert len(delegate.invitation_nonce) == 32
    assert delegate.invited_at.isoformat() == "2030-01-01T12:00:00+00:00"
    [log] = ActivityLog.objects.filter(object_id=str(delegate.pk), content_type__model="delegate")
    assert (log.action, log.actor, log.data) == ("delegate.invited", actor, {})


def test_delegate_invite_emails_a_link_whose_token_names_the_delegate(django_capture_on_commit_callbacks, mailoutbox):
    delegate = DelegateFactory(email="amina@example.org")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)

    [message] = mailoutbox
    assert (message.subject, message.to) == (
        f"[IMRF] You are nominated to the {delegate.accreditation.forum.name}",
        ["amina@example.org"],
    )
    assert "The link works once and for 14 days." in message.body
    assert delegate_for_invitation(_token_in(message)) == delegate


def test_delegate_invite_emails_a_french_speaking_delegate_in_french(django_capture_on_commit_callbacks, mailoutbox):
    delegate = DelegateFactory(user=UserFactory(language="fr"))

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)

    [message] = mailoutbox
    assert re.search(r'<html lang="([^"]+)"', message.alternatives[0].content).group(1) == "fr"


@pytest.mark.parametrize("status", sorted(set(DelegateStatus.values) - DelegateStatus.ACTIVE))
def test_delegate_invite_refuses_a_representative_who_is_no_longer_active(status):
    delegate = DelegateFactory(status=status)

    with pytest.raises(AccreditationError) as caught, transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)

    assert caught.value.code == "state"
    delegate.refresh_from_db()
    assert delegate.invitation_nonce == ""


def test_delegate_invite_refuses_a_representative_who_already_accepted():
    delegate = _invited()
    invitation_accept(token=invitation_token(delegate), password="a-long-new-password")
    delegate.refresh_from_db()

    with pytest.raises(AccreditationError) as caught, transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)

    assert caught.value.code == "accepted"


# --- delegate_for_invitation ---------------------------------------------------------------


def test_delegate_for_invitation_finds_the_nominated_delegate_from_the_emailed_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    accreditation = AccreditationFactory(accredited=True)
    with django_capture_on_commit_callbacks(execute=True):
        delegate = delegate_nominate(
            accreditation=accreditation,
            data={
                "family_name": "Wanjiku",
                "given_names": "Amina",
                "date_of_birth": timezone.localdate().replace(year=1990),
                "nationality": "KE",
                "country_of_residence": "KE",
                "email": "amina@example.org",
            },
            actor=None,
        )
    [invitation] = [message for message in mailoutbox if message.to == ["amina@example.org"]]

    assert delegate_for_invitation(_token_in(invitation)) == delegate


@pytest.mark.parametrize("token", ["", "garbage", "eyJkIjoiMSJ9:1abcde:forged"])
def test_delegate_for_invitation_refuses_a_forged_token(token):
    _invited()

    with pytest.raises(AccreditationError) as caught:
        delegate_for_invitation(token)

    assert (caught.value.code, caught.value.message) == ("invalid", INVALID)


def test_delegate_for_invitation_refuses_a_delegate_who_is_no_longer_active():
    delegate = _invited()
    token = invitation_token(delegate)
    delegate.status = DelegateStatus.WITHDRAWN
    delegate.save(update_fields=["status"])

    with pytest.raises(AccreditationError) as caught:
        delegate_for_invitation(token)

    assert caught.value.code == "invalid"


def test_delegate_for_invitation_refuses_a_delegate_never_invited():
    delegate = DelegateFactory()

    with pytest.raises(AccreditationError) as caught:
        delegate_for_invitation(invitation_token(delegate))

    assert caught.value.code == "invalid"


# --- expiry --------------------------------------------------------------------------------


def test_invitation_accept_works_until_the_maximum_age(settings):
    settings.INVITATION_MAX_AGE = 3600
    with freeze_time("2030-01-01 12:00:00+00:00") as clock:
        delegate = _invited()
        token = invitation_token(delegate)
        clock.tick(timedelta(seconds=3600))

        accepted, _user, _created = invitation_accept(token=token, password="a-long-new-password")

    assert accepted == delegate


def test_invitation_accept_refuses_a_link_older_than_the_maximum_age(settings):
    settings.INVITATION_MAX_AGE = 3600
    with freeze_time("2030-01-01 12:00:00+00:00") as clock:
        delegate = _invited()
        token = invitation_token(delegate)
        clock.tick(timedelta(seconds=3601))

        error = _refusal(token)

    assert (error.code, error.message) == ("expired", EXPIRED)
    delegate.refresh_from_db()
    assert delegate.user is None
    assert User.objects.filter(email=delegate.email).exists() is False


def test_invitation_accept_refuses_a_link_after_the_default_fourteen_days():
    with freeze_time("2030-01-01 12:00:00+00:00") as clock:
        token = invitation_token(_invited())
        clock.tick(timedelta(days=14, seconds=1))

        error = _refusal(token)

    assert error.code == "expired"


# --- use once, resend ----------------------------------------------------------------------


def test_invitation_accept_works_only_once():
    delegate = _invited()
    token = invitation_token(delegate)
    invitation_accept(token=token, password="a-long-new-password")

    error = _refusal(token)

    assert (error.code, error.message) == ("invalid", INVALID)
    assert User.objects.filter(email=delegate.email).count() == 1


def test_delegate_invite_again_kills_the_earlier_link():
    delegate = _invited()
    old_token = invitation_token(delegate)
    with transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)
    delegate.refresh_from_db()
    new_token = invitation_token(delegate)

    error = _refusal(old_token)
    accepted, _user, _created = invitation_accept(token=new_token, password="a-long-new-password")

    assert error.code == "invalid"
    assert accepted == delegate


def test_delegate_invite_again_sends_a_second_working_link(django_capture_on_commit_callbacks, mailoutbox):
    delegate = DelegateFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)

    first, second = (_token_in(message) for message in mailoutbox)

    assert first != second
    assert _refusal(first).code == "invalid"
    assert delegate_for_invitation(second) == delegate


# --- accepting -----------------------------------------------------------------------------


@freeze_time("2030-01-01 12:00:00+00:00")
def test_invitation_accept_creates_an_account_with_a_verified_address():
    delegate = _invited(email="amina@example.org", given_names="Amina", family_name="Wanjiku")

    accepted, user, created = invitation_accept(token=invitation_token(delegate), password="a-long-new-password")

    assert created is True
    assert accepted == delegate
    assert user.email == "amina@example.org"
    assert user.full_name == "Amina WANJIKU"
    assert user.check_password("a-long-new-password") is True
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("amina@example.org", True, True)
    ]
    delegate.refresh_from_db()
    assert delegate.user == user
    assert delegate.invitation_nonce == ""
    assert delegate.invitation_accepted_at.isoformat() == "2030-01-01T12:00:00+00:00"
    log = ActivityLog.objects.get(
        object_id=str(delegate.pk), content_type__model="delegate", action="delegate.invitation_accepted"
    )
    assert (log.actor, log.data) == (user, {"new_account": True})


def test_invitation_accept_links_an_existing_account_with_its_password_without_changing_it():
    existing = UserFactory(email="Amina@Example.org")
    delegate = _invited(email="amina@example.org")

    _accepted, user, created = invitation_accept(token=invitation_token(delegate), password=PASSWORD)

    assert created is False
    assert user == existing
    user.refresh_from_db()
    assert user.check_password(PASSWORD) is True
    delegate.refresh_from_db()
    assert delegate.user == existing
    assert User.objects.filter(email__iexact="amina@example.org").count() == 1
    log = ActivityLog.objects.get(
        object_id=str(delegate.pk), content_type__model="delegate", action="delegate.invitation_accepted"
    )
    assert (log.actor, log.data) == (existing, {"new_account": False})


@pytest.mark.parametrize("password", [None, "", "something-else-entirely"])
def test_invitation_accept_refuses_to_link_an_existing_account_without_its_password(password):
    existing = UserFactory(email="amina@example.org")
    delegate = _invited(email="amina@example.org")
    token = invitation_token(delegate)

    error = _refusal(token, password=password)

    assert (error.code, error.field) == ("owner_password", "password")
    delegate.refresh_from_db()
    assert (delegate.user, delegate.invitation_nonce != "") == (None, True)
    assert invitation_accept(token=token, password=PASSWORD)[1] == existing


def test_invitation_accept_links_the_account_its_owner_is_signed_in_to_without_a_password():
    existing = UserFactory(email="amina@example.org")
    delegate = _invited(email="amina@example.org")

    _accepted, user, created = invitation_accept(token=invitation_token(delegate), password=None, user=existing)

    assert (user, created) == (existing, False)


def test_invitation_accept_does_not_link_the_owners_account_for_someone_signed_in_to_another_account():
    UserFactory(email="amina@example.org")
    someone_else = UserFactory(email="someone@example.org")
    delegate = _invited(email="amina@example.org")

    with pytest.raises(AccreditationError) as caught:
        invitation_accept(token=invitation_token(delegate), password=None, user=someone_else)

    assert caught.value.code == "owner_password"
    delegate.refresh_from_db()
    assert delegate.user is None


def test_invitation_accept_never_confirms_a_pre_registered_unconfirmed_account():
    # Finding 1 of issue 13: someone signs up (never confirming) with the address a focal point
    # later nominates. The real person follows the link: they get a new account of their own,
    # and the pre-registered account loses the address and can no longer sign in.
    squatter = UserFactory(email="amina@example.org", verified=False)
    delegate = _invited(email="amina@example.org")

    accepted, user, created = invitation_accept(token=invitation_token(delegate), password=NEW_PASSWORD)

    assert created is True
    assert user != squatter
    assert (user.email, user.check_password(NEW_PASSWORD)) == ("amina@example.org", True)
    assert list(EmailAddress.objects.filter(email__iexact="amina@example.org").values_list("user", "verified")) == [
        (user.pk, True)
    ]
    squatter.refresh_from_db()
    assert squatter.email.startswith(f"released-{squatter.pk}-")
    assert squatter.email.endswith("@invalid.invalid")
    assert (squatter.is_active, squatter.has_usable_password()) == (False, False)
    assert EmailAddress.objects.filter(user=squatter).exists() is False
    accepted.refresh_from_db()
    assert accepted.user == user
    log = ActivityLog.objects.get(action="account.address_released")
    assert (log.object_id, log.data) == (str(squatter.pk), {"to_representative": str(delegate.pk)})


def test_invitation_accept_takes_an_unconfirmed_secondary_address_from_its_account():
    holder = UserFactory(email="holder@example.org")
    EmailAddress.objects.create(user=holder, email="amina@example.org", verified=False, primary=False)
    delegate = _invited(email="amina@example.org")

    _accepted, _user, created = invitation_accept(token=invitation_token(delegate), password=NEW_PASSWORD)

    assert created is True
    assert list(EmailAddress.objects.filter(user=holder).values_list("email", flat=True)) == ["holder@example.org"]
    holder.refresh_from_db()
    assert (holder.email, holder.is_active) == ("holder@example.org", True)


def test_invitation_accept_treats_a_staff_accounts_address_as_owned():
    staff = UserFactory(email="officer@example.org", is_staff=True, verified=False)
    delegate = _invited(email="officer@example.org")

    assert _refusal(invitation_token(delegate)).code == "owner_password"
    assert invitation_accept(token=invitation_token(delegate), password=PASSWORD)[1] == staff


@pytest.mark.parametrize("password", ["", None])
def test_invitation_accept_needs_a_password_for_a_new_account(password):
    delegate = _invited(email="amina@example.org")
    token = invitation_token(delegate)

    error = _refusal(token, password=password)

    assert (error.code, error.field) == ("password", "password1")
    delegate.refresh_from_db()
    assert delegate.user is None
    assert delegate.invitation_nonce != ""
    assert invitation_accept(token=token, password="a-long-new-password")[2] is True


def test_invitation_accept_links_the_account_that_owns_the_address_as_a_verified_secondary_address():
    # The address is already a confirmed identity of an account (not its main address):
    # that account is the person's, so it is linked instead of a second account being made.
    owner = UserFactory(email="main@example.org")
    EmailAddress.objects.create(user=owner, email="amina@example.org", verified=True, primary=False)
    delegate = _invited(email="amina@example.org")

    accepted, user, created = invitation_accept(token=invitation_token(delegate), password=PASSWORD)

    assert (accepted, user, created) == (delegate, owner, False)
    delegate.refresh_from_db()
    assert delegate.user == owner
    assert User.objects.filter(email__iexact="amina@example.org").exists() is False
