"""One-time invitation links that lead a representative to their own page (/me/).

The link carries a signed, timestamped token naming the delegate and a random nonce stored on
the delegate. Accepting clears the nonce, so a link works once; it also expires after
``INVITATION_MAX_AGE`` seconds. A new invitation (resend) replaces the nonce, killing old links.
"""

import secrets
import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.enums import DelegateStatus
from accreditation.errors import AccreditationError, busy
from accreditation.models import Delegate
from accreditation.services.notifications import notify_delegate
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.mail import absolute_url
from imrf.models import User

_SALT = "accreditation.invitation"


def invitation_token(delegate: Delegate) -> str:
    return signing.dumps({"d": str(delegate.public_id), "n": delegate.invitation_nonce}, salt=_SALT, compress=True)


def delegate_invite(*, delegate: Delegate, actor: User | None) -> Delegate:
    """(Re)send the invitation e-mail with a fresh one-time link. Runs inside the caller's transaction."""
    if delegate.status not in DelegateStatus.ACTIVE:
        raise AccreditationError(_("Only an active representative can be invited."), code="state")
    if delegate.user_id and delegate.invitation_accepted_at:
        raise AccreditationError(_("This representative has already set up their account."), code="accepted")
    delegate.invitation_nonce = secrets.token_urlsafe(24)
    delegate.invited_at = timezone.now()
    delegate.save(update_fields=["invitation_nonce", "invited_at", "updated_at"])
    log_action(action="delegate.invited", target=delegate, actor=actor)
    link = absolute_url(reverse("delegate:invitation", kwargs={"token": invitation_token(delegate)}))
    notify_delegate(
        delegate=delegate,
        template="representative_invitation",
        context={"invitation_url": link, "valid_days": settings.INVITATION_MAX_AGE // 86400},
    )
    return delegate


def delegate_resend_invitation(*, delegate: Delegate, actor: User | None) -> Delegate:
    """A focal point sends the invitation again: a new one-time link; the old one stops working."""
    with locked_transaction(busy=busy("nomination")):
        delegate = lock_row(Delegate.objects.select_related("accreditation__forum").filter(pk=delegate.pk))
        return delegate_invite(delegate=delegate, actor=actor)


def delegate_for_invitation(token: str) -> Delegate:
    """The delegate a valid, unused, unexpired token names; AccreditationError otherwise."""
    invalid = AccreditationError(
        _("This invitation link is not valid: it may have been used already or replaced by a newer one."),
        code="invalid",
    )
    try:
        payload = signing.loads(token, salt=_SALT, max_age=settings.INVITATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise AccreditationError(
            _("This invitation link has expired. Ask your organization's focal point to send a new one."),
            code="expired",
        ) from exc
    except signing.BadSignature as exc:
        raise invalid from exc
    if not isinstance(payload, dict) or not payload.get("n"):
        raise invalid
    try:
        public_id = uuid.UUID(str(payload.get("d")))
    except ValueError as exc:
        raise invalid from exc
    delegate = (
        Delegate.objects.select_related("accreditation__organization", "accreditation__forum", "user")
        .filter(public_id=public_id, invitation_nonce=payload["n"])
        .first()
    )
    if delegate is None or delegate.status not in DelegateStatus.ACTIVE:
        raise invalid
    return delegate


def account_for_email(email: str) -> User | None:
    """The account that owns an address: one on which the address is confirmed (as its login or a
    secondary address), or a staff account, whose address an administrator vouched for.

    An unconfirmed address proves nothing: anyone can sign up with someone else's address."""
    address = EmailAddress.objects.select_related("user").filter(email__iexact=email, verified=True).first()
    if address is not None:
        return address.user
    return get_user_model().objects.filter(email__iexact=email, is_staff=True).first()


def _release_unconfirmed_address(email: str, *, delegate: Delegate) -> None:
    """The person who proved control of the mailbox takes the address from any account that
    holds it unconfirmed: such an account is disabled (its sessions end with its password) and
    its login freed, so a pre-registration can never capture a representative."""
    EmailAddress.objects.filter(email__iexact=email, verified=False).delete()
    for found in list(get_user_model().objects.filter(email__iexact=email)):
        holder = lock_row(get_user_model().objects.filter(pk=found.pk))
        holder.email = f"released-{holder.pk}-{secrets.token_hex(6)}@invalid.invalid"
        holder.is_active = False
        holder.set_unusable_password()
        holder.save(update_fields=["email", "is_active", "password"])
        log_action(action="account.address_released", target=holder, data={"to_representative": str(delegate.pk)})


def invitation_accept(
    *, token: str, password: str | None, user: User | AnonymousUser | None = None
) -> tuple[Delegate, User, bool]:
    """Use the link once, proving who the representative is.

    - If an account owns the address (confirmed), the nomination attaches to it only when its
      owner proves it: signed in as that account (``user``), or with that account's password.
    - Otherwise a new account is made with the given password and the address confirmed (the
      link came to that mailbox); an unconfirmed account holding the address loses it.
    """
    with locked_transaction(busy=busy("nomination")):
        delegate = delegate_for_invitation(token)
        nonce = delegate.invitation_nonce
        delegate = lock_row(
            Delegate.objects.select_related("accreditation__organization", "accreditation__forum").filter(
                pk=delegate.pk
            )
        )
        # Re-read under the lock: a resend or another use may have changed the nonce meanwhile.
        if not delegate.invitation_nonce or delegate.invitation_nonce != nonce:
            raise AccreditationError(_("This invitation link has already been used."), code="used")
        owner = account_for_email(delegate.email)
        created = owner is None
        if owner is not None:
            signed_in_as_owner = user is not None and user.is_authenticated and user.pk == owner.pk
            if not signed_in_as_owner and not (password and owner.is_active and owner.check_password(password)):
                raise AccreditationError(
                    _(
                        "This is not the password of the account with this address. "
                        "Sign in to it, or reset its password."
                    ),
                    field="password",
                    code="owner_password",
                )
            account = owner
        else:
            if not password:
                raise AccreditationError(_("Choose a password."), field="password1", code="password")
            _release_unconfirmed_address(delegate.email, delegate=delegate)
            account = get_user_model().objects.create_user(
                email=delegate.email, password=password, full_name=delegate.full_name
            )
            EmailAddress.objects.create(user=account, email=delegate.email, verified=True, primary=True)
        delegate.user = account
        delegate.invitation_nonce = ""
        delegate.invitation_accepted_at = timezone.now()
        delegate.save(update_fields=["user", "invitation_nonce", "invitation_accepted_at", "updated_at"])
        log_action(action="delegate.invitation_accepted", target=delegate, actor=account, data={"new_account": created})
    return delegate, account, created
