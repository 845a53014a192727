"""Representatives, their visa letters and their session seats."""

import secrets
from datetime import date, timedelta
from typing import NamedTuple

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from accreditation.enums import (
    DelegateStatus,
    Gender,
    ParticipationModality,
    RegistrationStatus,
    VisaLetterStatus,
    VisaOutcome,
)
from accreditation.models import Delegate, SessionRegistration, VisaLetter
from tests.factories.files import image_bytes
from tests.factories.forums import SessionFactory
from tests.factories.organizations import AccreditationFactory
from tests.factories.users import StaffUserFactory, UserFactory


class Person(NamedTuple):
    family_name: str
    given_names: str
    gender: str
    nationality: str
    place_of_birth: str


# Passport-style names from many scripts and traditions, cycled deterministically.
PEOPLE = [
    Person("Nguyễn", "Thị Ánh", Gender.FEMALE, "VN", "Hà Nội"),
    Person("Żółć", "Łukasz", Gender.MALE, "PL", "Łódź"),
    Person("Okonkwo", "Chiamaka", Gender.FEMALE, "NG", "Enugu"),
    Person("García Márquez", "José Luis", Gender.MALE, "CO", "Medellín"),
    Person("Haddad", "Yara", Gender.FEMALE, "LB", "Beirut"),
    Person("Østergaard", "Søren", Gender.MALE, "DK", "Århus"),
    Person("Mwangi", "Wanjiru", Gender.FEMALE, "KE", "Nyeri"),
    Person("Rahman", "Mohammad Abdur", Gender.MALE, "BD", "Sylhet"),
    Person("Ivanova", "Olena", Gender.FEMALE, "UA", "Kharkiv"),
    Person("Diallo", "Mamadou", Gender.MALE, "SN", "Thiès"),
    Person("Mendoza", "María José", Gender.OTHER, "PH", "Cebu"),
    Person("Tanaka", "Haruto", Gender.UNDISCLOSED, "JP", "Ōsaka"),
]


def next_free_slot(delegate) -> int:
    """The lowest slot of the accreditation that no active representative holds."""
    if delegate.accreditation.pk is None:
        return 1
    taken = set(
        Delegate.objects.filter(
            accreditation=delegate.accreditation, status__in=sorted(DelegateStatus.ACTIVE)
        ).values_list("slot", flat=True)
    )
    return next(number for number in range(1, len(taken) + 2) if number not in taken)


class DelegateFactory(factory.django.DjangoModelFactory):
    """An approved, in-person representative of an accredited organization, in its next free slot.

    Born between 1975 and 1999 (adults at any forum), a distinct date of birth per delegate, so
    two delegates of the factory are never "the same person" unless a test says so.
    """

    class Meta:
        model = Delegate

    class Params:
        person = factory.Sequence(lambda n: PEOPLE[n % len(PEOPLE)])
        nominated = factory.Trait(status=DelegateStatus.NOMINATED, decided_at=None)
        rejected = factory.Trait(status=DelegateStatus.REJECTED, decision_reason="Not a member of the organization.")
        withdrawn = factory.Trait(status=DelegateStatus.WITHDRAWN)
        cancelled = factory.Trait(status=DelegateStatus.CANCELLED)
        virtual = factory.Trait(modality=ParticipationModality.VIRTUAL)
        with_photo = factory.Trait(photo=factory.LazyFunction(lambda: ContentFile(image_bytes(), name="photo.jpg")))
        # A login of their own (they accepted the invitation).
        with_user = factory.Trait(
            user=factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email")),
            invitation_accepted_at=factory.LazyFunction(timezone.now),
        )

    accreditation = factory.SubFactory(AccreditationFactory, accredited=True)
    forum = factory.LazyAttribute(lambda delegate: delegate.accreditation.forum)
    slot = factory.LazyAttribute(next_free_slot)
    status = DelegateStatus.APPROVED
    family_name = factory.SelfAttribute("person.family_name")
    given_names = factory.SelfAttribute("person.given_names")
    date_of_birth = factory.Sequence(lambda n: date(1975, 1, 1) + timedelta(days=n % 9000))
    gender = factory.SelfAttribute("person.gender")
    nationality = factory.SelfAttribute("person.nationality")
    country_of_residence = "KE"
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    phone = "+254 700 000 000"
    job_title = "Policy Officer"
    modality = ParticipationModality.IN_PERSON
    decided_at = factory.LazyFunction(timezone.now)


def next_sequence(letter) -> int:
    """The forum's next letter number (gap-free, as the issuing service numbers them)."""
    if letter.forum.pk is None:
        return 1
    highest = VisaLetter.objects.filter(forum=letter.forum).aggregate(highest=Max("sequence"))["highest"]
    return (highest or 0) + 1


