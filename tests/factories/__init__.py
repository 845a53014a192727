"""A factory for every model (factory_boy). Realistic defaults; traits for common states.

Import from here: ``from tests.factories import DelegateFactory``.
"""

from tests.factories.delegates import (
    PEOPLE,
    DelegateFactory,
    SessionRegistrationFactory,
    VisaLetterFactory,
    next_free_slot,
    next_sequence,
    nomination_form_data,
    nominee_data,
)
from tests.factories.files import image_bytes, pdf_bytes
from tests.factories.forums import ActiveForumFactory, ForumFactory, SessionFactory
from tests.factories.organizations import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    EcosocListingFactory,
    FocalPointInvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    organization_form_data,
)
from tests.factories.users import PASSWORD, TOTP_SECRET, ActivityLogFactory, StaffUserFactory, UserFactory, totp_code

# Each of our models (by label) with the factory that makes one row of it.
FACTORY_BY_MODEL = {
    "imrf.user": UserFactory,
    "imrf.activitylog": ActivityLogFactory,
    "events.forum": ForumFactory,
    "events.session": SessionFactory,
    "accreditation.organization": OrganizationFactory,
    "accreditation.membership": MembershipFactory,
    "accreditation.accreditation": AccreditationFactory,
    "accreditation.accreditationdocument": AccreditationDocumentFactory,
    "accreditation.ecosoclisting": EcosocListingFactory,
    "accreditation.delegate": DelegateFactory,
    "accreditation.visaletter": VisaLetterFactory,
    "accreditation.sessionregistration": SessionRegistrationFactory,
}

__all__ = [
    "FACTORY_BY_MODEL",
    "PASSWORD",
    "PEOPLE",
    "TOTP_SECRET",
    "AccreditationDocumentFactory",
    "AccreditationFactory",
    "ActiveForumFactory",
    "ActivityLogFactory",
    "DelegateFactory",
    "EcosocListingFactory",
    "FocalPointInvitationFactory",
    "ForumFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "SessionFactory",
    "SessionRegistrationFactory",
    "StaffUserFactory",
    "UserFactory",
    "VisaLetterFactory",
    "image_bytes",
    "next_free_slot",
    "next_sequence",
    "nomination_form_data",
    "nominee_data",
    "organization_form_data",
    "pdf_bytes",
    "totp_code",
]
