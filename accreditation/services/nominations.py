"""Nominating representatives within the cap, and ending a nomination.

The cap (``forum.delegate_cap`` active representatives per accreditation) is enforced by
``delegate_nominate`` under a row lock of the accreditation; the partial unique constraint on
``(accreditation, slot)`` among active delegates is the backstop.
"""

from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.enums import AccreditationStatus, DelegateStatus
from accreditation.errors import AccreditationError, busy
from accreditation.models import Accreditation, Delegate
from accreditation.normalize import person_key
from accreditation.services.cascades import release_delegate
from accreditation.services.invitations import delegate_invite
from accreditation.services.notifications import notify_delegate, notify_focal_points
from accreditation.services.organizations import clean_name_fields
from accreditation.uploads import PHOTO_MAX_SIDE, reencoded_image
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User


class NomineeData(TypedDict, total=False):
    """The ``data`` of delegate_nominate: ``Delegate.NOMINEE_FIELDS``, as NominationForm cleans
    them (other keys are ignored)."""

    family_name: str
    given_names: str
    date_of_birth: date | None
    gender: str
    nationality: str
    country_of_residence: str
    email: str
    phone: str
    job_title: str
    modality: str
    is_head_of_delegation: bool
    accessibility_needs: str


# Names as in the passport, cleaned of invisible characters wherever they come from.
DELEGATE_NAME_FIELDS = ("family_name", "given_names")


def _may_act_after_deadline(actor: User | None) -> bool:
    return bool(actor and actor.has_perm("accreditation.decide_delegate"))


def _cap_error(accreditation: Accreditation, active: list[Delegate]) -> AccreditationError:
    names = ", ".join(delegate.full_name for delegate in active)
    return AccreditationError(
        _(
            "Your organization already has %(count)d of %(cap)d representatives: %(names)s. "
            "To nominate someone else, first withdraw one of them."
        )
        % {"count": len(active), "cap": accreditation.forum.delegate_cap, "names": names},
        code="cap",
    )


def _duplicate_person_error() -> AccreditationError:
    return AccreditationError(
        _(
            "This person (same names and date of birth) is already nominated for this forum, by your "
            "organization or another. A person may represent only one organization."
        ),
        code="duplicate_person",
    )


def delegate_nominate(
    *,
    accreditation: Accreditation,
    data: NomineeData,
    actor: User | None,
    photo: UploadedFile | None = None,
    consent_notice_version: str = "",
) -> Delegate:
    """Nominate a representative into the lowest free slot; refused beyond ``forum.delegate_cap``.
    ``consent_notice_version``: the privacy notice the nominating focal point confirmed the
    person agrees to (recorded with the time)."""
    nominee = clean_name_fields(data=data, model=Delegate, fields=DELEGATE_NAME_FIELDS, keep=Delegate.NOMINEE_FIELDS)
    if photo is not None:
        # Before the lock: re-encoding is the slow part. What is stored is a fresh, bounded file
        # without the original's metadata (EXIF, GPS).
        try:
            photo = reencoded_image(photo, max_side=PHOTO_MAX_SIDE)
        except ValidationError as exc:
            raise AccreditationError(exc.messages[0], field="photo", code=exc.code or "invalid") from exc
    key = person_key(
        family_name=nominee.get("family_name", ""),
        given_names=nominee.get("given_names", ""),
        date_of_birth=nominee.get("date_of_birth"),
    )
    stored: list[str] = []  # the photo's name once written, for the cleanup of a refusal
    try:
        try:
            with locked_transaction(busy=busy("nomination")):
                # The one lock of this transaction, taken before any availability check.
                accreditation = lock_row(
                    Accreditation.objects.select_related("forum", "organization").filter(pk=accreditation.pk)
                )
                slot = _free_slot(accreditation=accreditation, born=nominee.get("date_of_birth"), key=key, actor=actor)
                delegate = Delegate(
                    accreditation=accreditation, forum=accreditation.forum, slot=slot, nominated_by=actor, **nominee
                )
                if consent_notice_version:
                    delegate.consent_at = timezone.now()
                    delegate.consent_notice_version = consent_notice_version
                if photo is not None:
                    stored.append(_store_photo(delegate, photo))
                _validate(delegate)
                delegate.save()
                _announce(delegate, actor=actor, consent_notice_version=consent_notice_version)
        except IntegrityError as exc:
            # The backstop held: someone took the slot or nominated the same person a moment ago.
            if Delegate.objects.filter(
                forum=accreditation.forum, name_key=key, status__in=DelegateStatus.ACTIVE
            ).exists():
                raise _duplicate_person_error() from exc
            raise busy("nomination")() from exc
    except BaseException:
        # Nothing half-saved: a refused nomination leaves no photo behind.
        for name in stored:
            Delegate._meta.get_field("photo").storage.delete(name)
        raise
    return delegate


