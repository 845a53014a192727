"""Organizations, their focal points, accreditations, documents and the ECOSOC list."""

import secrets
from datetime import timedelta

import factory
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from accreditation.enums import AccreditationStatus, Basis, DocumentKind, EcosocCategory, StakeholderType
from accreditation.models import (
    Accreditation,
    AccreditationDocument,
    EcosocListing,
    FocalPointInvitation,
    Membership,
    Organization,
)
from tests.factories.files import pdf_bytes
from tests.factories.forums import ForumFactory
from tests.factories.users import StaffUserFactory, UserFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A registered NGO in Nairobi; names are unique (the database refuses a duplicate per country)."""

    class Meta:
        model = Organization

    class Params:
        # Cannot register where it works: explains why, and proves existence otherwise.
        unregistered = factory.Trait(
            is_registered=False,
            registration_number="",
            registration_explanation="Associations of migrants may not register under the current law.",
        )

    name = factory.Sequence(lambda n: f"Migrant Rights Network {n}")
    acronym = factory.Sequence(lambda n: f"MRN{n}")
    country = "KE"
    city = "Nairobi"
    website = "https://example.org"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+254 20 555 0100"
    stakeholder_type = StakeholderType.NGO
    migration_work = "Legal aid for migrant workers."
    head_name = "Grace Achieng"
    head_title = "Executive Director"
    year_founded = 2004
    is_registered = True
    registration_number = factory.Sequence(lambda n: f"REG-2004-{n}")
    registration_explanation = ""


class MembershipFactory(factory.django.DjangoModelFactory):
    """A focal point of an organization."""

    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)


class FocalPointInvitationFactory(factory.django.DjangoModelFactory):
    """An invitation to become a focal point, sent just now and pending (its link valid for
    ``INVITATION_MAX_AGE``). Pass ``invited_by`` for the focal point who sent it."""

    class Meta:
        model = FocalPointInvitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(
        lambda invitation: invitation.sent_at + timedelta(seconds=settings.INVITATION_MAX_AGE)
    )


class AccreditationFactory(factory.django.DjangoModelFactory):
    """A submitted special-accreditation application to an inactive forum, by default."""

    class Meta:
        model = Accreditation

    class Params:
        draft = factory.Trait(status=AccreditationStatus.DRAFT, submitted_at=None)
        ecosoc = factory.Trait(basis=Basis.ECOSOC, ecosoc_category=EcosocCategory.SPECIAL, ecosoc_year=2012)
        info_requested = factory.Trait(
            status=AccreditationStatus.INFO_REQUESTED,
            info_request_message="Please upload your statutes.",
            info_requested_at=factory.LazyFunction(timezone.now),
        )
        non_objection = factory.Trait(
            status=AccreditationStatus.NON_OBJECTION,
            circulated_at=factory.LazyFunction(timezone.now),
            non_objection_ends_at=factory.LazyAttribute(
                lambda accreditation: (
                    accreditation.circulated_at + timedelta(days=accreditation.forum.non_objection_days)
                )
            ),
        )
        accredited = factory.Trait(
            status=AccreditationStatus.ACCREDITED,
            decided_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            status=AccreditationStatus.REJECTED,
            decided_at=factory.LazyFunction(timezone.now),
            decided_by=factory.SubFactory(StaffUserFactory),
            decision_reason="The organization's work does not concern migration.",
        )
        revoked = factory.Trait(
            status=AccreditationStatus.REVOKED,
            decided_at=factory.LazyFunction(timezone.now),
            decided_by=factory.SubFactory(StaffUserFactory),
            decision_reason="Accreditation revoked.",
        )

    organization = factory.SubFactory(OrganizationFactory)
    forum = factory.SubFactory(ForumFactory)
    basis = Basis.SPECIAL
    status = AccreditationStatus.SUBMITTED
    reason_for_participation = "To bring the experience of migrant workers to the review."
    submitted_at = factory.LazyFunction(timezone.now)


class AccreditationDocumentFactory(factory.django.DjangoModelFactory):
    """The organization's statutes, a tiny valid PDF in private storage."""

    class Meta:
        model = AccreditationDocument

    accreditation = factory.SubFactory(AccreditationFactory)
    kind = DocumentKind.STATUTES
    content_type = "application/pdf"
    original_name = "statutes.pdf"
    file = factory.LazyAttribute(lambda document: ContentFile(pdf_bytes(), name=document.original_name))
    size = factory.LazyAttribute(lambda document: document.file.size)


class EcosocListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EcosocListing

    name = factory.Sequence(lambda n: f"Listed Organization {n}")
    country = "CH"
    category = EcosocCategory.SPECIAL
    year = 2010


def organization_form_data(**overrides) -> dict:
    """What a new focal point posts to register their organization: a valid form."""
    return {
        "name": "Solidarity Network",
        "acronym": "SN",
        "stakeholder_type": StakeholderType.NGO,
        "country": "KE",
        "city": "Mombasa",
        "website": "https://example.org",
        "email": "office@example.org",
        "phone": "+254 700 000 001",
        "migration_work": "Shelter and legal aid.",
        "head_name": "Zawadi Otieno",
        "head_title": "Director",
        "year_founded": "1999",
        "is_registered": "on",
        "registration_number": "REG-1",
        "registration_explanation": "",
        **overrides,
    }
