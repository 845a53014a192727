"""The public programme (by day, in the venue's or the visitor's time zone) and its iCalendar
feeds.

These live in ``accreditation`` because they show seats left, which only the registrations
know; ``events`` stays free of people.
"""

import zoneinfo
from collections import OrderedDict
from functools import lru_cache

import icalendar
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accreditation.enums import RegistrationStatus
from accreditation.models import SessionRegistration
from accreditation.selectors import delegate_for_user
from accreditation.selectors.programme import session_with_seats, sessions_with_seats
from events.enums import SessionKind
from events.models import Forum, Session
from events.selectors import active_forum
from imrf.caching import public_page
from imrf.mail import absolute_url


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


@require_safe
@public_page
def programme(request: HttpRequest) -> HttpResponse:
    forum = active_forum()
    if forum is None:
        return render(request, "accreditation/public/programme.html", {"forum": None})
    zone = _visitor_zone(request, forum)
    tz = zoneinfo.ZoneInfo(zone)
    kind = request.GET.get("kind", "")
    sessions = sessions_with_seats(forum=forum, kind=kind if kind in SessionKind.values else "")
    days: OrderedDict = OrderedDict()
    for session in sessions:
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
    session = session_with_seats(forum=forum, public_id=public_id)
    if session is None:
        raise Http404
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