class VisaLetterFactory(factory.django.DjangoModelFactory):
    """A request for a letter; ``issued=True`` gives a numbered, issued letter with its printed
    copy taken from the representative, organization and forum as they are at creation.

    The passport was issued two years ago and is valid well beyond the forum; the stay covers
    the forum, arriving two days before and leaving the day after.
    """

    class Meta:
        model = VisaLetter

    class Params:
        issued = factory.Trait(
            status=VisaLetterStatus.ISSUED,
            sequence=factory.LazyAttribute(next_sequence),
            reference=factory.LazyAttribute(lambda letter: f"{letter.forum.reference_prefix}-{letter.sequence:06d}"),
            verification_token=factory.LazyFunction(lambda: secrets.token_urlsafe(32)),
            issued_at=factory.LazyFunction(timezone.now),
            issued_by=factory.SubFactory(StaffUserFactory),
        )
        declined = factory.Trait(
            status=VisaLetterStatus.DECLINED,
            decided_at=factory.LazyFunction(timezone.now),
            decided_by=factory.SubFactory(StaffUserFactory),
            decision_reason="The passport has expired.",
        )
        revoked = factory.Trait(
            issued=True,
            status=VisaLetterStatus.REVOKED,
            revoked_at=factory.LazyFunction(timezone.now),
            revoked_by=factory.SubFactory(StaffUserFactory),
            revocation_reason="The accreditation was revoked.",
        )
        visa_refused = factory.Trait(
            issued=True, visa_outcome=VisaOutcome.REFUSED, visa_outcome_at=factory.LazyFunction(timezone.now)
        )

    delegate = factory.SubFactory(DelegateFactory)
    forum = factory.LazyAttribute(lambda letter: letter.delegate.forum)
    status = VisaLetterStatus.REQUESTED
    passport_number = factory.Sequence(lambda n: f"C{n:07d}")
    passport_issuing_country = factory.LazyAttribute(lambda letter: letter.delegate.nationality)
    passport_issued_on = factory.LazyAttribute(lambda letter: letter.forum.starts_on - timedelta(days=730))
    passport_expires_on = factory.LazyAttribute(lambda letter: letter.forum.starts_on + timedelta(days=3000))
    place_of_birth = factory.LazyAttribute(
        lambda letter: next(
            (person.place_of_birth for person in PEOPLE if person.nationality == letter.delegate.nationality),
            "Nairobi",
        )
    )
    consulate_country = factory.LazyAttribute(lambda letter: letter.delegate.country_of_residence)
    consulate_city = "Nairobi"
    arrival_on = factory.LazyAttribute(lambda letter: letter.forum.starts_on - timedelta(days=2))
    departure_on = factory.LazyAttribute(lambda letter: letter.forum.ends_on + timedelta(days=1))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A numbered letter carries the copy of what it prints, as the issuing service makes it
        # (and as the constraint visaletter_printed_copy_when_issued requires).
        letter = model_class(*args, **kwargs)
        if letter.status in VisaLetterStatus.NUMBERED and letter.dated_on is None:
            letter.copy_printed_details()
        letter.save()
        return letter


class SessionRegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed seat of a delegate in a session of the delegate's forum."""

    class Meta:
        model = SessionRegistration

    class Params:
        waitlisted = factory.Trait(status=RegistrationStatus.WAITLISTED, position=1)
        cancelled = factory.Trait(status=RegistrationStatus.CANCELLED, cancelled_at=factory.LazyFunction(timezone.now))

    delegate = factory.SubFactory(DelegateFactory)
    session = factory.SubFactory(SessionFactory, forum=factory.SelfAttribute("..delegate.forum"))
    status = RegistrationStatus.CONFIRMED


def nominee_data(**overrides) -> dict:
    """What a nomination service receives about the person: every field, valid."""
    return {
        "family_name": "Wanjiku",
        "given_names": "Amina",
        "date_of_birth": date(1990, 5, 17),
        "gender": "female",
        "nationality": "KE",
        "country_of_residence": "KE",
        "email": "amina@example.org",
        "phone": "+254 700 000 001",
        "job_title": "Coordinator",
        "modality": "in_person",
        "is_head_of_delegation": True,
        "accessibility_needs": "",
        **overrides,
    }


def nomination_form_data(**overrides) -> dict:
    """What a focal point posts to nominate a representative: a valid form, photo included."""
    return {
        "family_name": "Mensah",
        "given_names": "Kofi Atta",
        "date_of_birth": "1980-05-17",
        "nationality": "GH",
        "country_of_residence": "GH",
        "email": "kofi.mensah@example.org",
        "modality": "in_person",
        "privacy_consent": "on",
        "photo": SimpleUploadedFile("kofi.jpg", image_bytes(), content_type="image/jpeg"),
        **overrides,
    }
