"""The public programme (by day, in the venue's or the visitor's time zone), its iCalendar
feeds, the public list of accredited organizations, and the delegate's own sessions.

These live in ``accreditation`` because they show seats left, which only the registrations
know; ``events`` stays free of people.
"""

import csv
import zoneinfo
from collections import OrderedDict
from functools import lru_cache

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accreditation.enums import AccreditationStatus, DelegateStatus, RegistrationStatus, StakeholderType
from accreditation.errors import AccreditationError
from accreditation.models import Accreditation, SessionRegistration
from accreditation.selectors import delegate_for_user
from accreditation.services.seats import session_cancel_registration, session_register
from events.enums import Modality, SessionKind
from events.models import Forum, Session
from events.selectors import active_forum
from imrf.caching import public_page
from imrf.mail import absolute_url
from imrf.spreadsheets import safe_row


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    return tuple(
        sorted(
            name
            for name in zoneinfo.available_timezones()
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
        )
    )


def _visitor_zone(request: HttpRequest, forum: Forum) -> str:
    zone = request.GET.get("tz", "")
    return zone if zone in _zone_names() or zone == "UTC" else forum.time_zone


def _sessions_with_seats(forum: Forum):
    """Sessions of the forum with the confirmed in-person count, in one query."""
    return (
        Session.objects.filter(forum=forum)
        .annotate(
            seats_taken=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED, registrations__in_person=True),
            )
        )
        .order_by("starts_at", "number", "id")
    )


def _seats_left(session: Session) -> int | None:
    if session.stakeholder_seats is None or session.modality == Modality.VIRTUAL:
        return None
    return max(session.stakeholder_seats - session.seats_taken, 0)


@require_safe
@public_page
def programme(request: HttpRequest) -> HttpResponse:
    forum = active_forum()
    if forum is None:
        return render(request, "accreditation/public/programme.html", {"forum": None})
    zone = _visitor_zone(request, forum)
    tz = zoneinfo.ZoneInfo(zone)
    kind = request.GET.get("kind", "")
    sessions = _sessions_with_seats(forum)
    if kind in SessionKind.values:
        sessions = sessions.filter(kind=kind)
    days: OrderedDict = OrderedDict()
    for session in sessions:
        session.seats_left = _seats_left(session)
        days.setdefault(timezone.localtime(session.starts_at, tz).date(), []).append(session)
    return render(
        request,
        "accreditation/public/programme.html",
        {
            "forum": forum,
            "days": days,
            "zone": zone,
            "zones": _zone_names(),
            "kinds": SessionKind.choices,
            "kind": kind,
        },
    )


@require_safe
@public_page
def session_detail(request: HttpRequest, public_id) -> HttpResponse:
    forum = active_forum()
    session = get_object_or_404(_sessions_with_seats(forum) if forum else Session.objects.none(), public_id=public_id)
    session.seats_left = _seats_left(session)
    zone = _visitor_zone(request, forum)
    delegate = delegate_for_user(user=request.user, forum=forum)
    registration = None
    if delegate is not None:
        registration = SessionRegistration.objects.filter(
            delegate=delegate, session=session, status__in=RegistrationStatus.ACTIVE
        ).first()
    return render(
        request,
        "accreditation/public/session_detail.html",
        {"forum": forum, "session": session, "zone": zone, "delegate": delegate, "registration": registration},
    )


def _calendar(forum: Forum, sessions) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//IMRF Accreditation//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", forum.name)
    calendar.add("x-wr-timezone", forum.time_zone)
    tz = forum.tzinfo
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", f"{session.public_id}@imrf-accreditation")
        event.add("summary", session.title)
        event.add("dtstart", timezone.localtime(session.starts_at, tz))
        event.add("dtend", timezone.localtime(session.ends_at, tz))
        event.add("dtstamp", session.updated_at)
        location = ", ".join(part for part in (session.room, forum.venue, forum.city) if part)
        event.add("location", location)
        description = session.description
        if session.webcast_url:
            description = f"{description}\n\n{_('Webcast')}: {session.webcast_url}".strip()
        event.add("description", description)
        event.add("url", absolute_url(f"/programme/{session.public_id}/"))
        event.add("categories", [session.get_kind_display()])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def programme_ics(request: HttpRequest) -> HttpResponse:
    forum = active_forum()
    if forum is None:
        raise Http404
    return _ics_response(
        _calendar(forum, Session.objects.filter(forum=forum).order_by("starts_at")), f"{forum.slug}.ics"
    )


@require_safe
def session_ics(request: HttpRequest, public_id) -> HttpResponse:
    forum = active_forum()
    if forum is None:
        raise Http404
    session = get_object_or_404(Session, forum=forum, public_id=public_id)
    return _ics_response(_calendar(forum, [session]), f"{forum.slug}-{session.public_id}.ics")


