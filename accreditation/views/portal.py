"""The NGO portal (/portal/): the focal point's organization, application and representatives."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accreditation.enums import AccreditationStatus, DelegateStatus
from accreditation.errors import AccreditationError
from accreditation.forms import (
    ApplicationForm,
    ConfirmForm,
    DocumentForm,
    FocalPointForm,
    FocalPointInvitationAnswerForm,
    NominationForm,
    OrganizationForm,
)
from accreditation.models import AccreditationDocument, Delegate, FocalPointInvitation, Membership, Organization
from accreditation.models.focal_point_invitation import OPEN as OPEN_INVITATIONS
from accreditation.permissions import can_read_document, can_see_photo
from accreditation.selectors import accreditation_for, delegate_for_user, organization_for_user, portal_dashboard
from accreditation.services import focal_point_invitations, invitations, nominations
from accreditation.services.applications import (
    accreditation_save_draft,
    accreditation_submit,
    accreditation_withdraw,
    document_delete,
    document_upload,
)
from accreditation.services.focal_point_invitations import (
    focal_point_invitation_accept,
    focal_point_invitation_create,
    focal_point_invitation_decline,
    focal_point_invitation_for_token,
    focal_point_invitation_refusal,
    invited_address_state,
)
from accreditation.services.nominations import delegate_nominate
from accreditation.services.organizations import (
    organization_create,
    organization_remove_focal_point,
    organization_update,
)
from accreditation.uploads import safe_filename
from accreditation.views.common import call_service, focal_point_required, run_action, verified_user_required
from events.selectors import active_forum
from imrf.privacy import PRIVACY_NOTICE_VERSION


@verified_user_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organization = organization_for_user(request.user)
    forum = active_forum()
    if organization is None:
        if delegate_for_user(user=request.user, forum=forum) is not None:
            return redirect("delegate:home")
        return render(request, "accreditation/portal/welcome.html", {"forum": forum})
    context = {"dashboard": portal_dashboard(organization=organization, forum=forum)}
    return render(request, "accreditation/portal/dashboard.html", context)


@verified_user_required
@require_http_methods(["GET", "POST"])
def organization_new(request: HttpRequest) -> HttpResponse:
    if organization_for_user(request.user) is not None:
        return redirect("portal:dashboard")
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = call_service(form, lambda: organization_create(data=form.cleaned_data, actor=request.user))
        if organization is not None:
            messages.success(request, _("Your organization is registered. You can now apply for accreditation."))
            return redirect("portal:dashboard")
    return render(request, "accreditation/portal/organization_form.html", {"form": form, "creating": True})


@focal_point_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    form = OrganizationForm(request.POST or None, instance=None, initial=_organization_initial(organization))
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, lambda: organization_update(organization=organization, data=form.cleaned_data, actor=request.user)
        )
        if saved is not None:
            messages.success(request, _("The organization's profile is saved."))
            return redirect("portal:dashboard")
    return render(request, "accreditation/portal/organization_form.html", {"form": form, "creating": False})


def _organization_initial(organization) -> dict:
    return {name: getattr(organization, name) for name in Organization.PROFILE_FIELDS}


@focal_point_required
@require_http_methods(["GET", "POST"])
def focal_points(request: HttpRequest) -> HttpResponse:
    """The organization's focal points and pending invitations; the form invites someone. The
    answer is the same whoever the address belongs to."""
    organization = request.organization
    form = FocalPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = call_service(
            form,
            lambda: focal_point_invitation_create(
                organization=organization,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                actor=request.user,
            ),
        )
        if invitation is not None:
            messages.success(
                request,
                _(
                    "We sent an invitation to %(email)s. If the person accepts it, signed in with this address "
                    "(or after registering with it), they become a focal point of the organization."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("portal:focal_points")
    members = organization.memberships.select_related("user").order_by("created_at")
    invitations = organization.focal_point_invitations.filter(OPEN_INVITATIONS).select_related("invited_by")
    return render(
        request,
        "accreditation/portal/focal_points.html",
        {"form": form, "members": members, "invitations": invitations.order_by("-sent_at")},
    )


@focal_point_required
@require_POST
def focal_point_remove(request: HttpRequest, public_id) -> HttpResponse:
    membership = Membership.objects.select_related("user", "organization").filter(public_id=public_id).first()
    if membership is None:
        # Removed meanwhile (by a colleague, or this very button pressed twice).
        messages.info(request, _("This focal point has already been removed."))
        return redirect("portal:focal_points")
    if membership.organization_id != request.organization.id:
        raise Http404
    removed = run_action(
        request,
        lambda: organization_remove_focal_point(membership=membership, actor=request.user),
        success=_("The focal point was removed."),
    )
    if removed and membership.user_id == request.user.id:
        return redirect("portal:dashboard")
    return redirect("portal:focal_points")


def _own_invitation(request: HttpRequest, public_id) -> FocalPointInvitation:
    return get_object_or_404(
        FocalPointInvitation.objects.select_related("organization"),
        public_id=public_id,
        organization=request.organization,
    )


@focal_point_required
@require_POST
def focal_point_invitation_resend(request: HttpRequest, public_id) -> HttpResponse:
    invitation = _own_invitation(request, public_id)
    run_action(
        request,
        lambda: focal_point_invitations.focal_point_invitation_resend(invitation=invitation, actor=request.user),
        success=_("We sent the invitation to %(email)s again, with a new link; the previous one no longer works.")
        % {"email": invitation.email},
    )
    return redirect("portal:focal_points")


@focal_point_required
@require_POST
def focal_point_invitation_cancel(request: HttpRequest, public_id) -> HttpResponse:
    invitation = _own_invitation(request, public_id)
    run_action(
        request,
        lambda: focal_point_invitations.focal_point_invitation_cancel(invitation=invitation, actor=request.user),
        success=_("The invitation to %(email)s is cancelled: its link no longer works.") % {"email": invitation.email},
    )
    return redirect("portal:focal_points")


@require_http_methods(["GET", "POST"])
def focal_point_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page: sign in (or register) with the invited address, then accept or decline.
    Only that account, with the address confirmed, sees whom the invitation is from."""
    try:
        invitation = focal_point_invitation_for_token(token)
    except AccreditationError as exc:
        return render(
            request, "accreditation/portal/focal_point_invitation_invalid.html", {"message": exc.message}, status=404
        )
    if not request.user.is_authenticated:
        here = urlencode({"next": request.get_full_path()})
        return render(
            request,
            "accreditation/portal/focal_point_invitation_sign_in.html",
            {
                "login_url": f"{reverse('account_login')}?{here}",
                "signup_url": f"{reverse('account_signup')}?{here}",
            },
        )
    state = invited_address_state(invitation=invitation, user=request.user)
    if state is None:
        refusal = focal_point_invitation_refusal(invitation=invitation, user=request.user)
        return render(
            request,
            "accreditation/portal/focal_point_invitation_invalid.html",
            {
                "message": refusal.message,
                "logout_url": f"{reverse('account_logout')}?{urlencode({'next': request.get_full_path()})}",
            },
            status=404,
        )
    form = FocalPointInvitationAnswerForm(request.POST or None)
    if state == "confirmed" and request.method == "POST" and form.is_valid():
        organization = invitation.organization.name
        if form.cleaned_data["decision"] == "accept":
            done = call_service(form, lambda: focal_point_invitation_accept(token=token, user=request.user))
            success = _("You are now a focal point of %(organization)s.")
        else:
            done = call_service(form, lambda: focal_point_invitation_decline(token=token, user=request.user))
            success = _("You declined the invitation to act for %(organization)s.")
        if done is not None:
            messages.success(request, success % {"organization": organization})
            return redirect("portal:dashboard")
    refusal = focal_point_invitation_refusal(invitation=invitation, user=request.user)
    return render(
        request,
        "accreditation/portal/focal_point_invitation.html",
        {"invitation": invitation, "form": form, "refusal": refusal.message if refusal else "", "state": state},
    )


