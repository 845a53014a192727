"""The Secretariat's decisions on accreditations (DESIGN.md §3).

ECOSOC / GCM / NHRI: submitted → accredited once verified.
Special: submitted → non_objection (circulated to Member States) → accredited | objected.
Any open state → rejected; information can be requested while submitted.
Accredited → revoked, which cancels the representatives and revokes their letters.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.enums import AccreditationStatus, Basis, DelegateStatus
from accreditation.errors import AccreditationError, busy
from accreditation.models import Accreditation, Delegate
from accreditation.services.cascades import release_delegate
from accreditation.services.notifications import notify_delegate, notify_focal_points
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User


def _locked(accreditation: Accreditation) -> Accreditation:
    return lock_row(Accreditation.objects.select_related("organization", "forum").filter(pk=accreditation.pk))


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise AccreditationError(_("Give the reason; the organization will see it."), field=field, code="reason")
    return reason


def _state_messages() -> dict[str, str]:
    # Whole sentences, so that every language can word them its own way.
    return {
        "approve": _("%(organization)s cannot be accredited: the application is “%(status)s”."),
        "request_info": _("%(organization)s cannot be asked for information: the application is “%(status)s”."),
        "reject": _("%(organization)s cannot be refused: the application is “%(status)s”."),
        "circulate": _("%(organization)s cannot be placed on the non-objection list: the application is “%(status)s”."),
        "record_objection": _("No objection can be recorded for %(organization)s: the application is “%(status)s”."),
        "finalize": _("%(organization)s cannot be finalized: the application is “%(status)s”."),
        "revoke": _("The accreditation of %(organization)s cannot be revoked: the application is “%(status)s”."),
    }


def _state_error(accreditation: Accreditation, decision: str) -> AccreditationError:
    return AccreditationError(
        _state_messages()[decision]
        % {"organization": accreditation.organization.name, "status": accreditation.get_status_display()},
        code="state",
    )


def _accredit(accreditation: Accreditation, *, actor: User | None, action: str) -> None:
    accreditation.record_decision(AccreditationStatus.ACCREDITED, actor=actor)
    log_action(action=action, target=accreditation, actor=actor)
    notify_focal_points(accreditation=accreditation, template="accredited")


def accreditation_approve(*, accreditation: Accreditation, actor: User | None) -> Accreditation:
    """Accredit a submitted application on a verified basis (ECOSOC, GCM, NHRI)."""
    with locked_transaction(busy=busy("application")):
        accreditation = _locked(accreditation)
        if accreditation.status not in AccreditationStatus.ALLOWED_FROM["approve"]:
            raise _state_error(accreditation, "approve")
        if accreditation.basis not in Basis.VERIFIED:
            raise AccreditationError(
                _("%(organization)s applies for special accreditation: place it on the non-objection list instead.")
                % {"organization": accreditation.organization.name},
                code="basis",
            )
        _accredit(accreditation, actor=actor, action="accreditation.approved")
    return accreditation


def accreditation_request_info(*, accreditation: Accreditation, actor: User | None, message: str) -> Accreditation:
    """Ask the organization for more information; it answers and resubmits in the portal."""
    message = (message or "").strip()
    if not message:
        raise AccreditationError(
            _("Write what the organization should add or correct."), field="message", code="message"
        )
    with locked_transaction(busy=busy("application")):
        accreditation = _locked(accreditation)
        if accreditation.status not in AccreditationStatus.ALLOWED_FROM["request_info"]:
            raise _state_error(accreditation, "request_info")
        accreditation.status = AccreditationStatus.INFO_REQUESTED
        accreditation.info_request_message = message
        accreditation.info_requested_at = timezone.now()
        accreditation.save(update_fields=["status", "info_request_message", "info_requested_at", "updated_at"])
        log_action(action="accreditation.info_requested", target=accreditation, actor=actor, data={"message": message})
        notify_focal_points(accreditation=accreditation, template="info_requested", context={"message": message})
    return accreditation


def accreditation_reject(*, accreditation: Accreditation, actor: User | None, reason: str) -> Accreditation:
    """Refuse an undecided application (the reason is shown to the organization)."""
    reason = _require_reason(reason)
    with locked_transaction(busy=busy("application")):
        accreditation = _locked(accreditation)
        if accreditation.status not in AccreditationStatus.ALLOWED_FROM["reject"]:
            raise _state_error(accreditation, "reject")
        accreditation.record_decision(AccreditationStatus.REJECTED, actor=actor, reason=reason)
        log_action(action="accreditation.rejected", target=accreditation, actor=actor, data={"reason": reason})
        notify_focal_points(accreditation=accreditation, template="not_accredited", context={"reason": reason})
    return accreditation


def accreditation_circulate(
    *, accreditation: Accreditation, actor: User | None, circulated_at: datetime | None = None
) -> Accreditation:
    """Place a submitted special-accreditation application on the list circulated to Member States;
    the non-objection period ends ``forum.non_objection_days`` later."""
    with locked_transaction(busy=busy("application")):
        accreditation = _locked(accreditation)
        if accreditation.status not in AccreditationStatus.ALLOWED_FROM["circulate"]:
            raise _state_error(accreditation, "circulate")
        if accreditation.basis != Basis.SPECIAL:
            raise AccreditationError(
                _("%(organization)s does not apply for special accreditation; approve it once verified.")
                % {"organization": accreditation.organization.name},
                code="basis",
            )
        moment = circulated_at or timezone.now()
        accreditation.status = AccreditationStatus.NON_OBJECTION
        accreditation.circulated_at = moment
        accreditation.non_objection_ends_at = moment + timedelta(days=accreditation.forum.non_objection_days)
        accreditation.save(update_fields=["status", "circulated_at", "non_objection_ends_at", "updated_at"])
        log_action(
            action="accreditation.circulated",
            target=accreditation,
            actor=actor,
            data={"ends_at": accreditation.non_objection_ends_at.isoformat()},
        )
    return accreditation


def accreditation_record_objection(*, accreditation: Accreditation, actor: User | None, note: str) -> Accreditation:
    """Record a Member State's objection (who and why) — confidential to accreditation staff."""
    note = (note or "").strip()
    if not note:
        raise AccreditationError(_("Record who objected and why."), field="note", code="note")
    with locked_transaction(busy=busy("application")):
        accreditation = _locked(accreditation)
        if accreditation.status not in AccreditationStatus.ALLOWED_FROM["record_objection"]:
            raise _state_error(accreditation, "record_objection")
        accreditation.objection_note = note
        accreditation.objection_recorded_at = timezone.now()
        accreditation.save(update_fields=["objection_note", "objection_recorded_at", "updated_at"])
        # The note itself stays out of the log: the log is visible to more staff than the note.
        log_action(action="accreditation.objection_recorded", target=accreditation, actor=actor)
    return accreditation


