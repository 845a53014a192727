"""Reads that span relations, so every page runs a fixed number of queries (HackSoft's
selectors): one module per audience, as ``services/`` has one per process. The portal's are
re-exported here."""

from accreditation.selectors.portal import (
    HISTORY_LABELS,
    HistoryEntry,
    PortalDashboard,
    accreditation_for,
    delegate_for_user,
    organization_for_user,
    portal_dashboard,
)

__all__ = [
    "HISTORY_LABELS",
    "HistoryEntry",
    "PortalDashboard",
    "accreditation_for",
    "delegate_for_user",
    "organization_for_user",
    "portal_dashboard",
]