@focal_point_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest) -> HttpResponse:
    forum = request.forum
    if forum is None:
        raise Http404
    accreditation = accreditation_for(organization=request.organization, forum=forum)
    if accreditation is not None and not accreditation.is_editable:
        messages.info(request, _("The application can no longer be changed."))
        return redirect("portal:dashboard")
    form = ApplicationForm(request.POST or None, instance=accreditation)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: accreditation_save_draft(
                organization=request.organization, forum=forum, data=form.cleaned_data, actor=request.user
            ),
        )
        if saved is not None:
            if "submit" in request.POST:
                submitted = call_service(form, lambda: accreditation_submit(accreditation=saved, actor=request.user))
                if submitted is not None:
                    messages.success(request, _("Your application has been sent to the Secretariat."))
                    return redirect("portal:dashboard")
            else:
                messages.success(request, _("Your application is saved as a draft."))
                return redirect("portal:dashboard")
    return render(
        request,
        "accreditation/portal/application_form.html",
        {"form": form, "forum": forum, "accreditation": accreditation, "organization": request.organization},
    )


@focal_point_required
@require_POST
def application_submit(request: HttpRequest) -> HttpResponse:
    accreditation = accreditation_for(organization=request.organization, forum=request.forum)
    if accreditation is None:
        raise Http404
    run_action(
        request,
        lambda: accreditation_submit(accreditation=accreditation, actor=request.user),
        success=_("Your application has been sent to the Secretariat."),
    )
    return redirect("portal:dashboard")