def _free_slot(*, accreditation: Accreditation, born: date | None, key: str, actor: User | None) -> int:
    """The lowest free slot of a locked accreditation, after every rule a nomination must pass:
    accredited, before the deadline (or staff), old enough, under the cap, not nominated elsewhere."""
    forum = accreditation.forum
    if accreditation.status != AccreditationStatus.ACCREDITED:
        raise AccreditationError(
            _("Representatives can be nominated only once the organization is accredited."), code="state"
        )
    if not forum.nominations_open and not _may_act_after_deadline(actor):
        raise AccreditationError(
            _("Nominations closed on %(deadline)s. Only the Secretariat can change representatives now.")
            % {"deadline": forum.format_moment(forum.nominations_close_at)},
            code="deadline",
        )
    if born is None or forum.age_on_start(born) < forum.minimum_age:
        raise AccreditationError(
            _("Representatives must be at least %(age)d years old when the forum starts.") % {"age": forum.minimum_age},
            field="date_of_birth",
            code="age",
        )
    active = list(
        Delegate.objects.filter(accreditation=accreditation, status__in=DelegateStatus.ACTIVE).order_by("slot")
    )
    if len(active) >= forum.delegate_cap:
        raise _cap_error(accreditation, active)
    if Delegate.objects.filter(forum=forum, name_key=key, status__in=DelegateStatus.ACTIVE).exists():
        raise _duplicate_person_error()
    taken = {delegate.slot for delegate in active}
    return min(number for number in range(1, forum.delegate_cap + 1) if number not in taken)


def _store_photo(delegate: Delegate, photo: UploadedFile) -> str:
    """Write the (re-encoded) photo to private storage; the name it was stored under."""
    delegate.photo.save("photo.jpg" if "jpeg" in (photo.content_type or "") else "photo.png", photo, save=False)
    return delegate.photo.name


