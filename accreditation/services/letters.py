"""Visa support letters: requested by an approved in-person delegate, issued by a Visa officer
with the next number of the forum's gap-free sequence, verifiable by a consulate.

The sequence is taken under a row lock of the forum, so two officers issuing at once never get
the same number and no number is skipped; ``visaletter_unique_sequence`` is the backstop.
Passport numbers never reach the audit log, e-mails or task arguments.
"""

import secrets
from datetime import date
from typing import Any, TypedDict

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.enums import DelegateStatus, ParticipationModality, VisaLetterStatus, VisaOutcome
from accreditation.errors import AccreditationError, busy
from accreditation.models import Delegate, VisaLetter
from accreditation.services.notifications import notify_delegate
from accreditation.services.seats import release_in_person_seats
from accreditation.validators import check_request_data, normalize_passport_number
from events.models import Forum
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User


class VisaLetterRequestData(TypedDict, total=False):
    """The ``data`` of visa_letter_request: ``VisaLetter.REQUEST_FIELDS``, as VisaLetterRequestForm
    cleans them (other keys are ignored)."""

    passport_number: str
    passport_issuing_country: str
    passport_issued_on: date | None
    passport_expires_on: date | None
    place_of_birth: str
    consulate_country: str
    consulate_city: str
    arrival_on: date
    departure_on: date
    language: str


def visa_letter_request(*, delegate: Delegate, data: VisaLetterRequestData, actor: User | None) -> VisaLetter:
    """An approved, in-person delegate asks for a letter (one open request or letter at a time)."""
    request: dict[str, Any] = {name: value for name, value in data.items() if name in VisaLetter.REQUEST_FIELDS}
    request["passport_number"] = normalize_passport_number(request.get("passport_number", ""))
    if request.get("language") not in dict(settings.LANGUAGES):
        request["language"] = settings.LANGUAGE_CODE
    try:
        with locked_transaction(busy=busy("letters")):
            delegate = lock_row(
                Delegate.objects.select_related("accreditation__forum", "accreditation__organization").filter(
                    pk=delegate.pk
                )
            )
            forum = delegate.accreditation.forum
            if delegate.status != DelegateStatus.APPROVED:
                raise AccreditationError(
                    _("A visa support letter can be requested once your registration is approved."), code="state"
                )
            if delegate.modality != ParticipationModality.IN_PERSON:
                raise AccreditationError(
                    _("Visa support letters are for representatives who attend in person."), code="modality"
                )
            if not forum.visa_requests_open:
                raise AccreditationError(
                    _("Requests for visa support letters closed on %(deadline)s.")
                    % {"deadline": forum.format_moment(forum.visa_requests_close_at)},
                    code="deadline",
                )
            if VisaLetter.objects.filter(delegate=delegate, status__in=VisaLetterStatus.NON_FINAL).exists():
                raise AccreditationError(_("You already have a letter or a request in progress."), code="exists")
            check_request_data(forum=forum, data=request)
            letter = VisaLetter(delegate=delegate, forum=forum, status=VisaLetterStatus.REQUESTED, **request)
            letter.save()
            log_action(
                action="visa_letter.requested",
                target=letter,
                actor=actor,
                data={"consulate": f"{letter.consulate_city}, {letter.consulate_country.code}"},
            )
    except IntegrityError as exc:
        raise AccreditationError(_("You already have a letter or a request in progress."), code="exists") from exc
    return letter


def _locked_letter(letter: VisaLetter) -> VisaLetter:
    """The letter, locked (only its own row) for the rest of the transaction."""
    return lock_row(
        VisaLetter.objects.filter(pk=letter.pk).select_related(
            "delegate__accreditation__organization", "delegate__accreditation__forum", "delegate__user", "forum"
        )
    )


def visa_letter_issue(*, letter: VisaLetter, actor: User | None) -> VisaLetter:
    """Give the letter the forum's next number (gap-free), a reference and a verification token."""
    with locked_transaction(busy=busy("letters")):
        # The one lock: the forum row guards its letter sequence.
        forum = lock_row(Forum.objects.filter(pk=letter.forum_id))
        letter = _locked_letter(letter)
        if letter.status not in VisaLetterStatus.ALLOWED_FROM["issue"]:
            raise AccreditationError(
                _("%(letter)s: only a requested letter can be issued (it is “%(status)s”).")
                % {"letter": letter.delegate.full_name, "status": letter.get_status_display()},
                code="state",
            )
        delegate = letter.delegate
        if delegate.status != DelegateStatus.APPROVED or delegate.modality != ParticipationModality.IN_PERSON:
            raise AccreditationError(
                _("%(name)s is no longer an approved in-person representative.") % {"name": delegate.full_name},
                code="delegate_state",
            )
        last = VisaLetter.objects.filter(forum=forum).aggregate(last=Max("sequence"))["last"] or 0
        letter.sequence = last + 1
        letter.reference = f"{forum.reference_prefix}-{letter.sequence:06d}"
        letter.verification_token = secrets.token_urlsafe(32)
        letter.issued_at = timezone.now()
        letter.issued_by = actor
        letter.record_decision(
            VisaLetterStatus.ISSUED,
            actor=actor,
            at=letter.issued_at,
            also=["sequence", "reference", "verification_token", "issued_at", "issued_by"],
        )
        log_action(action="visa_letter.issued", target=letter, actor=actor, data={"reference": letter.reference})
        notify_delegate(
            delegate=delegate,
            template="visa_letter_issued",
            context={"reference": letter.reference},
            language=letter.language,
        )
    return letter


