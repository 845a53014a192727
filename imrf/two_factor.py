"""Two-factor authentication for the Secretariat: every staff privilege, wherever it is used,
needs a sign-in completed with an authenticator app (TOTP) in this session, and the first
authenticator of a staff account is enrolled only through a one-time link an administrator
sends (or a server operator prints), never with the password alone.

A staff member whose session lacks the second factor is treated as a non-staff user for that
request (``User.suspend_staff_privileges``): no ``is_staff``, no ``is_superuser``, no
permission — so the file views outside ``/admin/`` refuse them exactly as the admin does.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import salted_hmac

from imrf.activity import log_action
from imrf.mail import absolute_url, recipient_language, send_templated_email

_ENROLMENT_SALT = "imrf.staff_mfa_enrolment"
ENROLMENT_SESSION_KEY = "imrf_staff_mfa_enrolment"


def has_authenticator(user) -> bool:
    """An authenticator app (TOTP) is set up on the account."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def completed_two_factor(request: HttpRequest, user) -> bool:
    """The session's sign-in included a code from the user's authenticator app."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def needs_second_factor(request: HttpRequest, user) -> bool:
    """A staff account whose privileges this request must not use yet."""
    return (
        settings.STAFF_MFA_REQUIRED
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
        and not (completed_two_factor(request, user) and has_authenticator(user))
    )


# --- Enrolment links -----------------------------------------------------------------------


def _enrolment_state(user) -> str:
    """Changes when the password or the authenticators change: a link works until the first
    authenticator is enrolled (or the password changes), so it works once."""
    authenticators = ",".join(
        str(pk) for pk in Authenticator.objects.filter(user=user).order_by("pk").values_list("pk", flat=True)
    )
    return salted_hmac(_ENROLMENT_SALT, f"{user.pk}|{user.password}|{authenticators}").hexdigest()[:32]


def enrolment_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _enrolment_state(user)}, salt=_ENROLMENT_SALT, compress=True)


def user_for_enrolment_token(token: str):
    """The staff account a valid, unused, unexpired enrolment link names, or None."""
    from django.contrib.auth import get_user_model

    try:
        payload = signing.loads(token, salt=_ENROLMENT_SALT, max_age=settings.STAFF_ENROLMENT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = get_user_model().objects.filter(pk=payload["u"], is_active=True).first()
    if user is None or not (user.is_staff or user.is_superuser) or has_authenticator(user):
        return None
    if payload.get("s") != _enrolment_state(user):
        return None
    return user


def enrolment_url(user) -> str:
    return absolute_url(reverse("staff_enrolment", kwargs={"token": enrolment_token(user)}))


def staff_enrolment_send(*, user, actor) -> None:
    """E-mail a staff member a one-time link to set up their authenticator app (in the caller's
    transaction: the e-mail is queued with it)."""
    log_action(action="account.enrolment_link_sent", target=user, actor=actor)
    send_templated_email(
        template="staff_enrolment",
        to=user.email,
        language=recipient_language(user),
        context={"enrolment_url": enrolment_url(user), "valid_days": settings.STAFF_ENROLMENT_MAX_AGE // 86400},
    )


def enrolment_permitted(request: HttpRequest, user) -> bool:
    """This session opened a valid enrolment link for this very account and state."""
    permit = request.session.get(ENROLMENT_SESSION_KEY)
    return isinstance(permit, dict) and permit.get("u") == user.pk and permit.get("s") == _enrolment_state(user)


def permit_enrolment(request: HttpRequest, user) -> None:
    request.session[ENROLMENT_SESSION_KEY] = {"u": user.pk, "s": _enrolment_state(user)}
