"""Visa support letters: requested by an approved in-person delegate, issued by a Visa officer
with the next number of the forum's gap-free sequence, verifiable by a consulate.

The sequence is taken under a row lock of the forum, so two officers issuing at once never get
the same number and no number is skipped; ``visaletter_unique_sequence`` is the backstop.
An issued letter is a record: what it prints is copied onto it at issue, and a correction is a
reissue (the old letter revoked as superseded, a new number). A representative who stops
travelling loses their letter. Passport numbers never reach the audit log, e-mails or task
arguments.
"""

import secrets
from datetime import date, timedelta
from typing import Any, TypedDict

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
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


def _refuse_unless_issuable(letter: VisaLetter) -> None:
    """A letter is numbered only for an approved in-person representative, while letters of its
    forum are still valid and the request's passport data is still there."""
    delegate = letter.delegate
    if delegate.status != DelegateStatus.APPROVED or delegate.modality != ParticipationModality.IN_PERSON:
        raise AccreditationError(
            _("%(name)s is no longer an approved in-person representative.") % {"name": delegate.full_name},
            code="delegate_state",
        )
    forum = letter.forum
    last_valid_day = forum.ends_on + timedelta(days=settings.LETTER_VALID_DAYS_AFTER_FORUM)
    if letter.personal_data_purged_at is not None or forum.local(timezone.now()).date() > last_valid_day:
        raise AccreditationError(
            _("Letters for the %(forum)s were valid until %(date)s: no new letter can be issued.")
            % {"forum": forum.name, "date": date_format(last_valid_day, "DATE_FORMAT")},
            code="expired",
        )


def _number(letter: VisaLetter, *, forum: Forum, actor, at) -> list[str]:
    """Give the letter the forum's next number, its reference and verification token, and copy
    what it prints. The caller holds the forum row's lock (the sequence stays gap-free) and saves
    the fields returned."""
    last = VisaLetter.objects.filter(forum=forum).aggregate(last=Max("sequence"))["last"] or 0
    letter.sequence = last + 1
    letter.reference = f"{forum.reference_prefix}-{letter.sequence:06d}"
    letter.verification_token = secrets.token_urlsafe(32)
    letter.issued_at = at
    letter.issued_by = actor if actor is not None and actor.is_authenticated else None
    letter.copy_printed_details()
    return ["sequence", "reference", "verification_token", "issued_at", "issued_by", *VisaLetter.PRINTED_FIELDS]


def visa_letter_issue(*, letter: VisaLetter, actor: User | None) -> VisaLetter:
    """Give the letter the forum's next number (gap-free), a reference and a verification token,
    and freeze a copy of everything it prints."""
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
        _refuse_unless_issuable(letter)
        now = timezone.now()
        numbered = _number(letter, forum=forum, actor=actor, at=now)
        letter.record_decision(VisaLetterStatus.ISSUED, actor=actor, at=now, also=numbered)
        log_action(action="visa_letter.issued", target=letter, actor=actor, data={"reference": letter.reference})
        notify_delegate(
            delegate=letter.delegate,
            template="visa_letter_issued",
            context={"reference": letter.reference},
            language=letter.language,
        )
    return letter


def visa_letter_reissue(*, letter: VisaLetter, actor: User | None, reason: str) -> VisaLetter:
    """Correct an issued letter: it is revoked as superseded and a new letter, with the forum's
    next number and a fresh copy of the current details, replaces it. Returns the new letter."""
    reason = (reason or "").strip()
    if not reason:
        raise AccreditationError(
            _("Give the reason for the new letter; the representative will see it."), field="reason"
        )
    with locked_transaction(busy=busy("letters")):
        forum = lock_row(Forum.objects.filter(pk=letter.forum_id))
        letter = _locked_letter(letter)
        return supersede(letter, forum=forum, actor=actor, reason=reason)