def _validate(delegate: Delegate) -> None:
    try:
        # The related rows were just read under the lock, so their existence is not checked
        # again (three queries); the public id is a fresh uuid4 with the database's unique
        # index behind it, and the constraints are the backstop the IntegrityError handler of
        # delegate_nominate translates.
        delegate.full_clean(
            exclude=["accreditation", "forum", "nominated_by", "public_id"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        raise AccreditationError("; ".join(exc.messages), code="invalid") from exc


def _announce(delegate: Delegate, *, actor: User | None, consent_notice_version: str) -> None:
    """Log the nomination, invite the representative and tell the focal points."""
    accreditation = delegate.accreditation
    log_action(
        action="delegate.nominated",
        target=delegate,
        actor=actor,
        data={
            "slot": delegate.slot,
            "organization": accreditation.organization.name,
            **({"privacy_notice": consent_notice_version} if consent_notice_version else {}),
        },
    )
    delegate_invite(delegate=delegate, actor=actor)
    notify_focal_points(
        accreditation=accreditation, template="representative_nominated", context={"full_name": delegate.full_name}
    )


def _end(delegate: Delegate, *, status: str, actor: User | None, reason: str, action: str) -> Delegate:
    """Free the slot; revoke what depended on the nomination (letters, session seats)."""
    delegate.record_decision(status, actor=actor, reason=reason)
    log_action(action=action, target=delegate, actor=actor, data={"reason": reason})
    release_delegate(delegate=delegate, actor=actor, reason=reason)
    return delegate


def delegate_withdraw(*, delegate: Delegate, actor: User | None, reason: str = "") -> Delegate:
    """The organization withdraws a representative before the nomination deadline, freeing the slot."""
    with locked_transaction(busy=busy("nomination")):
        accreditation = lock_row(
            Accreditation.objects.select_related("forum", "organization").filter(pk=delegate.accreditation_id)
        )
        delegate = Delegate.objects.select_related("accreditation__organization", "accreditation__forum", "user").get(
            pk=delegate.pk
        )
        if delegate.status not in DelegateStatus.ALLOWED_FROM["withdraw"]:
            raise AccreditationError(_("This representative is no longer active."), code="state")
        forum = accreditation.forum
        if not forum.nominations_open and not _may_act_after_deadline(actor):
            raise AccreditationError(
                _("Nominations closed on %(deadline)s. Ask the Secretariat to withdraw a representative.")
                % {"deadline": forum.format_moment(forum.nominations_close_at)},
                code="deadline",
            )
        _end(delegate, status=DelegateStatus.WITHDRAWN, actor=actor, reason=reason, action="delegate.withdrawn")
        notify_delegate(delegate=delegate, template="representative_withdrawn")
        notify_focal_points(
            accreditation=accreditation,
            template="representative_withdrawn_focal",
            context={"full_name": delegate.full_name},
        )
    return delegate


def _decide(delegate: Delegate, *, allowed: frozenset[str], refusal: str) -> Delegate:
    lock_row(Accreditation.objects.filter(pk=delegate.accreditation_id))
    delegate = Delegate.objects.select_related("accreditation__organization", "accreditation__forum", "user").get(
        pk=delegate.pk
    )
    if delegate.status not in allowed:
        raise AccreditationError(refusal, code="state")
    return delegate


def delegate_approve(*, delegate: Delegate, actor: User | None) -> Delegate:
    """The Secretariat approves a nominated representative."""
    with locked_transaction(busy=busy("nomination")):
        delegate = _decide(
            delegate,
            allowed=DelegateStatus.ALLOWED_FROM["approve"],
            refusal=_("Only a nominated representative can be approved."),
        )
        if delegate.accreditation.status != AccreditationStatus.ACCREDITED:
            raise AccreditationError(_("The organization is not accredited."), code="state")
        delegate.record_decision(DelegateStatus.APPROVED, actor=actor)
        log_action(action="delegate.approved", target=delegate, actor=actor)
        notify_delegate(delegate=delegate, template="representative_approved")
        notify_focal_points(
            accreditation=delegate.accreditation,
            template="representative_approved_focal",
            context={"full_name": delegate.full_name},
        )
    return delegate


def delegate_reject(*, delegate: Delegate, actor: User | None, reason: str) -> Delegate:
    """The Secretariat does not approve a nomination (reason shown to the organization); the slot is freed."""
    if not reason.strip():
        raise AccreditationError(_("Give the reason; the organization will see it."), field="reason", code="reason")
    with locked_transaction(busy=busy("nomination")):
        delegate = _decide(
            delegate,
            allowed=DelegateStatus.ALLOWED_FROM["reject"],
            refusal=_("Only a nominated representative can be refused."),
        )
        _end(delegate, status=DelegateStatus.REJECTED, actor=actor, reason=reason, action="delegate.rejected")
        notify_delegate(delegate=delegate, template="representative_not_approved", context={"reason": reason})
        notify_focal_points(
            accreditation=delegate.accreditation,
            template="representative_not_approved_focal",
            context={"full_name": delegate.full_name, "reason": reason},
        )
    return delegate


def delegate_cancel(*, delegate: Delegate, actor: User | None, reason: str, notify: bool = True) -> Delegate:
    """The Secretariat cancels an active representative (letters revoked, seats released)."""
    if not reason.strip():
        raise AccreditationError(_("Give the reason; the organization will see it."), field="reason", code="reason")
    with locked_transaction(busy=busy("nomination")):
        delegate = _decide(
            delegate,
            allowed=DelegateStatus.ALLOWED_FROM["cancel"],
            refusal=_("Only an active representative can be cancelled."),
        )
        _end(delegate, status=DelegateStatus.CANCELLED, actor=actor, reason=reason, action="delegate.cancelled")
        if notify:
            notify_delegate(delegate=delegate, template="representative_cancelled", context={"reason": reason})
    return delegate
