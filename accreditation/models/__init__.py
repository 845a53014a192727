from accreditation.models.accreditation import Accreditation
from accreditation.models.delegate import Delegate
from accreditation.models.document import AccreditationDocument
from accreditation.models.ecosoc import EcosocListing
from accreditation.models.focal_point_invitation import FocalPointInvitation
from accreditation.models.organization import Membership, Organization
from accreditation.models.session_registration import SessionRegistration
from accreditation.models.visa_letter import VisaLetter

__all__ = [
    "Accreditation",
    "AccreditationDocument",
    "Delegate",
    "EcosocListing",
    "FocalPointInvitation",
    "Membership",
    "Organization",
    "SessionRegistration",
    "VisaLetter",
]
