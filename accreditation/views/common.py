"""What every portal view shares: who may enter, and turning a service refusal into a form error."""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accreditation.errors import AccreditationError
from accreditation.selectors import organization_for_user
from events.selectors import active_forum

T = TypeVar("T")


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def verified_user_required(view):
    """Signed in, with a confirmed e-mail address (else: sign in, or confirm first)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_verified_email(request.user):
            messages.warning(
                request, _("Confirm your e-mail address first: we sent you a link. You can send it again here.")
            )
            return redirect("account_email")
        return view(request, *args, **kwargs)

    return wrapper


def focal_point_required(view):
    """A verified user acting for their organization (``request.organization``); others are led
    to register one."""

    @verified_user_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        organization = organization_for_user(request.user)
        if organization is None:
            return redirect("portal:dashboard")
        request.organization = organization
        request.forum = active_forum()
        return view(request, *args, **kwargs)

    return wrapper


def _retry_message() -> str:
    return _("Your change could not be saved because of another change made at the same moment. Please try again.")


def run_action(request: HttpRequest, service: Callable[[], object], *, success: str) -> bool:
    """A button without a form (pretix's ``OrderApprove.post``): run the service and say what
    happened — ``success`` when it did, the refusal when it did not — as a message on the page
    the view redirects to. Whether it happened."""
    try:
        service()
    except AccreditationError as exc:
        messages.error(request, exc.message)
    except DatabaseError:
        # Nothing was saved (the transaction rolled back, e-mails and files with it).
        messages.error(request, _retry_message())
    else:
        messages.success(request, success)
        return True
    return False


def call_service(form: Form, service: Callable[[], T]) -> T | None:
    """Run a service; a refusal becomes an error on the form (on its field when it names one)."""
    try:
        return service()
    except AccreditationError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
    except DatabaseError:
        # Nothing was saved (the transaction rolled back, e-mails and files with it).
        form.add_error(None, _retry_message())
    return None