def supersede(old: VisaLetter, *, forum: Forum, actor, reason: str) -> VisaLetter:
    """``visa_letter_reissue`` inside the caller's transaction, which holds the locks of the forum
    row and of the old letter (in that order, as when issuing)."""
    if old.status not in VisaLetterStatus.ALLOWED_FROM["reissue"]:
        raise AccreditationError(_("Only an issued letter can be reissued."), code="state")
    _refuse_unless_issuable(old)
    now = timezone.now()
    new = VisaLetter(
        delegate=old.delegate,
        forum=forum,
        supersedes=old,
        **{name: getattr(old, name) for name in VisaLetter.REQUEST_FIELDS},
    )
    _number(new, forum=forum, actor=actor, at=now)
    # The old letter first: at most one issued letter per representative.
    old.record_revocation(
        actor=actor,
        reason=_("Superseded by letter %(reference)s: %(reason)s") % {"reference": new.reference, "reason": reason},
        at=now,
    )
    log_action(
        action="visa_letter.revoked",
        target=old,
        actor=actor,
        data={"reason": reason, "superseded_by": new.reference},
    )
    new.status = VisaLetterStatus.ISSUED
    new.decided_at = now
    new.decided_by = new.issued_by
    new.save()
    log_action(
        action="visa_letter.reissued",
        target=new,
        actor=actor,
        data={"reference": new.reference, "replaces": old.reference, "reason": reason},
    )
    notify_delegate(
        delegate=new.delegate,
        template="visa_letter_reissued",
        context={"reference": new.reference, "previous_reference": old.reference, "reason": reason},
        language=new.language,
    )
    return new


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


def reissue_current_letter(*, delegate: Delegate, actor: User | None, reason: str) -> VisaLetter | None:
    """Reissue the representative's issued letter with their details as they are now, inside the
    caller's transaction; none if they have no issued letter or it has expired (an expired letter
    stays the record of what it printed). Returns the new letter."""
    current = (
        VisaLetter.objects.filter(delegate=delegate, status=VisaLetterStatus.ISSUED).select_related("forum").first()
    )
    if current is None or current.is_expired():
        return None
    # In the order issuing locks: the forum row (its sequence), then the letter.
    forum = lock_row(Forum.objects.filter(pk=current.forum_id))
    letter = _locked_letter(current)
    if letter.status not in VisaLetterStatus.ALLOWED_FROM["reissue"]:
        return None
    return supersede(letter, forum=forum, actor=actor, reason=reason)


def end_travel(*, delegate: Delegate, actor: User | None, reason: str) -> None:
    """The representative no longer travels: their issued letter is revoked and a pending request
    declined, each logged and e-mailed. Runs inside the caller's transaction, which holds the
    delegate's lock; each letter is locked and read again (an officer may be issuing it)."""
    for pk in VisaLetter.objects.filter(delegate=delegate, status__in=VisaLetterStatus.NON_FINAL).values_list(
        "pk", flat=True
    ):
        letter = lock_row(VisaLetter.objects.filter(pk=pk))
        if letter.status == VisaLetterStatus.ISSUED:
            letter.record_revocation(actor=actor, reason=reason)
            log_action(action="visa_letter.revoked", target=letter, actor=actor, data={"reason": reason})
            notify_delegate(
                delegate=delegate,
                template="visa_letter_revoked",
                context={"reason": reason, "reference": letter.reference},
                language=letter.language,
            )
        elif letter.status == VisaLetterStatus.REQUESTED:
            letter.record_decision(VisaLetterStatus.DECLINED, actor=actor, reason=reason)
            log_action(action="visa_letter.declined", target=letter, actor=actor, data={"reason": reason})
            notify_delegate(
                delegate=delegate, template="visa_letter_declined", context={"reason": reason}, language=letter.language
            )


def switch_to_virtual(*, delegate: Delegate, actor: User | None) -> None:
    """``delegate_switch_to_virtual`` inside the caller's transaction, the delegate locked."""
    if delegate.status not in DelegateStatus.ACTIVE:
        raise AccreditationError(_("Only an active representative can change participation."), code="state")
    if delegate.modality == ParticipationModality.VIRTUAL:
        raise AccreditationError(_("You already participate virtually."), code="already_virtual")
    delegate.modality = ParticipationModality.VIRTUAL
    delegate.save(update_fields=["modality", "updated_at"])
    log_action(action="delegate.switched_to_virtual", target=delegate, actor=actor)
    end_travel(delegate=delegate, actor=actor, reason=_("Participation changed to online."))
    release_in_person_seats(delegate=delegate, actor=actor)


def delegate_switch_to_virtual(*, delegate: Delegate, actor: User | None) -> Delegate:
    """After a refused visa (or by choice), participate virtually: the slot is kept, in-person
    seats are released, an issued letter is revoked and an open request declined."""
    with locked_transaction(busy=busy("nomination")):
        delegate = lock_row(
            Delegate.objects.select_related("accreditation__organization", "accreditation__forum", "user").filter(
                pk=delegate.pk
            )
        )
        switch_to_virtual(delegate=delegate, actor=actor)
    return delegate
