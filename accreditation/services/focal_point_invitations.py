"""Focal points join an organization by invitation, never by being added (issue 13, finding 10).

A focal point enters an e-mail address; the person receives a one-time link and accepts it while
signed in with an account whose *confirmed* address is the invited one. Whatever the address —
nobody's, a colleague's, staff's, a focal point's elsewhere, already invited — the organization
gets the same answer and the same e-mail goes out: only the invitee learns, when answering, what
stands in the way. Only an address that is already one of this organization's focal points (the
list shows them) is refused.

The link carries a signed token naming the invitation and a random nonce stored on it. Sending
again replaces the nonce, so older links stop working; accepting, declining or cancelling clears
it; and it expires ``INVITATION_MAX_AGE`` seconds after it was sent.
"""

import secrets
import uuid
from datetime import timedelta
from typing import Literal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.errors import AccreditationError, busy
from accreditation.models import FocalPointInvitation, Membership, Organization
from accreditation.models.focal_point_invitation import OPEN
from accreditation.services.organizations import focal_point_create
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.mail import absolute_url, recipient_language, send_templated_email
from imrf.models import ActivityLog, User

_SALT = "accreditation.focal_point_invitation"

# Invitations e-mail any address from our own: bounded per organization, whatever the addresses.
MAX_PENDING_INVITATIONS = 10
MAX_INVITATIONS_SENT_PER_DAY = 20
_SENDING_ACTIONS = ("organization.focal_point_invited", "organization.focal_point_invitation_resent")


def focal_point_invitation_token(invitation: FocalPointInvitation) -> str:
    return signing.dumps({"i": str(invitation.public_id), "n": invitation.nonce}, salt=_SALT, compress=True)


def _invalid_link() -> AccreditationError:
    return AccreditationError(
        _("This invitation link is not valid: it may have been used, cancelled or replaced by a newer one."),
        code="invalid",
    )


def _not_open() -> AccreditationError:
    return AccreditationError(
        _("This invitation has already been answered or cancelled."),
        code="closed",
    )


def _check_sending_allowed(organization: Organization, *, new: bool) -> None:
    """Refuse beyond the day's e-mails, or (``new``: one more will wait for an answer) beyond the
    pending invitations allowed — the same refusal whatever the addresses."""
    now = timezone.now()
    sent_today = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Organization),
        object_id=str(organization.pk),
        action__in=_SENDING_ACTIONS,
        created_at__gte=now - timedelta(days=1),
    ).count()
    if sent_today >= MAX_INVITATIONS_SENT_PER_DAY:
        raise AccreditationError(
            _("Your organization has sent many invitations today. Please try again tomorrow."), code="too_many"
        )
    pending = FocalPointInvitation.objects.filter(OPEN, organization=organization, expires_at__gt=now).count()
    if new and pending >= MAX_PENDING_INVITATIONS:
        raise AccreditationError(
            _("Many invitations are still waiting for an answer. Cancel those you no longer need, then try again."),
            code="too_many_pending",
        )


def _send(invitation: FocalPointInvitation, *, actor: User | None) -> None:
    """A new link (the nonce) valid from now, saved, and e-mailed — inside the caller's transaction."""
    now = timezone.now()
    invitation.nonce = secrets.token_urlsafe(24)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(seconds=settings.INVITATION_MAX_AGE)
    try:
        invitation.full_clean()
    except ValidationError as exc:
        raise AccreditationError("; ".join(exc.messages), code="invalid") from exc
    invitation.save()
    # In the invitee's language if they already have an account; otherwise in the inviter's.
    account = get_user_model().objects.filter(email__iexact=invitation.email).first()
    send_templated_email(
        template="focal_point_invitation",
        to=invitation.email,
        language=recipient_language(account),
        context={
            "name": invitation.name,
            "organization": invitation.organization.name,
            "inviter": actor.get_full_name() if actor else "",
            "inviter_email": actor.email if actor else "",
            "invitation_url": absolute_url(
                reverse("portal:focal_point_invitation", kwargs={"token": focal_point_invitation_token(invitation)})
            ),
            "valid_days": settings.INVITATION_MAX_AGE // 86400,
        },
    )


