"""Reads of the programme and the public lists: sessions with their seats, the accredited
organizations, a delegate's registrations."""

from django.db.models import Count, Q, QuerySet

from accreditation.enums import AccreditationStatus, RegistrationStatus, StakeholderType
from accreditation.models import Accreditation, Delegate, SessionRegistration
from events.enums import Modality
from events.models import Forum, Session


def seats_left(session: Session, *, taken: int | None = None) -> int | None:
    """Stakeholder seats still free (None: unlimited, or a virtual session). ``taken``: the
    confirmed in-person count when the caller already has it (``sessions_with_seats``)."""
    if session.stakeholder_seats is None or session.modality == Modality.VIRTUAL:
        return None
    if taken is None:
        taken = SessionRegistration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED, in_person=True
        ).count()
    return max(session.stakeholder_seats - taken, 0)


def _annotated_sessions(forum: Forum) -> QuerySet:
    return Session.objects.filter(forum=forum).annotate(
        seats_taken=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CONFIRMED, registrations__in_person=True),
        )
    )


def _with_seats_left(sessions) -> list[Session]:
    sessions = list(sessions)
    for session in sessions:
        session.seats_left = seats_left(session, taken=session.seats_taken)
    return sessions


def sessions_with_seats(*, forum: Forum, kind: str = "") -> list[Session]:
    """The forum's sessions in order (of one kind, if given), each with ``seats_left`` — one query."""
    sessions = _annotated_sessions(forum)
    if kind:
        sessions = sessions.filter(kind=kind)
    return _with_seats_left(sessions.order_by("starts_at", "number", "id"))


def session_with_seats(*, forum: Forum | None, public_id) -> Session | None:
    """One session of the forum, with ``seats_left``; None if the forum has no such session."""
    if forum is None:
        return None
    found = _with_seats_left(_annotated_sessions(forum).filter(public_id=public_id))
    return found[0] if found else None


def accredited_organizations(*, forum: Forum, country: str = "", kind: str = "", search: str = "") -> QuerySet:
    """The forum's accredited organizations by name, filtered by country, stakeholder type and a
    search in the name or acronym."""
    queryset = (
        Accreditation.objects.filter(forum=forum, status=AccreditationStatus.ACCREDITED)
        .select_related("organization")
        .order_by("organization__name")
    )
    if country:
        queryset = queryset.filter(organization__country=country)
    if kind in StakeholderType.values:
        queryset = queryset.filter(organization__stakeholder_type=kind)
    if search:
        queryset = queryset.filter(Q(organization__name__icontains=search) | Q(organization__acronym__icontains=search))
    return queryset


def accredited_countries(*, forum: Forum) -> list[str]:
    """The country codes of the forum's accredited organizations."""
    return list(
        Accreditation.objects.filter(forum=forum, status=AccreditationStatus.ACCREDITED)
        .values_list("organization__country", flat=True)
        .distinct()
        .order_by("organization__country")
    )


def delegate_registrations(*, delegate: Delegate) -> list[SessionRegistration]:
    """The delegate's confirmed and waitlisted sessions, in time order."""
    return list(
        SessionRegistration.objects.filter(delegate=delegate, status__in=RegistrationStatus.ACTIVE)
        .select_related("session")
        .order_by("session__starts_at")
    )
