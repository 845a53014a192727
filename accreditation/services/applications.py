"""The organization's side of an accreditation: draft, submit, answer, withdraw, documents."""

from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.enums import AccreditationStatus, Basis
from accreditation.errors import AccreditationError, busy
from accreditation.models import Accreditation, AccreditationDocument, Organization
from accreditation.requirements import missing_requirements
from accreditation.services.notifications import notify_focal_points
from accreditation.uploads import DOCUMENT_IMAGE_MAX_SIDE, JPEG, PNG, reencoded_image
from events.models import Forum
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.models import User


class ApplicationData(TypedDict, total=False):
    """The ``data`` of accreditation_save_draft: ``Accreditation.APPLICATION_FIELDS``, as
    ApplicationForm cleans them (other keys are ignored)."""

    basis: str
    ecosoc_category: str
    ecosoc_year: int | None
    reason_for_participation: str


def _check_applications_open(forum: Forum) -> None:
    if not forum.applications_open:
        raise AccreditationError(
            _("Applications for %(forum)s closed on %(deadline)s.")
            % {"forum": forum.name, "deadline": forum.format_moment(forum.applications_close_at)},
            code="deadline",
        )


def _clean_application_data(data: ApplicationData) -> dict[str, Any]:
    cleaned: dict[str, Any] = {name: value for name, value in data.items() if name in Accreditation.APPLICATION_FIELDS}
    if cleaned.get("basis") and cleaned["basis"] != Basis.ECOSOC:
        cleaned["ecosoc_category"] = ""
        cleaned["ecosoc_year"] = None
    return cleaned


def accreditation_save_draft(
    *, organization: Organization, forum: Forum, data: ApplicationData, actor: User | None
) -> Accreditation:
    """Create or update the organization's application while it is a draft or being answered."""
    cleaned = _clean_application_data(data)
    try:
        with locked_transaction(busy=busy("application")):
            accreditation = Accreditation.objects.filter(organization=organization, forum=forum).first()
            if accreditation is None:
                _check_applications_open(forum)
                accreditation = Accreditation(organization=organization, forum=forum, **cleaned)
                accreditation.full_clean()
                accreditation.save()
                log_action(
                    action="accreditation.drafted",
                    target=accreditation,
                    actor=actor,
                    data={"basis": accreditation.basis},
                )
                return accreditation
            accreditation = lock_row(Accreditation.objects.filter(pk=accreditation.pk))
            if not accreditation.is_editable:
                raise AccreditationError(
                    _("The application can no longer be changed (its status is “%(status)s”).")
                    % {"status": accreditation.get_status_display()},
                    code="not_editable",
                )
            changed = [name for name, value in cleaned.items() if getattr(accreditation, name) != value]
            for name in changed:
                setattr(accreditation, name, cleaned[name])
            if changed:
                accreditation.full_clean()
                accreditation.save(update_fields=[*changed, "updated_at"])
                log_action(action="accreditation.edited", target=accreditation, actor=actor, data={"fields": changed})
            return accreditation
    except ValidationError as exc:
        raise AccreditationError("; ".join(exc.messages), code="invalid") from exc
    except IntegrityError as exc:
        # Two focal points of one organization created the application at the same moment.
        raise busy("application")() from exc


