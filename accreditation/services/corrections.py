"""The Secretariat corrects a representative's details in the back office, and what follows from
each correction goes through the service that owns it: a change to what an issued letter prints
reissues the letter (the old one revoked as superseded, the next number); a change to online
participation ends the representative's travel (letter revoked, request declined, in-person
seats released), as when the representative switches themselves."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accreditation.enums import DelegateStatus, ParticipationModality
from accreditation.errors import busy
from accreditation.models import Delegate, VisaLetter
from accreditation.services.letters import reissue_current_letter, switch_to_virtual
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User

# What the Secretariat may correct on a representative (statuses, slots and audit fields change
# only through decisions).
CORRECTABLE_FIELDS = frozenset(Delegate.NOMINEE_FIELDS)
# The representative's details a visa support letter prints.
PRINTED_FIELDS = frozenset({"family_name", "given_names", "date_of_birth", "nationality"})


@dataclass(frozen=True)
class Correction:
    """What a correction did: the fields it changed, the letter issued in place of the old one,
    whether the representative's travel ended."""

    delegate: Delegate
    fields: tuple[str, ...] = ()
    reissued: VisaLetter | None = None
    travel_ended: bool = False


def _verbose_name(name: str) -> str:
    field = Delegate._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def delegate_correct_details(*, delegate: Delegate, changes: dict[str, Any], actor: User | None) -> Correction:
    """Save corrected details of a representative; an issued letter that printed a corrected
    detail is reissued, and a change to online participation ends their travel."""
    unknown = set(changes) - CORRECTABLE_FIELDS
    if unknown:
        raise ValueError(f"Not correctable here: {', '.join(sorted(unknown))}.")
    with locked_transaction(busy=busy("nomination")):
        delegate = lock_row(
            Delegate.objects.select_related("accreditation__organization", "accreditation__forum", "user").filter(
                pk=delegate.pk
            )
        )
        changed = {name: value for name, value in changes.items() if getattr(delegate, name) != value}
        modality = changed.pop("modality", None)
        if changed:
            for name, value in changed.items():
                setattr(delegate, name, value)
            delegate.save(update_fields=[*changed, "updated_at"])
            log_action(
                action="delegate.details_corrected", target=delegate, actor=actor, data={"fields": sorted(changed)}
            )
        travel_ended = modality == ParticipationModality.VIRTUAL and delegate.status in DelegateStatus.ACTIVE
        if travel_ended:
            switch_to_virtual(delegate=delegate, actor=actor)
        elif modality is not None:
            delegate.modality = modality
            delegate.save(update_fields=["modality", "updated_at"])
            log_action(action="delegate.details_corrected", target=delegate, actor=actor, data={"fields": ["modality"]})
        reissued = None
        if PRINTED_FIELDS & changed.keys() and not travel_ended:
            labels = ", ".join(str(_verbose_name(name)) for name in sorted(PRINTED_FIELDS & changed.keys()))
            reissued = reissue_current_letter(
                delegate=delegate,
                actor=actor,
                reason=_("The representative's details were corrected (%(fields)s).") % {"fields": labels},
            )
    return Correction(
        delegate=delegate,
        fields=tuple(sorted({*changed, *(["modality"] if modality is not None else [])})),
        reissued=reissued,
        travel_ended=travel_ended,
    )
