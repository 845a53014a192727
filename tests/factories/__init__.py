"""A factory for every model (factory_boy). Realistic defaults; traits for common states."""

import io
import secrets
from datetime import date, datetime, time, timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from accreditation.enums import (
    AccreditationStatus,
    Basis,
    DelegateStatus,
    DocumentKind,
    EcosocCategory,
    ParticipationModality,
    RegistrationStatus,
    StakeholderType,
    VisaLetterStatus,
)
from accreditation.models import (
    Accreditation,
    AccreditationDocument,
    Delegate,
    EcosocListing,
    Membership,
    Organization,
    SessionRegistration,
    VisaLetter,
)
from events.enums import Modality, SessionKind
from events.models import Forum, Session
from imrf.models import ActivityLog, User

PASSWORD = "correct-horse-battery"


def pdf_bytes() -> bytes:
    """A minimal valid one-page PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def image_bytes(*, size: tuple[int, int] = (400, 400), fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 140)).save(buffer, format=fmt)
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a confirmed e-mail address unless ``verified=False``."""
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        """``StaffUserFactory(group="Visa officers")`` puts the user in that staff group."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def _at(day: date, hour: int, tz) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz)


class ForumFactory(factory.django.DjangoModelFactory):
    """An inactive forum about four months ahead, with every deadline still open."""

    class Meta:
        model = Forum

    name = factory.Sequence(lambda n: f"International Migration Review Forum {2030 + n}")
    short_name = factory.Sequence(lambda n: f"IMRF{2030 + n}")
    slug = factory.Sequence(lambda n: f"imrf-{2030 + n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))
    ends_on = factory.LazyAttribute(lambda forum: forum.starts_on + timedelta(days=3))
    venue = "United Nations Headquarters"
    city = "New York"
    country = "US"
    time_zone = "America/New_York"
    delegate_cap = 3
    minimum_age = 18
    applications_close_at = factory.LazyAttribute(lambda forum: timezone.now() + timedelta(days=30))
    nominations_close_at = factory.LazyAttribute(lambda forum: timezone.now() + timedelta(days=60))
    visa_requests_close_at = factory.LazyAttribute(lambda forum: timezone.now() + timedelta(days=75))
    non_objection_days = 10
    retention_days = 90
    signatory_name = "Ana López Ortega"
    signatory_title = "Chief, Civil Society Liaison"
    is_active = False


class ActiveForumFactory(ForumFactory):
    """The forum the portals work on (at most one may exist)."""

    is_active = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    forum = factory.SubFactory(ForumFactory)
    kind = SessionKind.ROUND_TABLE
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda session: f"Round table {session.number}")
    description = "Interactive multi-stakeholder round table."
    gcm_objectives = factory.LazyFunction(lambda: [2, 5, 6, 12, 18])
    starts_at = factory.LazyAttribute(lambda session: _at(session.forum.starts_on, 10, session.forum.tzinfo))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=3))
    room = "Conference Room 4"
    modality = Modality.IN_PERSON
    stakeholder_seats = 40
    reserved_seats = 0


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

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
    registration_number = "REG-2004-1"
    registration_explanation = ""


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)


class AccreditationFactory(factory.django.DjangoModelFactory):
    """A submitted special-accreditation application to an inactive forum, by default."""

    class Meta:
        model = Accreditation

    organization = factory.SubFactory(OrganizationFactory)
    forum = factory.SubFactory(ForumFactory)
    basis = Basis.SPECIAL
    status = AccreditationStatus.SUBMITTED
    reason_for_participation = "To bring the experience of migrant workers to the review."
    submitted_at = factory.LazyFunction(timezone.now)

    class Params:
        accredited = factory.Trait(status=AccreditationStatus.ACCREDITED, decided_at=factory.LazyFunction(timezone.now))
        draft = factory.Trait(status=AccreditationStatus.DRAFT, submitted_at=None)
        ecosoc = factory.Trait(basis=Basis.ECOSOC, ecosoc_category=EcosocCategory.SPECIAL, ecosoc_year=2012)


class AccreditationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationDocument

    accreditation = factory.SubFactory(AccreditationFactory)
    kind = DocumentKind.STATUTES
    content_type = "application/pdf"
    original_name = "statutes.pdf"
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="statutes.pdf"))
    size = factory.LazyAttribute(lambda document: document.file.size)


class EcosocListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EcosocListing

    name = factory.Sequence(lambda n: f"Listed Organization {n}")
    country = "CH"
    category = EcosocCategory.SPECIAL
    year = 2010


def _next_slot(delegate) -> int:
    taken = set(
        Delegate.objects.filter(accreditation=delegate.accreditation, status__in=DelegateStatus.ACTIVE).values_list(
            "slot", flat=True
        )
    )
    return min(number for number in range(1, 1000) if number not in taken)


class DelegateFactory(factory.django.DjangoModelFactory):
    """An approved, in-person representative of an accredited organization."""

    class Meta:
        model = Delegate

    accreditation = factory.SubFactory(AccreditationFactory, accredited=True)
    forum = factory.LazyAttribute(lambda delegate: delegate.accreditation.forum)
    slot = factory.LazyAttribute(_next_slot)
    status = DelegateStatus.APPROVED
    family_name = factory.Sequence(lambda n: f"Nguyễn{n}")
    given_names = "Thị Ánh"
    date_of_birth = date(1988, 3, 14)
    gender = "female"
    nationality = "VN"
    country_of_residence = "KE"
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    job_title = "Policy Officer"
    modality = ParticipationModality.IN_PERSON

    class Params:
        nominated = factory.Trait(status=DelegateStatus.NOMINATED)
        with_photo = factory.Trait(photo=factory.LazyFunction(lambda: ContentFile(image_bytes(), name="photo.jpg")))


class VisaLetterFactory(factory.django.DjangoModelFactory):
    """A request for a letter; ``issued=True`` gives a numbered, issued letter."""

    class Meta:
        model = VisaLetter

    delegate = factory.SubFactory(DelegateFactory)
    forum = factory.LazyAttribute(lambda letter: letter.delegate.forum)
    status = VisaLetterStatus.REQUESTED
    passport_number = factory.Sequence(lambda n: f"C{n:07d}")
    passport_issuing_country = "VN"
    passport_issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=700))
    passport_expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3000))
    place_of_birth = "Hà Nội"
    consulate_country = "KE"
    consulate_city = "Nairobi"
    arrival_on = factory.LazyAttribute(lambda letter: letter.forum.starts_on - timedelta(days=2))
    departure_on = factory.LazyAttribute(lambda letter: letter.forum.ends_on + timedelta(days=1))

    class Params:
        issued = factory.Trait(
            status=VisaLetterStatus.ISSUED,
            sequence=factory.Sequence(lambda n: n + 1),
            reference=factory.LazyAttribute(lambda letter: f"{letter.forum.reference_prefix}-{letter.sequence:06d}"),
            verification_token=factory.LazyFunction(lambda: secrets.token_urlsafe(32)),
            issued_at=factory.LazyFunction(timezone.now),
        )


class SessionRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRegistration

    delegate = factory.SubFactory(DelegateFactory)
    session = factory.LazyAttribute(lambda registration: SessionFactory(forum=registration.delegate.forum))
    status = RegistrationStatus.CONFIRMED


class ActivityLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityLog

    action = "organization.updated"
    actor = factory.SubFactory(UserFactory)
    target_repr = "Migrant Rights Network"
    data = factory.LazyFunction(lambda: {"fields": ["name"]})
