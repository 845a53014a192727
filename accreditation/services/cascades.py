"""What ends with a nomination: its visa letters and its session seats."""

from django.utils import timezone

from accreditation.enums import VisaLetterStatus
from accreditation.models import Delegate
from accreditation.services.seats import release_seats
from imrf.activity import log_action


def release_delegate(*, delegate: Delegate, actor, reason: str) -> None:
    """Revoke the delegate's issued letter, decline a pending request, cancel their seats.
    Runs inside the caller's transaction."""
    now = timezone.now()
    decided_by = actor if actor and actor.is_authenticated else None
    for letter in delegate.visa_letters.filter(status__in=VisaLetterStatus.NON_FINAL):
        if letter.status == VisaLetterStatus.ISSUED:
            letter.status = VisaLetterStatus.REVOKED
            letter.revoked_at = now
            letter.revoked_by = decided_by
            letter.revocation_reason = reason
            letter.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "updated_at"])
            log_action(
                action="visa_letter.revoked", target=letter, actor=actor, data={"reason": reason, "cascade": True}
            )
        else:
            letter.status = VisaLetterStatus.DECLINED
            letter.decided_at = now
            letter.decided_by = decided_by
            letter.decision_reason = reason
            letter.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
            log_action(
                action="visa_letter.declined", target=letter, actor=actor, data={"reason": reason, "cascade": True}
            )
    # Seats go back to the waitlist (the first waitlisted delegate is promoted and e-mailed).
    release_seats(delegate=delegate, actor=actor)