def focal_point_invitation_create(
    *, organization: Organization, email: str, actor: User | None, name: str = ""
) -> FocalPointInvitation:
    """Invite an address to become a focal point, with the same answer whoever it belongs to (an
    open invitation to the same address is renewed: a new link, sent again)."""
    email, name = email.strip(), name.strip()
    with locked_transaction(busy=busy("focal_points")):
        lock_row(Organization.objects.filter(pk=organization.pk))
        if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
            raise AccreditationError(_("This person is already a focal point."), field="email", code="already_member")
        invitation = FocalPointInvitation.objects.filter(OPEN, organization=organization, email__iexact=email).first()
        renewed = invitation is not None
        # An expired invitation sent again is one more waiting for an answer.
        _check_sending_allowed(organization, new=invitation is None or invitation.is_expired())
        if invitation is None:
            invitation = FocalPointInvitation(organization=organization, email=email)
        invitation.invited_by = actor
        if name:
            invitation.name = name
        _send(invitation, actor=actor)
        log_action(
            action="organization.focal_point_invited",
            target=organization,
            actor=actor,
            data={"invitation": str(invitation.public_id), "email": invitation.email, "renewed": renewed},
        )
    return invitation


def _locked_open(invitation: FocalPointInvitation) -> FocalPointInvitation:
    """The invitation re-read under its organization's lock; refused once answered or cancelled."""
    organization = lock_row(Organization.objects.filter(pk=invitation.organization_id))
    invitation = FocalPointInvitation.objects.select_related("invited_by").get(pk=invitation.pk)
    invitation.organization = organization
    if not invitation.is_open:
        raise _not_open()
    return invitation


def focal_point_invitation_resend(*, invitation: FocalPointInvitation, actor: User | None) -> FocalPointInvitation:
    """Send an open invitation again, with a new link (older ones stop working) and a new expiry."""
    with locked_transaction(busy=busy("focal_points")):
        invitation = _locked_open(invitation)
        _check_sending_allowed(invitation.organization, new=invitation.is_expired())
        _send(invitation, actor=actor)
        log_action(
            action="organization.focal_point_invitation_resent",
            target=invitation.organization,
            actor=actor,
            data={"invitation": str(invitation.public_id), "email": invitation.email},
        )
    return invitation


def focal_point_invitation_cancel(*, invitation: FocalPointInvitation, actor: User | None) -> FocalPointInvitation:
    """Withdraw an open invitation: its link stops working."""
    with locked_transaction(busy=busy("focal_points")):
        invitation = _locked_open(invitation)
        _close(invitation, moment="cancelled_at", action="organization.focal_point_invitation_cancelled", actor=actor)
    return invitation


def _close(invitation: FocalPointInvitation, *, moment: str, action: str, actor, data: dict | None = None) -> None:
    """Answer (accept, decline) or cancel an open invitation: record when, use up its link, log."""
    setattr(invitation, moment, timezone.now())
    invitation.nonce = ""
    invitation.save(update_fields=[moment, "nonce"])
    log_action(
        action=action,
        target=invitation.organization,
        actor=actor,
        data={**(data or {"invitation": str(invitation.public_id)}), "email": invitation.email},
    )


