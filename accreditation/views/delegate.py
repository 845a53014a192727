"""The delegate's own page (/me/) and the invitation link that leads there."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accreditation.errors import AccreditationError
from accreditation.forms import InvitationAcceptForm
from accreditation.selectors import delegate_for_user
from accreditation.services.invitations import account_for_email, delegate_for_invitation, invitation_accept
from accreditation.views.common import call_service
from events.selectors import active_forum


@login_required
def home(request: HttpRequest) -> HttpResponse:
    delegate = delegate_for_user(user=request.user, forum=active_forum())
    if delegate is None:
        return render(request, "accreditation/delegate/none.html", status=200)
    return render(request, "accreditation/delegate/home.html", {"delegate": delegate})


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        delegate = delegate_for_invitation(token)
    except AccreditationError as exc:
        return render(request, "accreditation/delegate/invitation_invalid.html", {"message": exc.message}, status=404)
    has_account = account_for_email(delegate.email) is not None
    form = InvitationAcceptForm(request.POST or None, email=delegate.email)
    if request.method == "POST" and (has_account or form.is_valid()):
        password = None if has_account else form.cleaned_data["password1"]
        result = call_service(form, lambda: invitation_accept(token=token, password=password))
        if result is not None:
            delegate, user, created = result
            if created:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! This is your page for the forum."))
                return redirect("delegate:home")
            messages.success(request, _("Your nomination is linked to your account. Sign in to see it."))
            return redirect("account_login")
    return render(
        request,
        "accreditation/delegate/invitation.html",
        {"delegate": delegate, "form": form, "has_account": has_account},
    )