def accreditation_finalize(*, accreditation: Accreditation, actor: User | None) -> Accreditation:
    """After the non-objection period: accredited without objection, objected with one."""
    with locked_transaction(busy=busy("application")):
        accreditation = _locked(accreditation)
        if accreditation.status not in AccreditationStatus.ALLOWED_FROM["finalize"]:
            raise _state_error(accreditation, "finalize")
        if accreditation.non_objection_ends_at and timezone.now() < accreditation.non_objection_ends_at:
            raise AccreditationError(
                _("%(organization)s: the non-objection period ends on %(end)s.")
                % {
                    "organization": accreditation.organization.name,
                    "end": accreditation.forum.format_moment(accreditation.non_objection_ends_at),
                },
                code="period",
            )
        if accreditation.objection_note:
            accreditation.record_decision(
                AccreditationStatus.OBJECTED, actor=actor, reason=_("A Member State objected to the accreditation.")
            )
            log_action(action="accreditation.objected", target=accreditation, actor=actor)
            notify_focal_points(
                accreditation=accreditation,
                template="not_accredited",
                context={"reason": accreditation.decision_reason},
            )
        else:
            _accredit(accreditation, actor=actor, action="accreditation.accredited_without_objection")
    return accreditation


def accreditation_revoke(*, accreditation: Accreditation, actor: User | None, reason: str) -> Accreditation:
    """Withdraw an accreditation: its representatives are cancelled and their letters revoked."""
    reason = _require_reason(reason)
    with locked_transaction(busy=busy("application")):
        accreditation = _locked(accreditation)
        if accreditation.status not in AccreditationStatus.ALLOWED_FROM["revoke"]:
            raise _state_error(accreditation, "revoke")
        now = timezone.now()
        accreditation.record_decision(AccreditationStatus.REVOKED, actor=actor, reason=reason, at=now)
        log_action(action="accreditation.revoked", target=accreditation, actor=actor, data={"reason": reason})
        delegates = Delegate.objects.select_related("accreditation__organization", "accreditation__forum").filter(
            accreditation=accreditation, status__in=DelegateStatus.ACTIVE
        )
        for delegate in delegates:
            delegate.record_decision(DelegateStatus.CANCELLED, actor=actor, reason=reason, at=now)
            log_action(
                action="delegate.cancelled", target=delegate, actor=actor, data={"reason": reason, "cascade": True}
            )
            release_delegate(delegate=delegate, actor=actor, reason=reason)
            notify_delegate(delegate=delegate, template="representative_cancelled", context={"reason": reason})
        notify_focal_points(accreditation=accreditation, template="accreditation_revoked", context={"reason": reason})
    return accreditation
