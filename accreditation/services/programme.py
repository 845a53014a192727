"""Changes to a session that people registered for depend on: the back office saves them here,
never directly, so seats, waiting lists and e-mails follow (issue 15, item 7)."""

from accreditation.enums import RegistrationStatus
from accreditation.errors import busy
from accreditation.models import SessionRegistration
from accreditation.services.notifications import notify_delegate
from accreditation.services.seats import promote_waitlisted
from events.models import Session
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User

# A change of these tells every registered person.
_WHEN_AND_WHERE = {"starts_at", "ends_at", "room", "modality"}
_CAPACITY = {"stakeholder_seats"}


def session_change(*, session: Session, fields: list[str], actor: User | None) -> Session:
    """Save ``fields`` of an edited session (the instance carries the new values). More seats
    promote people from the waiting list, in order; a new time, room or modality is e-mailed to
    everyone registered."""
    changed = [name for name in fields if name in {field.name for field in Session._meta.concrete_fields}]
    with locked_transaction(busy=busy("seats")):
        current = lock_row(Session.objects.select_related("forum").filter(pk=session.pk))
        for name in changed:
            setattr(current, name, getattr(session, name))
        current.full_clean()
        current.save(update_fields=[*changed, "updated_at"])
        log_action(action="session.changed", target=current, actor=actor, data={"fields": changed})
        if set(changed) & _CAPACITY:
            while promote_waitlisted(current, actor=actor) is not None:
                pass
        if set(changed) & _WHEN_AND_WHERE:
            registrations = SessionRegistration.objects.filter(
                session=current, status__in=RegistrationStatus.ACTIVE
            ).select_related(
                "delegate__accreditation__organization", "delegate__accreditation__forum", "delegate__user"
            )
            for registration in registrations:
                notify_delegate(
                    delegate=registration.delegate,
                    template="session_changed",
                    context={
                        "session": current.title,
                        "starts_at": current.forum.format_moment(current.starts_at),
                        "room": current.room,
                        "modality": str(current.get_modality_display()),
                    },
                )
    return current
