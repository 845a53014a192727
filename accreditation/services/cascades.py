"""What ends with a nomination: its visa letters and its session seats."""

from django.utils import timezone

from accreditation.enums import VisaLetterStatus
from accreditation.models import Delegate
from accreditation.services.seats import release_seats
from imrf.activity import log_action
from imrf.models import User


def release_delegate(*, delegate: Delegate, actor: User | None, reason: str) -> None:
    """Revoke the delegate's issued letter, decline a pending request, cancel their seats.
    Runs inside the caller's transaction."""
    now = timezone.now()
    for letter in delegate.visa_letters.filter(status__in=VisaLetterStatus.NON_FINAL):
        if letter.status == VisaLetterStatus.ISSUED:
            letter.record_revocation(actor=actor, reason=reason, at=now)
            log_action(
                action="visa_letter.revoked", target=letter, actor=actor, data={"reason": reason, "cascade": True}
            )
        else:
            letter.record_decision(VisaLetterStatus.DECLINED, actor=actor, reason=reason, at=now)
            log_action(
                action="visa_letter.declined", target=letter, actor=actor, data={"reason": reason, "cascade": True}
            )
    # Seats go back to the waitlist (the first waitlisted delegate is promoted and e-mailed).
    release_seats(delegate=delegate, actor=actor)
