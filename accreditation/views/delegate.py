"""The delegate's own page (/me/) and the invitation link that leads there."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accreditation.errors import AccreditationError
from accreditation.forms import InvitationAcceptForm, InvitationSignInForm
from accreditation.selectors import delegate_for_user
from accreditation.services.invitations import account_for_email, delegate_for_invitation, invitation_accept
from accreditation.views.common import call_service
from events.selectors import active_forum
from imrf.forms import StyledForm
from imrf.ratelimit import allow


@login_required
def home(request: HttpRequest) -> HttpResponse:
    delegate = delegate_for_user(user=request.user, forum=active_forum())
    if delegate is None:
        return render(request, "accreditation/delegate/none.html", status=200)
    return render(request, "accreditation/delegate/home.html", {"delegate": delegate})


# Wrong passwords allowed for one invitation in ten minutes: the link is the second factor, and
# this keeps it from being used to guess the owner's password.
INVITATION_PASSWORD_ATTEMPTS = 10


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation e-mail. A new person chooses a password; the owner of an
    existing account with the address proves it (signed in as it, or with its password)."""
    try:
        delegate = delegate_for_invitation(token)
    except AccreditationError as exc:
        return render(request, "accreditation/delegate/invitation_invalid.html", {"message": exc.message}, status=404)
    owner = account_for_email(delegate.email)
    signed_in_as_owner = owner is not None and request.user.is_authenticated and request.user.pk == owner.pk
    data = request.POST if request.method == "POST" else None
    if owner is None:
        form = InvitationAcceptForm(data, email=delegate.email)
    elif signed_in_as_owner:
        form = StyledForm(data)
    else:
        form = InvitationSignInForm(data)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data.get("password1") or form.cleaned_data.get("password")
        if (
            owner is not None
            and not signed_in_as_owner
            and not allow(
                request,
                scope=f"invitation-password:{delegate.pk}",
                limit=INVITATION_PASSWORD_ATTEMPTS,
                window_seconds=600,
            )
        ):
            form.add_error("password", _("Too many attempts. Wait ten minutes, or sign in and open the link again."))
        else:
            result = call_service(form, lambda: invitation_accept(token=token, password=password, user=request.user))
            if result is not None:
                return _after_acceptance(request, *result, signed_in_as_owner=signed_in_as_owner)
    return render(
        request,
        "accreditation/delegate/invitation.html",
        {
            "delegate": delegate,
            "form": form,
            "has_account": owner is not None,
            "signed_in_as_owner": signed_in_as_owner,
            "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        },
    )


def _after_acceptance(request: HttpRequest, delegate, user, created: bool, *, signed_in_as_owner: bool) -> HttpResponse:
    if created:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! This is your page for the forum."))
        return redirect("delegate:home")
    messages.success(request, _("Your nomination is linked to your account."))
    if signed_in_as_owner:
        return redirect("delegate:home")
    # The password proved the account, but signing in may need more (a two-factor code).
    return redirect(f"{reverse('account_login')}?{urlencode({'next': reverse('delegate:home')})}")