def visa_letter_decline(*, letter: VisaLetter, actor: User | None, reason: str) -> VisaLetter:
    """Refuse a request (the reason is shown to the delegate)."""
    reason = (reason or "").strip()
    if not reason:
        raise AccreditationError(_("Give the reason; the representative will see it."), field="reason")
    with locked_transaction(busy=busy("letters")):
        letter = _locked_letter(letter)
        if letter.status not in VisaLetterStatus.ALLOWED_FROM["decline"]:
            raise AccreditationError(_("Only a requested letter can be declined."), code="state")
        letter.record_decision(VisaLetterStatus.DECLINED, actor=actor, reason=reason)
        log_action(action="visa_letter.declined", target=letter, actor=actor, data={"reason": reason})
        notify_delegate(
            delegate=letter.delegate,
            template="visa_letter_declined",
            context={"reason": reason},
            language=letter.language,
        )
    return letter


def visa_letter_revoke(*, letter: VisaLetter, actor: User | None, reason: str) -> VisaLetter:
    """Withdraw an issued letter: verification then says "revoked"."""
    reason = (reason or "").strip()
    if not reason:
        raise AccreditationError(_("Give the reason for the revocation."), field="reason")
    with locked_transaction(busy=busy("letters")):
        letter = _locked_letter(letter)
        if letter.status not in VisaLetterStatus.ALLOWED_FROM["revoke"]:
            raise AccreditationError(_("Only an issued letter can be revoked."), code="state")
        letter.record_revocation(actor=actor, reason=reason)
        log_action(action="visa_letter.revoked", target=letter, actor=actor, data={"reason": reason})
        notify_delegate(
            delegate=letter.delegate,
            template="visa_letter_revoked",
            context={"reason": reason, "reference": letter.reference},
            language=letter.language,
        )
    return letter


def visa_letter_report_outcome(*, letter: VisaLetter, actor: User | None, outcome: str) -> VisaLetter:
    """The delegate tells the Secretariat what the consulate decided."""
    if outcome not in VisaOutcome.values:
        raise AccreditationError(_("Choose the outcome."), field="outcome")
    with locked_transaction(busy=busy("letters")):
        letter = lock_row(VisaLetter.objects.filter(pk=letter.pk))
        if letter.status not in VisaLetterStatus.ALLOWED_FROM["report_outcome"]:
            raise AccreditationError(_("Report the visa outcome once a letter has been issued."), code="state")
        letter.visa_outcome = outcome
        letter.visa_outcome_at = timezone.now()
        letter.save(update_fields=["visa_outcome", "visa_outcome_at", "updated_at"])
        log_action(action="visa_letter.outcome_reported", target=letter, actor=actor, data={"outcome": outcome})
    return letter


def delegate_switch_to_virtual(*, delegate: Delegate, actor: User | None) -> Delegate:
    """After a refused visa (or by choice), participate virtually: the slot is kept, in-person
    seats are released and an open request is withdrawn."""
    with locked_transaction(busy=busy("nomination")):
        delegate = lock_row(
            Delegate.objects.select_related("accreditation__organization", "accreditation__forum").filter(
                pk=delegate.pk
            )
        )
        if delegate.status not in DelegateStatus.ACTIVE:
            raise AccreditationError(_("Only an active representative can change participation."), code="state")
        if delegate.modality == ParticipationModality.VIRTUAL:
            raise AccreditationError(_("You already participate virtually."), code="already_virtual")
        delegate.modality = ParticipationModality.VIRTUAL
        delegate.save(update_fields=["modality", "updated_at"])
        log_action(action="delegate.switched_to_virtual", target=delegate, actor=actor)
        now = timezone.now()
        for letter in VisaLetter.objects.filter(delegate=delegate, status=VisaLetterStatus.REQUESTED):
            letter.record_decision(
                VisaLetterStatus.DECLINED,
                actor=actor,
                reason=_("Withdrawn: the representative participates virtually."),
                at=now,
            )
            log_action(action="visa_letter.declined", target=letter, actor=actor, data={"cascade": True})
        release_in_person_seats(delegate=delegate, actor=actor)
    return delegate
