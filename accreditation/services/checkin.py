"""Badge collection and session attendance at the venue (Programme managers)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.checkin_codes import public_id_from_code
from accreditation.enums import AccreditationStatus, DelegateStatus, RegistrationStatus
from accreditation.errors import AccreditationError, busy
from accreditation.models import Delegate, SessionRegistration
from events.models import Session
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User


@dataclass
class CheckIn:
    delegate: Delegate
    already: bool
    at: object
    by: object
    session: Session | None = None


def delegate_for_code(code: str) -> Delegate:
    public_id = public_id_from_code(code)
    delegate = (
        Delegate.objects.select_related("accreditation__organization", "accreditation__forum", "badge_collected_by")
        .filter(public_id=public_id)
        .first()
        if public_id
        else None
    )
    if delegate is None:
        raise AccreditationError(_("This code is not a valid check-in code. Type it again or scan it."), code="unknown")
    return delegate


def _refuse_inactive(delegate: Delegate) -> None:
    accreditation = delegate.accreditation
    if accreditation.status != AccreditationStatus.ACCREDITED:
        raise AccreditationError(
            _("NOT ADMITTED: the accreditation of %(organization)s is “%(status)s”.")
            % {"organization": accreditation.organization.name, "status": accreditation.get_status_display()},
            code="refused",
        )
    if delegate.status != DelegateStatus.APPROVED:
        raise AccreditationError(
            _("NOT ADMITTED: %(name)s is “%(status)s”%(reason)s.")
            % {
                "name": delegate.full_name,
                "status": delegate.get_status_display(),
                "reason": f" ({delegate.decision_reason})" if delegate.decision_reason else "",
            },
            code="refused",
        )


def delegate_check_in(*, code: str, actor: User | None) -> CheckIn:
    """Mark the badge collected (once); a second scan reports when and by whom."""
    with locked_transaction(busy=busy("check_in")):
        delegate = delegate_for_code(code)
        # Only the delegate's own row (of=self in lock_row): never the forum row it is read with,
        # which letter numbering locks.
        delegate = lock_row(
            Delegate.objects.select_related("accreditation__organization", "accreditation__forum").filter(
                pk=delegate.pk
            )
        )
        _refuse_inactive(delegate)
        if delegate.badge_collected_at:
            return CheckIn(delegate, True, delegate.badge_collected_at, delegate.badge_collected_by)
        delegate.badge_collected_at = timezone.now()
        delegate.badge_collected_by = actor
        delegate.save(update_fields=["badge_collected_at", "badge_collected_by", "updated_at"])
        log_action(action="delegate.checked_in", target=delegate, actor=actor)
    return CheckIn(delegate, False, delegate.badge_collected_at, actor)


def session_attendance(*, code: str, session: Session, actor: User | None) -> CheckIn:
    """Record that the delegate entered a session they have a confirmed seat in."""
    with locked_transaction(busy=busy("check_in")):
        delegate = delegate_for_code(code)
        _refuse_inactive(delegate)
        found = SessionRegistration.objects.filter(
            delegate=delegate, session=session, status=RegistrationStatus.CONFIRMED
        ).first()
        registration = (
            lock_row(SessionRegistration.objects.select_related("attendance_recorded_by").filter(pk=found.pk))
            if found
            else None
        )
        if registration is None:
            raise AccreditationError(
                _("NOT ADMITTED to “%(session)s”: %(name)s has no confirmed seat in it.")
                % {"session": session.title, "name": delegate.full_name},
                code="no_seat",
            )
        if registration.attended_at:
            return CheckIn(delegate, True, registration.attended_at, registration.attendance_recorded_by, session)
        registration.attended_at = timezone.now()
        registration.attendance_recorded_by = actor
        registration.save(update_fields=["attended_at", "attendance_recorded_by", "updated_at"])
        log_action(
            action="session_registration.attended", target=registration, actor=actor, data={"session": session.title}
        )
    return CheckIn(delegate, False, registration.attended_at, actor, session)
