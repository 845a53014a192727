"""Stakeholder seats in the forum's sessions: a cap like the delegate cap, with a waitlist.

``session_register`` locks the session row, counts the confirmed in-person registrations and
confirms or waitlists. When a seat frees, the first waitlisted delegate (lowest position) who
has no clash with their other sessions is promoted in the same transaction and e-mailed.
Virtual participants follow hybrid and virtual sessions without taking a seat.
"""

from django.db import IntegrityError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.enums import DelegateStatus, ParticipationModality, RegistrationStatus
from accreditation.errors import AccreditationError, busy
from accreditation.models import Delegate, SessionRegistration
from accreditation.services.notifications import notify_delegate
from events.enums import Modality
from events.models import Session
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User


def _clash(delegate: Delegate, session: Session, *, exclude_pk: int | None = None) -> Session | None:
    """Another confirmed session of the delegate that overlaps this one in time."""
    clashing = (
        SessionRegistration.objects.filter(
            delegate=delegate,
            status=RegistrationStatus.CONFIRMED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .select_related("session")
    )
    if exclude_pk is not None:
        clashing = clashing.exclude(pk=exclude_pk)
    first = clashing.first()
    return first.session if first else None


def _confirmed_in_person(session: Session) -> int:
    return SessionRegistration.objects.filter(
        session=session, status=RegistrationStatus.CONFIRMED, in_person=True
    ).count()


def session_register(*, delegate: Delegate, session: Session, actor: User | None) -> SessionRegistration:
    """Take a seat, or a place on the waitlist when the session is full."""
    try:
        with locked_transaction(busy=busy("seats")):
            # The one lock: the session row guards its seats.
            session = lock_row(Session.objects.select_related("forum").filter(pk=session.pk))
            delegate = Delegate.objects.select_related("accreditation__organization", "accreditation__forum").get(
                pk=delegate.pk
            )
            if delegate.status != DelegateStatus.APPROVED:
                raise AccreditationError(_("Sessions can be chosen once your registration is approved."), code="state")
            if session.forum_id != delegate.forum_id:
                raise AccreditationError(_("This session is not part of your forum."), code="forum")
            if session.starts_at <= timezone.now():
                raise AccreditationError(_("This session has already started."), code="past")
            in_person = delegate.modality == ParticipationModality.IN_PERSON
            if not in_person and session.modality == Modality.IN_PERSON:
                raise AccreditationError(
                    _("This session is in person only; as a virtual participant you cannot follow it."), code="modality"
                )
            if session.modality == Modality.VIRTUAL:
                in_person = False
            if SessionRegistration.objects.filter(
                delegate=delegate, session=session, status__in=RegistrationStatus.ACTIVE
            ).exists():
                raise AccreditationError(_("You are already registered for this session."), code="duplicate")
            clash = _clash(delegate, session)
            if clash is not None:
                raise AccreditationError(
                    _("This session overlaps with “%(other)s”, for which you already have a seat.")
                    % {"other": clash.title},
                    code="overlap",
                )
            full = (
                in_person
                and session.stakeholder_seats is not None
                and _confirmed_in_person(session) >= session.stakeholder_seats
            )
            if full:
                last = SessionRegistration.objects.filter(session=session).aggregate(last=Max("position"))["last"] or 0
                registration = SessionRegistration.objects.create(
                    delegate=delegate,
                    session=session,
                    status=RegistrationStatus.WAITLISTED,
                    in_person=True,
                    position=last + 1,
                )
                log_action(
                    action="session_registration.waitlisted",
                    target=registration,
                    actor=actor,
                    data={"session": session.title, "position": registration.position},
                )
            else:
                registration = SessionRegistration.objects.create(
                    delegate=delegate, session=session, status=RegistrationStatus.CONFIRMED, in_person=in_person
                )
                log_action(
                    action="session_registration.confirmed",
                    target=registration,
                    actor=actor,
                    data={"session": session.title, "in_person": in_person},
                )
    except IntegrityError as exc:
        raise AccreditationError(_("You are already registered for this session."), code="duplicate") from exc
    return registration


def promote_waitlisted(session: Session, *, actor: User | None) -> SessionRegistration | None:
    """Confirm the first waitlisted delegate who has no clash, if a seat is free. Caller holds the session lock."""
    if session.stakeholder_seats is not None and _confirmed_in_person(session) >= session.stakeholder_seats:
        return None
    waiting = (
        SessionRegistration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .select_related("delegate__accreditation__organization", "delegate__accreditation__forum", "delegate__user")
        .order_by("position", "created_at")
    )
    for registration in waiting:
        if _clash(registration.delegate, session) is not None:
            continue
        registration.status = RegistrationStatus.CONFIRMED
        registration.position = None
        registration.save(update_fields=["status", "position", "updated_at"])
        log_action(
            action="session_registration.promoted", target=registration, actor=actor, data={"session": session.title}
        )
        notify_delegate(
            delegate=registration.delegate,
            template="session_seat_confirmed",
            context={"session": session.title, "starts_at": session.forum.format_moment(session.starts_at)},
        )
        return registration
    return None


def session_cancel_registration(*, registration: SessionRegistration, actor: User | None) -> SessionRegistration:
    """Give up a seat or a waitlist place; a freed seat goes to the first waitlisted delegate."""
    with locked_transaction(busy=busy("seats")):
        session = lock_row(Session.objects.select_related("forum").filter(pk=registration.session_id))
        registration = SessionRegistration.objects.get(pk=registration.pk)
        if registration.status not in RegistrationStatus.ACTIVE:
            raise AccreditationError(_("This registration is already cancelled."), code="state")
        freed_seat = registration.status == RegistrationStatus.CONFIRMED and registration.in_person
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.position = None
        registration.save(update_fields=["status", "cancelled_at", "position", "updated_at"])
        log_action(
            action="session_registration.cancelled",
            target=registration,
            actor=actor,
            data={"session": session.title},
        )
        if freed_seat:
            promote_waitlisted(session, actor=actor)
    return registration


def release_seats(*, delegate: Delegate, actor: User | None) -> None:
    """Cancel every active registration of a delegate whose nomination ended (seats go to the
    waitlist). Runs inside the caller's transaction; sessions are locked one at a time, in
    start order, so two releases cannot deadlock."""
    registrations = SessionRegistration.objects.filter(
        delegate=delegate, status__in=RegistrationStatus.ACTIVE
    ).order_by("session__starts_at", "session_id")
    for registration in registrations:
        session = lock_row(Session.objects.select_related("forum").filter(pk=registration.session_id))
        freed_seat = registration.status == RegistrationStatus.CONFIRMED and registration.in_person
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.position = None
        registration.save(update_fields=["status", "cancelled_at", "position", "updated_at"])
        log_action(action="session_registration.cancelled", target=registration, actor=actor, data={"cascade": True})
        if freed_seat:
            promote_waitlisted(session, actor=actor)


def release_in_person_seats(*, delegate: Delegate, actor: User | None) -> None:
    """A delegate who switched to virtual keeps hybrid sessions as a virtual participant, loses
    in-person-only ones; each freed seat goes to the waitlist. Inside the caller's transaction."""
    registrations = SessionRegistration.objects.filter(
        delegate=delegate, status__in=RegistrationStatus.ACTIVE, in_person=True
    ).order_by("session__starts_at", "session_id")
    for registration in registrations:
        session = lock_row(Session.objects.select_related("forum").filter(pk=registration.session_id))
        freed_seat = registration.status == RegistrationStatus.CONFIRMED
        waitlisted_with_clash = (
            registration.status == RegistrationStatus.WAITLISTED
            and _clash(delegate, session, exclude_pk=registration.pk) is not None
        )
        if session.modality == Modality.IN_PERSON or waitlisted_with_clash:
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = timezone.now()
            action = "session_registration.cancelled"
        else:
            registration.status = RegistrationStatus.CONFIRMED
            action = "session_registration.now_virtual"
        registration.in_person = False
        registration.position = None
        registration.save(update_fields=["status", "cancelled_at", "in_person", "position", "updated_at"])
        log_action(action=action, target=registration, actor=actor, data={"session": session.title})
        if freed_seat:
            promote_waitlisted(session, actor=actor)
