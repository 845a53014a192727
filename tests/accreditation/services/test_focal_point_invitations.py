"""Focal points join by invitation (accreditation.services.focal_point_invitations; issue 13,
finding 10): nobody becomes a focal point without accepting, only the invited confirmed address
can accept, and the organization learns nothing about the address it invites."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from freezegun import freeze_time

from accreditation.models import FocalPointInvitation, Membership
from accreditation.services.focal_point_invitations import (
    MAX_INVITATIONS_SENT_PER_DAY,
    MAX_PENDING_INVITATIONS,
    focal_point_invitation_accept,
    focal_point_invitation_cancel,
    focal_point_invitation_create,
    focal_point_invitation_decline,
    focal_point_invitation_for_token,
    focal_point_invitation_resend,
    focal_point_invitation_token,
)
from imrf.models import ActivityLog
from tests.factories import (
    DelegateFactory,
    FocalPointInvitationFactory,
    MembershipFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.helpers import ADDRESS_KINDS, actions_of, address_of, refusal_of

pytestmark = pytest.mark.django_db

INVALID = "This invitation link is not valid: it may have been used, cancelled or replaced by a newer one."
EXPIRED = "This invitation link has expired. Ask the organization's focal point to send a new one."


@pytest.fixture
def inviter(focal_point):
    """Grace Achieng, a focal point of “Migrant Rights Network”."""
    return focal_point.user


def _token_in(message) -> str:
    return re.search(r"/portal/join/([^/\s]+)/", message.body).group(1)


def _invite(organization, inviter, email="amina@example.org", name="") -> FocalPointInvitation:
    return focal_point_invitation_create(organization=organization, email=email, name=name, actor=inviter)


# --- focal_point_invitation_create ---------------------------------------------------------


@freeze_time("2030-01-01 12:00:00+00:00")
def test_create_stores_the_invitation_emails_a_link_and_adds_nobody(
    organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(organization, inviter, email=" Amina@Example.org ", name="Amina Yusuf")

    invitation.refresh_from_db()
    assert (invitation.organization, invitation.email, invitation.name, invitation.invited_by) == (
        organization,
        "Amina@Example.org",
        "Amina Yusuf",
        inviter,
    )
    assert len(invitation.nonce) >= 32
    assert invitation.sent_at == timezone.now()
    assert invitation.expires_at == timezone.now() + timedelta(seconds=settings.INVITATION_MAX_AGE)
    assert (invitation.accepted_at, invitation.declined_at, invitation.cancelled_at) == (None, None, None)
    assert list(Membership.objects.filter(organization=organization).values_list("user", flat=True)) == [inviter.pk]
    [message] = mailoutbox
    assert message.to == ["Amina@Example.org"]
    assert message.subject == "[IMRF] Invitation to act for Migrant Rights Network"
    assert message.body.startswith("Dear Amina Yusuf,")
    assert "Grace Achieng (grace@example.org) invites you to become a focal point of Migrant Rights Network" in (
        message.body
    )
    assert f"{settings.SITE_URL}/portal/join/" in message.body
    assert focal_point_invitation_for_token(_token_in(message)) == invitation
    log = ActivityLog.objects.get(action="organization.focal_point_invited")
    assert (log.actor, log.object_id) == (inviter, str(organization.pk))
    assert log.data == {"invitation": str(invitation.public_id), "email": "Amina@Example.org", "renewed": False}


@pytest.mark.parametrize("kind", [kind for kind in ADDRESS_KINDS if kind != "already_invited"])
def test_create_does_the_same_whoever_the_address_belongs_to(
    kind, organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    email = address_of(kind, organization)
    memberships = Membership.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(organization, inviter, email=email)

    assert FocalPointInvitation.objects.filter(pk=invitation.pk, email=email).exists()
    assert Membership.objects.count() == memberships
    assert [(message.to, message.subject) for message in mailoutbox] == [
        ([email], "[IMRF] Invitation to act for Migrant Rights Network")
    ]
    assert mailoutbox[0].body.startswith("Hello,")


def test_create_writes_in_the_invitees_language_when_they_have_an_account(
    organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(email="claire@example.org", language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        _invite(organization, inviter, email="claire@example.org")

    [message] = mailoutbox
    assert re.search(r'<html lang="([^"]+)"', message.alternatives[0].content).group(1) == "fr"


def test_create_refuses_a_current_focal_point_of_the_organization(
    organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = MembershipFactory(organization=organization).user

    with django_capture_on_commit_callbacks(execute=True):
        refusal = refusal_of(
            focal_point_invitation_create,
            organization=organization,
            email=colleague.email.upper(),
            actor=inviter,
        )

    assert (refusal.field, refusal.code, refusal.message) == (
        "email",
        "already_member",
        "This person is already a focal point.",
    )
    assert FocalPointInvitation.objects.exists() is False
    assert mailoutbox == []


def test_inviting_the_same_address_again_renews_the_open_invitation(
    organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _invite(organization, inviter, email="amina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        again = _invite(organization, inviter, email="AMINA@example.org", name="Amina")

    assert again.pk == first.pk
    assert FocalPointInvitation.objects.count() == 1
    old_token, new_token = (_token_in(message) for message in mailoutbox)
    assert refusal_of(focal_point_invitation_for_token, token=old_token).message == INVALID
    assert focal_point_invitation_for_token(new_token).name == "Amina"
    assert ActivityLog.objects.filter(action="organization.focal_point_invited").latest("id").data["renewed"] is True


def test_create_refuses_beyond_the_pending_invitations_allowed(organization, inviter):
    FocalPointInvitationFactory.create_batch(MAX_PENDING_INVITATIONS, organization=organization)

    refusal = refusal_of(
        focal_point_invitation_create, organization=organization, email="one@example.org", actor=inviter
    )

    assert refusal.code == "too_many_pending"
    assert FocalPointInvitation.objects.count() == MAX_PENDING_INVITATIONS


def test_expired_invitations_do_not_count_as_pending(organization, inviter):
    past = timezone.now() - timedelta(days=30)
    FocalPointInvitationFactory.create_batch(
        MAX_PENDING_INVITATIONS, organization=organization, sent_at=past, expires_at=past
    )

    invitation = _invite(organization, inviter, email="one@example.org")

    assert invitation.is_pending is True


def test_create_refuses_beyond_the_invitations_sent_in_a_day(organization, inviter):
    for index in range(MAX_INVITATIONS_SENT_PER_DAY):
        invitation = _invite(organization, inviter, email=f"person{index}@example.org")
        focal_point_invitation_cancel(invitation=invitation, actor=inviter)

    refusal = refusal_of(
        focal_point_invitation_create, organization=organization, email="one@example.org", actor=inviter
    )

    assert refusal.code == "too_many"
    with freeze_time(timezone.now() + timedelta(days=1, minutes=1)):
        assert _invite(organization, inviter, email="one@example.org").is_pending is True


# --- the link ------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 300, "\x00"])
def test_a_malformed_token_is_not_valid(token):
    assert refusal_of(focal_point_invitation_for_token, token=token).code == "invalid"


def test_a_representatives_token_is_not_a_focal_point_invitation():
    from accreditation.services.invitations import invitation_token

    delegate = DelegateFactory(invitation_nonce="n" * 32)

    assert refusal_of(focal_point_invitation_for_token, token=invitation_token(delegate)).code == "invalid"


def test_the_link_expires(organization, inviter, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(organization, inviter)
    token = _token_in(mailoutbox[0])

    with freeze_time(timezone.now() + timedelta(seconds=settings.INVITATION_MAX_AGE + 1)):
        refusal = refusal_of(focal_point_invitation_for_token, token=token)
        accept = refusal_of(focal_point_invitation_accept, token=token, user=UserFactory(email="amina@example.org"))

    assert (refusal.code, refusal.message) == ("expired", EXPIRED)
    assert accept.code == "expired"
    assert Membership.objects.filter(user__email="amina@example.org").exists() is False


# --- focal_point_invitation_accept ---------------------------------------------------------


def test_the_invited_confirmed_account_accepts_once_and_becomes_a_focal_point(
    organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(organization, inviter)
    token = _token_in(mailoutbox[0])
    person = UserFactory(email="amina@example.org", full_name="Amina Yusuf")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        membership = focal_point_invitation_accept(token=token, user=person)

    assert (membership.organization, membership.user, membership.added_by) == (organization, person, inviter)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.nonce == ""
    assert actions_of(organization)[-2:] == [
        "organization.focal_point_added",
        "organization.focal_point_invitation_accepted",
    ]
    added = ActivityLog.objects.get(action="organization.focal_point_added")
    assert (added.actor, added.data) == (
        person,
        {"user": "amina@example.org", "invitation": str(invitation.public_id)},
    )
    # The colleagues hear of it; the person, who just accepted, needs no e-mail.
    assert [(message.to, message.subject) for message in mailoutbox] == [
        (["grace@example.org"], "[IMRF] New focal point of Migrant Rights Network")
    ]
    assert refusal_of(focal_point_invitation_accept, token=token, user=person).message == INVALID


def test_an_account_with_the_invited_address_confirmed_as_a_second_address_accepts(organization, inviter):
    invitation = FocalPointInvitationFactory(organization=organization, email="work@example.org", invited_by=inviter)
    person = UserFactory(email="home@example.org")
    EmailAddress.objects.create(user=person, email="Work@Example.org", verified=True, primary=False)

    membership = focal_point_invitation_accept(token=focal_point_invitation_token(invitation), user=person)

    assert membership.user == person


def test_another_signed_in_account_cannot_accept(organization, inviter):
    invitation = FocalPointInvitationFactory(organization=organization, email="amina@example.org", invited_by=inviter)
    someone_else = UserFactory(email="someone@example.org")

    refusal = refusal_of(
        focal_point_invitation_accept, token=focal_point_invitation_token(invitation), user=someone_else
    )

    assert refusal.code == "not_invitee"
    assert Membership.objects.filter(user=someone_else).exists() is False
    invitation.refresh_from_db()
    assert invitation.is_pending is True


def test_an_account_with_the_address_unconfirmed_cannot_accept(organization, inviter):
    invitation = FocalPointInvitationFactory(organization=organization, email="amina@example.org", invited_by=inviter)
    unconfirmed = UserFactory(email="amina@example.org", verified=False)

    refusal = refusal_of(
        focal_point_invitation_accept, token=focal_point_invitation_token(invitation), user=unconfirmed
    )

    assert (refusal.code, refusal.message) == (
        "unconfirmed",
        "Confirm your e-mail address amina@example.org first, then open the invitation link again.",
    )
    assert Membership.objects.filter(user=unconfirmed).exists() is False


def test_a_focal_point_of_another_organization_is_told_why_at_acceptance_and_the_invitation_stays_open(
    organization, inviter
):
    elsewhere = MembershipFactory(organization__name="Other Network", user__email="amina@example.org")
    invitation = FocalPointInvitationFactory(organization=organization, email="amina@example.org", invited_by=inviter)

    refusal = refusal_of(
        focal_point_invitation_accept, token=focal_point_invitation_token(invitation), user=elsewhere.user
    )

    assert refusal.code == "other_org"
    assert refusal.message == (
        "You are already a focal point of Other Network, and a person acts for one organization only. "
        "To accept, ask its other focal points to remove you first, then open this link again."
    )
    assert list(Membership.objects.filter(user=elsewhere.user)) == [elsewhere]
    invitation.refresh_from_db()
    assert invitation.is_pending is True


def test_a_staff_account_cannot_accept(organization, inviter):
    officer = StaffUserFactory(email="officer@example.org", group="Visa officers")
    invitation = FocalPointInvitationFactory(organization=organization, email=officer.email, invited_by=inviter)

    refusal = refusal_of(focal_point_invitation_accept, token=focal_point_invitation_token(invitation), user=officer)

    assert (refusal.code, refusal.message) == ("staff", "A Secretariat account cannot act for an organization.")
    assert Membership.objects.filter(user=officer).exists() is False


def test_a_cancelled_link_cannot_be_accepted(organization, inviter):
    invitation = FocalPointInvitationFactory(organization=organization, email="amina@example.org", invited_by=inviter)
    token = focal_point_invitation_token(invitation)
    focal_point_invitation_cancel(invitation=invitation, actor=inviter)

    refusal = refusal_of(focal_point_invitation_accept, token=token, user=UserFactory(email="amina@example.org"))

    assert (refusal.code, refusal.message) == ("invalid", INVALID)


# --- focal_point_invitation_decline --------------------------------------------------------


def test_the_invitee_declines_and_nobody_is_added(organization, inviter):
    invitation = FocalPointInvitationFactory(organization=organization, email="amina@example.org", invited_by=inviter)
    token = focal_point_invitation_token(invitation)
    person = UserFactory(email="amina@example.org")

    focal_point_invitation_decline(token=token, user=person)

    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert invitation.nonce == ""
    assert Membership.objects.filter(user=person).exists() is False
    log = ActivityLog.objects.get(action="organization.focal_point_invitation_declined")
    assert (log.actor, log.data) == (person, {"invitation": str(invitation.public_id), "email": "amina@example.org"})
    assert refusal_of(focal_point_invitation_accept, token=token, user=person).code == "invalid"


def test_only_the_invitee_can_decline(organization, inviter):
    invitation = FocalPointInvitationFactory(organization=organization, email="amina@example.org", invited_by=inviter)

    refusal = refusal_of(
        focal_point_invitation_decline,
        token=focal_point_invitation_token(invitation),
        user=UserFactory(email="someone@example.org"),
    )

    assert refusal.code == "not_invitee"
    invitation.refresh_from_db()
    assert invitation.is_pending is True


# --- resend and cancel ---------------------------------------------------------------------


def test_resend_replaces_the_link_and_renews_its_expiry(
    organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(organization, inviter)
    colleague = MembershipFactory(organization=organization).user
    later = timezone.now() + timedelta(days=10)

    with freeze_time(later), django_capture_on_commit_callbacks(execute=True):
        focal_point_invitation_resend(invitation=invitation, actor=colleague)

    old_token, new_token = (_token_in(message) for message in mailoutbox)
    assert old_token != new_token
    assert refusal_of(focal_point_invitation_for_token, token=old_token).message == INVALID
    invitation.refresh_from_db()
    assert invitation.expires_at == later + timedelta(seconds=settings.INVITATION_MAX_AGE)
    assert invitation.invited_by == inviter
    log = ActivityLog.objects.get(action="organization.focal_point_invitation_resent")
    assert (log.actor, log.data) == (colleague, {"invitation": str(invitation.public_id), "email": "amina@example.org"})
    person = UserFactory(email="amina@example.org")
    assert focal_point_invitation_accept(token=new_token, user=person).organization == organization


def test_an_expired_invitation_can_be_sent_again(organization, inviter):
    past = timezone.now() - timedelta(days=30)
    invitation = FocalPointInvitationFactory(organization=organization, sent_at=past, expires_at=past)

    focal_point_invitation_resend(invitation=invitation, actor=inviter)

    invitation.refresh_from_db()
    assert invitation.is_pending is True
    assert focal_point_invitation_for_token(focal_point_invitation_token(invitation)) == invitation


def test_cancel_closes_the_invitation_and_logs(organization, inviter):
    invitation = FocalPointInvitationFactory(organization=organization, email="amina@example.org")

    focal_point_invitation_cancel(invitation=invitation, actor=inviter)

    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    assert invitation.nonce == ""
    log = ActivityLog.objects.get(action="organization.focal_point_invitation_cancelled")
    assert (log.actor, log.data) == (inviter, {"invitation": str(invitation.public_id), "email": "amina@example.org"})


@pytest.mark.parametrize("outcome", ["accepted_at", "declined_at", "cancelled_at"])
@pytest.mark.parametrize("service", [focal_point_invitation_cancel, focal_point_invitation_resend])
def test_an_answered_or_cancelled_invitation_can_be_neither_cancelled_nor_resent(
    outcome, service, organization, inviter, django_capture_on_commit_callbacks, mailoutbox
):
    invitation = FocalPointInvitationFactory(organization=organization, nonce="", **{outcome: timezone.now()})

    with django_capture_on_commit_callbacks(execute=True):
        refusal = refusal_of(service, invitation=invitation, actor=inviter)

    assert (refusal.code, refusal.message) == ("closed", "This invitation has already been answered or cancelled.")
    assert mailoutbox == []
    assert actions_of(organization) == []


def test_sending_an_expired_invitation_again_counts_as_one_more_pending(organization, inviter):
    FocalPointInvitationFactory.create_batch(MAX_PENDING_INVITATIONS, organization=organization)
    past = timezone.now() - timedelta(days=30)
    expired = FocalPointInvitationFactory(organization=organization, sent_at=past, expires_at=past)

    resend = refusal_of(focal_point_invitation_resend, invitation=expired, actor=inviter)
    again = refusal_of(focal_point_invitation_create, organization=organization, email=expired.email, actor=inviter)

    assert (resend.code, again.code) == ("too_many_pending", "too_many_pending")
    expired.refresh_from_db()
    assert expired.is_pending is False


# --- the database's backstops --------------------------------------------------------------


def test_the_database_keeps_one_open_invitation_per_address_and_organization(organization):
    FocalPointInvitationFactory(organization=organization, email="amina@example.org")
    FocalPointInvitationFactory(organization=organization, email="AMINA@example.org", cancelled_at=timezone.now())
    FocalPointInvitationFactory(email="amina@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        FocalPointInvitationFactory(organization=organization, email="Amina@Example.org")


def test_the_database_allows_one_outcome_per_invitation():
    with pytest.raises(IntegrityError), transaction.atomic():
        FocalPointInvitationFactory(accepted_at=timezone.now(), cancelled_at=timezone.now())