def focal_point_invitation_for_token(token: str) -> FocalPointInvitation:
    """The open, unexpired invitation a link's token names; AccreditationError otherwise."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature as exc:
        raise _invalid_link() from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("n"), str) or not payload["n"]:
        raise _invalid_link()
    try:
        public_id = uuid.UUID(str(payload.get("i")))
    except ValueError as exc:
        raise _invalid_link() from exc
    invitation = (
        FocalPointInvitation.objects.select_related("organization", "invited_by")
        .filter(OPEN, public_id=public_id, nonce=payload["n"])
        .first()
    )
    if invitation is None:
        raise _invalid_link()
    if invitation.is_expired():
        raise AccreditationError(
            _("This invitation link has expired. Ask the organization's focal point to send a new one."),
            code="expired",
        )
    return invitation


def invited_address_state(
    *, invitation: FocalPointInvitation, user: User
) -> Literal["confirmed", "unconfirmed"] | None:
    """Whether the signed-in account has the invited address, and confirmed it."""
    addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
    if any(address.verified for address in addresses):
        return "confirmed"
    if addresses or user.email.lower() == invitation.email.lower():
        return "unconfirmed"
    return None


def _address_refusal(*, invitation: FocalPointInvitation, user: User) -> AccreditationError | None:
    """What the signed-in account lacks to answer the invitation: the invited address, confirmed."""
    state = invited_address_state(invitation=invitation, user=user)
    if state is None:
        return AccreditationError(
            _("This invitation was sent to another e-mail address than the one you are signed in with."),
            code="not_invitee",
        )
    if state == "unconfirmed":
        return AccreditationError(
            _("Confirm your e-mail address %(email)s first, then open the invitation link again.")
            % {"email": invitation.email},
            code="unconfirmed",
        )
    return None


def focal_point_invitation_refusal(*, invitation: FocalPointInvitation, user: User) -> AccreditationError | None:
    """What stops ``user`` from accepting the invitation now, said to them; None when nothing does."""
    refusal = _address_refusal(invitation=invitation, user=user)
    if refusal is not None:
        return refusal
    if user.is_staff:
        return AccreditationError(_("A Secretariat account cannot act for an organization."), code="staff")
    current = Membership.objects.select_related("organization").filter(user=user).first()
    if current is not None and current.organization_id == invitation.organization_id:
        return AccreditationError(
            _("You are already a focal point of %(organization)s.") % {"organization": current.organization.name},
            code="already_member",
        )
    if current is not None:
        return AccreditationError(
            _(
                "You are already a focal point of %(organization)s, and a person acts for one organization "
                "only. To accept, ask its other focal points to remove you first, then open this link again."
            )
            % {"organization": current.organization.name},
            code="other_org",
        )
    return None


def focal_point_invitation_accept(*, token: str, user: User) -> Membership:
    """The invitee — signed in, the invited address confirmed, of no organization yet — becomes a
    focal point of the organization; the link is used up."""
    with locked_transaction(busy=busy("focal_points")):
        invitation = focal_point_invitation_for_token(token)
        # The person's row first, then the organization's (as the back office's addition does):
        # two invitations accepted at once cannot make them a focal point of two organizations.
        lock_row(get_user_model().objects.filter(pk=user.pk))
        lock_row(Organization.objects.filter(pk=invitation.organization_id))
        # Read again under the locks: a resend, a cancellation or another use may have come first.
        invitation = focal_point_invitation_for_token(token)
        refusal = focal_point_invitation_refusal(invitation=invitation, user=user)
        if refusal is not None:
            raise refusal
        data = {"invitation": str(invitation.public_id)}
        membership = focal_point_create(
            organization=invitation.organization,
            user=user,
            added_by=invitation.invited_by,
            actor=user,
            data=data,
        )
        _close(
            invitation,
            moment="accepted_at",
            action="organization.focal_point_invitation_accepted",
            actor=user,
            data=data,
        )
    return membership


def focal_point_invitation_decline(*, token: str, user: User) -> FocalPointInvitation:
    """The invitee says no: nobody is added and the link is used up."""
    with locked_transaction(busy=busy("focal_points")):
        invitation = focal_point_invitation_for_token(token)
        lock_row(Organization.objects.filter(pk=invitation.organization_id))
        invitation = focal_point_invitation_for_token(token)
        refusal = _address_refusal(invitation=invitation, user=user)
        if refusal is not None:
            raise refusal
        _close(invitation, moment="declined_at", action="organization.focal_point_invitation_declined", actor=user)
    return invitation