# --- accredited organizations (public) -------------------------------------------------------


def _accredited(request: HttpRequest, forum: Forum):
    queryset = (
        Accreditation.objects.filter(forum=forum, status=AccreditationStatus.ACCREDITED)
        .select_related("organization")
        .order_by("organization__name")
    )
    country = request.GET.get("country", "").upper()
    kind = request.GET.get("type", "")
    search = request.GET.get("q", "").strip()[:100]
    if country:
        queryset = queryset.filter(organization__country=country)
    if kind in StakeholderType.values:
        queryset = queryset.filter(organization__stakeholder_type=kind)
    if search:
        queryset = queryset.filter(Q(organization__name__icontains=search) | Q(organization__acronym__icontains=search))
    return queryset, {"country": country, "type": kind, "q": search}


@require_safe
@public_page
def accredited_organizations(request: HttpRequest) -> HttpResponse:
    forum = active_forum()
    if forum is None:
        return render(request, "accreditation/public/organizations.html", {"forum": None})
    queryset, filters = _accredited(request, forum)
    paginator = Paginator(queryset, 50)
    page = paginator.get_page(request.GET.get("page"))
    countries = (
        Accreditation.objects.filter(forum=forum, status=AccreditationStatus.ACCREDITED)
        .values_list("organization__country", flat=True)
        .distinct()
        .order_by("organization__country")
    )
    from django_countries import countries as country_names

    names = dict(country_names)
    return render(
        request,
        "accreditation/public/organizations.html",
        {
            "forum": forum,
            "page": page,
            "filters": filters,
            "countries": sorted(((code, names.get(code, code)) for code in countries), key=lambda item: item[1]),
            "types": StakeholderType.choices,
            "querystring": urlencode({key: value for key, value in filters.items() if value}),
        },
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
def accredited_organizations_csv(request: HttpRequest) -> StreamingHttpResponse:
    forum = active_forum()
    if forum is None:
        raise Http404
    queryset, _filters = _accredited(request, forum)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(["organization", "acronym", "country", "stakeholder_type"])
        for accreditation in queryset.iterator(chunk_size=2000):
            organization = accreditation.organization
            yield writer.writerow(
                safe_row(
                    [
                        organization.name,
                        organization.acronym,
                        organization.country.name,
                        organization.get_stakeholder_type_display(),
                    ]
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="accredited-organizations-{forum.slug}.csv"'
    return response


# --- the delegate's own sessions ------------------------------------------------------------


@login_required
@require_safe
def my_sessions(request: HttpRequest) -> HttpResponse:
    forum = active_forum()
    delegate = delegate_for_user(user=request.user, forum=forum)
    if delegate is None:
        raise Http404
    registrations = list(
        SessionRegistration.objects.filter(delegate=delegate, status__in=RegistrationStatus.ACTIVE)
        .select_related("session")
        .order_by("session__starts_at")
    )
    registered = {registration.session_id for registration in registrations}
    sessions = [session for session in _sessions_with_seats(forum) if session.pk not in registered]
    for session in sessions:
        session.seats_left = _seats_left(session)
    return render(
        request,
        "accreditation/delegate/sessions.html",
        {"delegate": delegate, "forum": forum, "registrations": registrations, "sessions": sessions},
    )


@login_required
@require_POST
def session_register_view(request: HttpRequest, public_id) -> HttpResponse:
    forum = active_forum()
    delegate = delegate_for_user(user=request.user, forum=forum)
    if delegate is None or delegate.status != DelegateStatus.APPROVED:
        raise Http404
    session = get_object_or_404(Session, forum=forum, public_id=public_id)
    try:
        registration = session_register(delegate=delegate, session=session, actor=request.user)
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
def session_cancel_view(request: HttpRequest, public_id) -> HttpResponse:
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
        session_cancel_registration(registration=registration, actor=request.user)
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
    from accreditation.checkin_codes import checkin_code, grouped
    from accreditation.pdf import participation_confirmation_pdf

    delegate = delegate_for_user(user=request.user, forum=active_forum())
    if delegate is None or delegate.status != DelegateStatus.APPROVED:
        raise Http404
    registrations = list(
        SessionRegistration.objects.filter(delegate=delegate, status__in=RegistrationStatus.ACTIVE)
        .select_related("session")
        .order_by("session__starts_at")
    )
    code = checkin_code(delegate.public_id)
    content = participation_confirmation_pdf(
        delegate=delegate, registrations=registrations, code=code, code_display=grouped(code)
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="participation-confirmation.pdf"'
    response["Cache-Control"] = "no-store"
    return response
