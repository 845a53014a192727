"""The delegate's own sessions: take or give up a seat, and the participation confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accreditation.checkin_codes import checkin_code, grouped
from accreditation.enums import DelegateStatus, RegistrationStatus
from accreditation.errors import AccreditationError
from accreditation.models import SessionRegistration
from accreditation.pdf import participation_confirmation_pdf
from accreditation.selectors import delegate_for_user
from accreditation.selectors.programme import delegate_registrations, sessions_with_seats
from accreditation.services import seats
from events.models import Session
from events.selectors import active_forum


@login_required
@require_safe
def my_sessions(request: HttpRequest) -> HttpResponse:
    forum = active_forum()
    delegate = delegate_for_user(user=request.user, forum=forum)
    if delegate is None:
        raise Http404
    registrations = delegate_registrations(delegate=delegate)
    registered = {registration.session_id for registration in registrations}
    sessions = [session for session in sessions_with_seats(forum=forum) if session.pk not in registered]
    return render(
        request,
        "accreditation/delegate/sessions.html",
        {"delegate": delegate, "forum": forum, "registrations": registrations, "sessions": sessions},
    )


@login_required
@require_POST
def session_register(request: HttpRequest, public_id) -> HttpResponse:
    forum = active_forum()
    delegate = delegate_for_user(user=request.user, forum=forum)
    if delegate is None or delegate.status != DelegateStatus.APPROVED:
        raise Http404
    session = get_object_or_404(Session, forum=forum, public_id=public_id)
    try:
        registration = seats.session_register(delegate=delegate, session=session, actor=request.user)
    except AccreditationError as exc:
        messages.error(request, exc.message)
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("You have a seat in “%(session)s”.") % {"session": session.title})
        else:
            messages.warning(
                request,
                _(
                    "“%(session)s” is full. You are number %(position)d on the waiting list; "
                    "we will e-mail you if a seat frees."
                )
                % {"session": session.title, "position": registration.position},
            )
    return redirect("delegate:sessions")


@login_required
@require_POST
def session_cancel(request: HttpRequest, public_id) -> HttpResponse:
    forum = active_forum()
    delegate = delegate_for_user(user=request.user, forum=forum)
    if delegate is None:
        raise Http404
    registration = get_object_or_404(
        SessionRegistration.objects.select_related("session"),
        public_id=public_id,
        delegate=delegate,
        status__in=RegistrationStatus.ACTIVE,
    )
    try:
        seats.session_cancel_registration(registration=registration, actor=request.user)
    except AccreditationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("You gave up your place in “%(session)s”.") % {"session": registration.session.title}
        )
    return redirect("delegate:sessions")


@login_required
@require_safe
def confirmation_pdf(request: HttpRequest) -> HttpResponse:
    """The participation confirmation of an approved delegate."""
    delegate = delegate_for_user(user=request.user, forum=active_forum())
    if delegate is None or delegate.status != DelegateStatus.APPROVED:
        raise Http404
    registrations = delegate_registrations(delegate=delegate)
    code = checkin_code(delegate.public_id)
    content = participation_confirmation_pdf(
        delegate=delegate, registrations=registrations, code=code, code_display=grouped(code)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="participation-confirmation.pdf"'
    response["Cache-Control"] = "no-store"
    return response
