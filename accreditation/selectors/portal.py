"""Reads that span relations, each a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accreditation.enums import DelegateStatus
from accreditation.models import Accreditation, AccreditationDocument, Delegate, Membership, Organization
from accreditation.requirements import missing_requirements
from events.models import Forum
from imrf.models import ActivityLog, User

# What the organization may read of its application's history (the rest is internal).
HISTORY_LABELS = {
    "organization.created": _("Organization registered"),
    "organization.updated": _("Organization profile updated"),
    "organization.focal_point_added": _("Focal point added"),
    "organization.focal_point_removed": _("Focal point removed"),
    "accreditation.drafted": _("Application started"),
    "accreditation.edited": _("Application edited"),
    "accreditation.document_uploaded": _("Document uploaded"),
    "accreditation.document_removed": _("Document removed"),
    "accreditation.submitted": _("Application submitted"),
    "accreditation.resubmitted": _("Answer submitted"),
    "accreditation.info_requested": _("The Secretariat asked for more information"),
    "accreditation.circulated": _("Placed on the non-objection list circulated to Member States"),
    "accreditation.approved": _("Accredited"),
    "accreditation.accredited_without_objection": _("Accredited (no objection)"),
    "accreditation.objected": _("Not accredited after an objection"),
    "accreditation.rejected": _("Not accredited"),
    "accreditation.withdrawn": _("Application withdrawn"),
    "accreditation.revoked": _("Accreditation revoked"),
    "delegate.nominated": _("Representative nominated"),
    "delegate.approved": _("Representative approved"),
    "delegate.rejected": _("Representative not approved"),
    "delegate.withdrawn": _("Representative withdrawn"),
    "delegate.cancelled": _("Representative cancelled"),
    "delegate.invited": _("Invitation sent to the representative"),
    "delegate.invitation_accepted": _("Representative set up their account"),
}


def organization_for_user(user: User | AnonymousUser) -> Organization | None:
    """The organization the user is a focal point of (one per user)."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.select_related("organization").filter(user=user).order_by("created_at").first()
    return membership.organization if membership else None


def accreditation_for(*, organization: Organization, forum: Forum | None) -> Accreditation | None:
    if forum is None:
        return None
    return (
        Accreditation.objects.select_related("organization", "forum")
        .filter(organization=organization, forum=forum)
        .first()
    )


@dataclass
class HistoryEntry:
    created_at: datetime
    label: str | Promise  # translated when the page renders
    actor: str | Promise
    detail: str = ""


@dataclass
class PortalDashboard:
    organization: Organization
    forum: Forum | None
    accreditation: Accreditation | None
    documents: list[AccreditationDocument] = field(default_factory=list)
    delegates: list[Delegate] = field(default_factory=list)
    active_delegates: list[Delegate] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    focal_points: list[Membership] = field(default_factory=list)

    @property
    def free_slots(self) -> int:
        if self.forum is None:
            return 0
        return max(self.forum.delegate_cap - len(self.active_delegates), 0)


def _history(
    *, organization: Organization, accreditation: Accreditation | None, delegates: list[Delegate]
) -> list[HistoryEntry]:
    types = ContentType.objects.get_for_models(Organization, Accreditation, Delegate)
    condition = Q(content_type=types[Organization], object_id=str(organization.pk))
    if accreditation is not None:
        condition |= Q(content_type=types[Accreditation], object_id=str(accreditation.pk))
    if delegates:
        condition |= Q(content_type=types[Delegate], object_id__in=[str(delegate.pk) for delegate in delegates])
    entries = (
        ActivityLog.objects.filter(condition, action__in=list(HISTORY_LABELS))
        .select_related("actor")
        .order_by("-created_at", "-id")[:50]
    )
    history = []
    for entry in entries:
        actor = entry.actor
        who = _("Secretariat") if actor is not None and actor.is_staff else (actor.get_full_name() if actor else "")
        detail = ""
        if entry.action.startswith("delegate."):
            detail = entry.target_repr
            reason = entry.data.get("reason") if entry.action in {"delegate.withdrawn", "delegate.rejected"} else ""
            if reason:
                detail = f"{detail} — {reason}"
        elif entry.action in {"accreditation.document_uploaded", "accreditation.document_removed"}:
            detail = str(entry.data.get("file", ""))
        history.append(HistoryEntry(entry.created_at, HISTORY_LABELS[entry.action], who, detail))
    return history


def portal_dashboard(*, organization: Organization, forum: Forum | None) -> PortalDashboard:
    """Everything the focal point's dashboard shows, in a fixed number of queries."""
    accreditation = accreditation_for(organization=organization, forum=forum)
    documents: list[AccreditationDocument] = []
    delegates: list[Delegate] = []
    missing: list[str] = []
    if accreditation is not None:
        documents = list(accreditation.documents.select_related("uploaded_by").order_by("kind", "-uploaded_at"))
        delegates = list(Delegate.objects.filter(accreditation=accreditation).order_by("slot", "-nominated_at"))
        missing = missing_requirements(accreditation, document_kinds={document.kind for document in documents})
    focal_points = list(organization.memberships.select_related("user").order_by("created_at"))
    active = [delegate for delegate in delegates if delegate.status in DelegateStatus.ACTIVE]
    inactive = [delegate for delegate in delegates if delegate.status not in DelegateStatus.ACTIVE]
    return PortalDashboard(
        organization=organization,
        forum=forum,
        accreditation=accreditation,
        documents=documents,
        delegates=active + inactive,
        active_delegates=active,
        missing=missing,
        history=_history(organization=organization, accreditation=accreditation, delegates=delegates),
        focal_points=focal_points,
    )


def delegate_for_user(*, user: User | AnonymousUser, forum: Forum | None) -> Delegate | None:
    """The user's own nomination for the forum (the latest, active first)."""
    if not user.is_authenticated or forum is None:
        return None
    delegates = list(
        Delegate.objects.select_related("accreditation__organization", "accreditation__forum").filter(
            user=user, forum=forum
        )
    )
    delegates.sort(
        key=lambda delegate: (delegate.status not in DelegateStatus.ACTIVE, -delegate.nominated_at.timestamp())
    )
    return delegates[0] if delegates else None