def accreditation_submit(*, accreditation: Accreditation, actor: User | None) -> Accreditation:
    """Send a complete draft (before the deadline), or an answer to an information request, to the Secretariat."""
    with locked_transaction(busy=busy("application")):
        accreditation = lock_row(
            Accreditation.objects.select_related("organization", "forum").filter(pk=accreditation.pk)
        )
        if accreditation.status == AccreditationStatus.DRAFT:
            _check_applications_open(accreditation.forum)
            action = "accreditation.submitted"
        elif accreditation.status == AccreditationStatus.INFO_REQUESTED:
            action = "accreditation.resubmitted"
        else:
            raise AccreditationError(
                _("Only a draft or an application awaiting your answer can be submitted."), code="state"
            )
        missing = missing_requirements(accreditation)
        if missing:
            raise AccreditationError(
                _("The application is not complete. Still missing: %(missing)s.") % {"missing": "; ".join(missing)},
                code="incomplete",
            )
        accreditation.status = AccreditationStatus.SUBMITTED
        accreditation.submitted_at = timezone.now()
        accreditation.submitted_by = actor
        accreditation.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        log_action(action=action, target=accreditation, actor=actor)
        notify_focal_points(
            accreditation=accreditation,
            template="application_received",
            context={"resubmitted": action == "accreditation.resubmitted"},
        )
    return accreditation


def accreditation_withdraw(*, accreditation: Accreditation, actor: User | None, reason: str = "") -> Accreditation:
    """The organization withdraws an application that has not been decided."""
    with locked_transaction(busy=busy("application")):
        accreditation = lock_row(
            Accreditation.objects.select_related("organization", "forum").filter(pk=accreditation.pk)
        )
        if accreditation.status not in AccreditationStatus.OPEN:
            raise AccreditationError(_("Only an application that has not been decided can be withdrawn."), code="state")
        # decided_by records the focal point who withdrew it.
        accreditation.record_decision(AccreditationStatus.WITHDRAWN, actor=actor, reason=reason)
        log_action(action="accreditation.withdrawn", target=accreditation, actor=actor, data={"reason": reason})
    return accreditation


def document_upload(
    *, accreditation: Accreditation, kind: str, upload: UploadedFile, content_type: str, actor: User | None
) -> AccreditationDocument:
    """Attach a checked file (see accreditation.uploads) to an application that can still be changed;
    an image is stored re-encoded, bounded and without its metadata."""
    if content_type in (JPEG, PNG):
        try:
            upload = reencoded_image(upload, max_side=DOCUMENT_IMAGE_MAX_SIDE)
        except ValidationError as exc:
            raise AccreditationError(exc.messages[0], field="file", code=exc.code or "invalid") from exc
    document = AccreditationDocument(
        kind=kind,
        original_name=(upload.name or "document")[:255],
        content_type=content_type,
        size=upload.size,  # type: ignore[misc]  # None only for a file built without content; an upload has its size
        uploaded_by=actor,
    )
    stored = False
    try:
        with locked_transaction(busy=busy("application")):
            accreditation = lock_row(Accreditation.objects.filter(pk=accreditation.pk))
            _check_documents_editable(accreditation, adding=True)
            document.accreditation = accreditation
            document.file.save("upload", upload, save=False)
            stored = True
            document.save()
            log_action(
                action="accreditation.document_uploaded",
                target=accreditation,
                actor=actor,
                data={"kind": kind, "file": document.original_name, "size": document.size},
            )
    except Exception:
        if stored:
            document.file.delete(save=False)
        raise
    return document


def _check_documents_editable(accreditation: Accreditation, *, adding: bool) -> None:
    if accreditation.is_editable:
        return
    message = (
        _("Documents can no longer be added: the application is “%(status)s”.")
        if adding
        else _("Documents can no longer be removed: the application is “%(status)s”.")
    )
    raise AccreditationError(message % {"status": accreditation.get_status_display()}, code="not_editable")


def document_delete(*, document: AccreditationDocument, actor: User | None) -> None:
    """Remove a document from an application that can still be changed."""
    with locked_transaction(busy=busy("application")):
        accreditation = lock_row(Accreditation.objects.filter(pk=document.accreditation_id))
        _check_documents_editable(accreditation, adding=False)
        log_action(
            action="accreditation.document_removed",
            target=accreditation,
            actor=actor,
            data={"kind": document.kind, "file": document.original_name},
        )
        stored = document.file.name
        storage = document.file.storage
        document.delete()
        transaction.on_commit(lambda: storage.delete(stored))
