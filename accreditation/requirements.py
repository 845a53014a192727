"""What an application still lacks before it can be submitted (read by the portal and the
submit service alike, so the dashboard's list and the refusal always agree)."""

from django.utils.translation import gettext as _

from accreditation.enums import Basis, DocumentKind
from accreditation.models import Accreditation


def missing_requirements(accreditation: Accreditation, *, document_kinds: set[str] | None = None) -> list[str]:
    """Human-readable list of what is missing; empty when the application is complete.

    ``document_kinds`` may be passed by callers that already loaded the documents.
    """
    organization = accreditation.organization
    if document_kinds is None:
        document_kinds = set(accreditation.documents.values_list("kind", flat=True))
    missing = []
    if accreditation.basis == Basis.ECOSOC:
        if not accreditation.ecosoc_category:
            missing.append(_("the category of your ECOSOC consultative status"))
        if not accreditation.ecosoc_year:
            missing.append(_("the year your ECOSOC consultative status was granted"))
    if accreditation.basis == Basis.SPECIAL:
        if not accreditation.reason_for_participation.strip():
            missing.append(_("the reason for your participation"))
        if DocumentKind.STATUTES not in document_kinds:
            missing.append(_("your statutes or mission statement"))
        if DocumentKind.HEAD_LETTER not in document_kinds:
            missing.append(_("a letter from the head of your organization"))
        if organization.is_registered:
            if DocumentKind.REGISTRATION_CERTIFICATE not in document_kinds:
                missing.append(_("your registration certificate"))
        else:
            if DocumentKind.ALTERNATIVE_PROOF not in document_kinds:
                missing.append(_("an alternative proof of your organization's existence"))
            if not organization.registration_explanation.strip():
                missing.append(_("an explanation of why your organization is not registered (in its profile)"))
    return missing