@focal_point_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest) -> HttpResponse:
    accreditation = accreditation_for(organization=request.organization, forum=request.forum)
    if accreditation is None or accreditation.status not in AccreditationStatus.OPEN:
        raise Http404
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: accreditation_withdraw(
                accreditation=accreditation, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Your application is withdrawn."))
            return redirect("portal:dashboard")
    return render(
        request,
        "includes/confirm.html",
        {
            "form": form,
            "title": _("Withdraw the application"),
            "explanation": _("The Secretariat will stop reviewing it. You cannot undo this."),
            "button": _("Withdraw the application"),
        },
    )


@focal_point_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    accreditation = accreditation_for(organization=request.organization, forum=request.forum)
    if accreditation is None:
        messages.info(request, _("Save your application first, then add its documents."))
        return redirect("portal:application")
    form = DocumentForm(request.POST or None, request.FILES or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        document = call_service(
            form,
            lambda: document_upload(
                accreditation=accreditation,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                content_type=form.content_type,
                actor=request.user,
            ),
        )
        if document is not None:
            messages.success(request, _("“%(name)s” is uploaded.") % {"name": document.original_name})
            return redirect("portal:dashboard")
    return render(request, "accreditation/portal/document_form.html", {"form": form, "accreditation": accreditation})


@focal_point_required
@require_POST
def document_remove(request: HttpRequest, public_id) -> HttpResponse:
    document = get_object_or_404(
        AccreditationDocument.objects.select_related("accreditation"),
        public_id=public_id,
        accreditation__organization=request.organization,
    )
    run_action(
        request,
        lambda: document_delete(document=document, actor=request.user),
        success=_("The document was removed."),
    )
    return redirect("portal:dashboard")


def document_download(request: HttpRequest, public_id) -> HttpResponse:
    """The organization's focal points, and staff allowed to see documents; everyone else 404."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    document = get_object_or_404(AccreditationDocument.objects.select_related("accreditation"), public_id=public_id)
    if not can_read_document(request.user, document):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=safe_filename(document.original_name, content_type=document.content_type),
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@focal_point_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    forum = request.forum
    accreditation = accreditation_for(organization=request.organization, forum=forum)
    if accreditation is None or accreditation.status != AccreditationStatus.ACCREDITED:
        messages.info(request, _("You can nominate representatives once your organization is accredited."))
        return redirect("portal:dashboard")
    form = NominationForm(request.POST or None, request.FILES or None, forum=forum)
    if request.method == "POST" and form.is_valid():
        delegate = call_service(
            form,
            lambda: delegate_nominate(
                accreditation=accreditation,
                data=form.cleaned_data,
                photo=form.cleaned_data.get("photo"),
                actor=request.user,
                consent_notice_version=PRIVACY_NOTICE_VERSION,
            ),
        )
        if delegate is not None:
            messages.success(
                request,
                _("%(name)s is nominated. We e-mailed them a link to their own page.") % {"name": delegate.full_name},
            )
            return redirect("portal:dashboard")
    # Read once, for the page, after the service (a successful nomination, the common case in a
    # surge, needs no list: the service counts under its lock).
    active = list(accreditation.delegates.filter(status__in=DelegateStatus.ACTIVE).order_by("slot"))
    if request.method == "GET" and len(active) >= forum.delegate_cap:
        # Say so before anyone fills in a form that cannot succeed.
        return render(
            request,
            "accreditation/portal/nomination_full.html",
            {"forum": forum, "accreditation": accreditation, "active": active},
        )
    return render(
        request,
        "accreditation/portal/nomination_form.html",
        {"form": form, "forum": forum, "accreditation": accreditation, "active": active},
    )


def _own_delegate(request: HttpRequest, public_id) -> Delegate:
    return get_object_or_404(
        Delegate.objects.select_related("accreditation__organization", "accreditation__forum"),
        public_id=public_id,
        accreditation__organization=request.organization,
    )


@focal_point_required
@require_http_methods(["GET", "POST"])
def delegate_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    delegate = _own_delegate(request, public_id)
    if delegate.status not in DelegateStatus.ACTIVE:
        raise Http404
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: nominations.delegate_withdraw(
                delegate=delegate, actor=request.user, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("%(name)s is withdrawn; the place is free.") % {"name": delegate.full_name})
            return redirect("portal:dashboard")
    return render(
        request,
        "includes/confirm.html",
        {
            "form": form,
            "title": _("Withdraw %(name)s") % {"name": delegate.full_name},
            "explanation": _(
                "Their place becomes free and you can nominate someone else until the nomination deadline. "
                "Any visa support letter of theirs is revoked."
            ),
            "button": _("Withdraw the representative"),
        },
    )


@focal_point_required
@require_POST
def delegate_resend_invitation(request: HttpRequest, public_id) -> HttpResponse:
    delegate = _own_delegate(request, public_id)
    run_action(
        request,
        lambda: invitations.delegate_resend_invitation(delegate=delegate, actor=request.user),
        success=_("A new invitation was sent to %(email)s.") % {"email": delegate.email},
    )
    return redirect("portal:dashboard")


def delegate_photo(request: HttpRequest, public_id) -> HttpResponse:
    """The photo, for the representative, their organization's focal points and staff."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    delegate = get_object_or_404(Delegate.objects.select_related("accreditation"), public_id=public_id)
    if not can_see_photo(request.user, delegate) or not delegate.photo:
        raise Http404
    content_type = "image/png" if delegate.photo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(delegate.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response
