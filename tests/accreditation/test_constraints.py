"""The database itself refuses what the rules forbid: the backstop behind every service check.

Each refused write runs inside ``transaction.atomic()`` so the test's transaction survives the
IntegrityError; each allowed write is the same shape with the one difference that makes it legal.
"""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from accreditation.enums import DelegateStatus, RegistrationStatus, VisaLetterStatus
from accreditation.models import Delegate, EcosocListing, Organization, SessionRegistration, VisaLetter
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    EcosocListingFactory,
    ForumFactory,
    MembershipFactory,
    OrganizationFactory,
    SessionFactory,
    SessionRegistrationFactory,
    VisaLetterFactory,
)

pytestmark = pytest.mark.django_db

INACTIVE_DELEGATE_STATUSES = sorted(set(DelegateStatus) - DelegateStatus.ACTIVE)


# --- Delegate: one active representative per slot -----------------------------------------


@pytest.mark.parametrize("second_status", sorted(DelegateStatus.ACTIVE))
def test_delegate_second_active_in_the_same_slot_is_refused(second_status):
    accreditation = AccreditationFactory(accredited=True)
    DelegateFactory(accreditation=accreditation, slot=1, status=DelegateStatus.APPROVED)

    with pytest.raises(IntegrityError), transaction.atomic():
        DelegateFactory(accreditation=accreditation, slot=1, status=second_status)

    assert Delegate.objects.filter(accreditation=accreditation).count() == 1


@pytest.mark.parametrize("ended_status", INACTIVE_DELEGATE_STATUSES)
def test_delegate_ended_nomination_frees_its_slot(ended_status):
    accreditation = AccreditationFactory(accredited=True)
    ended = DelegateFactory(accreditation=accreditation, slot=1, status=ended_status)

    replacement = DelegateFactory(accreditation=accreditation, slot=1, nominated=True)

    assert list(Delegate.objects.filter(accreditation=accreditation, slot=1).order_by("pk")) == [ended, replacement]


def test_delegate_same_slot_in_two_accreditations_is_allowed():
    forum = ForumFactory()
    first = DelegateFactory(accreditation=AccreditationFactory(forum=forum, accredited=True), slot=1)

    second = DelegateFactory(accreditation=AccreditationFactory(forum=forum, accredited=True), slot=1)

    assert (first.slot, second.slot) == (1, 1)


def test_delegate_slot_zero_is_refused():
    accreditation = AccreditationFactory(accredited=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        DelegateFactory(accreditation=accreditation, slot=0)

    assert Delegate.objects.count() == 0


# --- Delegate: one organization per person per forum --------------------------------------


def test_delegate_same_person_active_for_two_organizations_of_one_forum_is_refused():
    forum = ForumFactory()
    DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True),
        family_name="Nguyễn",
        given_names="Thị Ánh",
        date_of_birth=date(1988, 3, 14),
    )
    other_organization = AccreditationFactory(forum=forum, accredited=True)

    # Same person: case, accents, spacing and the order of family and given names differ.
    with pytest.raises(IntegrityError), transaction.atomic():
        DelegateFactory(
            accreditation=other_organization,
            family_name="THI  ANH",
            given_names="nguyen",
            date_of_birth=date(1988, 3, 14),
        )

    assert Delegate.objects.filter(forum=forum).count() == 1


def test_delegate_same_person_in_two_forums_is_allowed():
    first = DelegateFactory(family_name="Żółć", given_names="Łukasz", date_of_birth=date(1990, 7, 1))

    second = DelegateFactory(family_name="Zolc", given_names="Lukasz", date_of_birth=date(1990, 7, 1))

    assert first.forum != second.forum
    assert first.name_key == second.name_key == "lukasz zolc|1990-07-01"


def test_delegate_same_names_with_another_date_of_birth_is_allowed_in_one_forum():
    forum = ForumFactory()
    first = DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True),
        family_name="Diallo",
        given_names="Mamadou",
        date_of_birth=date(1985, 1, 1),
    )

    second = DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True),
        family_name="Diallo",
        given_names="Mamadou",
        date_of_birth=date(1985, 1, 2),
    )

    assert (first.forum, second.forum) == (forum, forum)


@pytest.mark.parametrize("ended_status", INACTIVE_DELEGATE_STATUSES)
def test_delegate_same_person_after_an_ended_nomination_is_allowed_in_one_forum(ended_status):
    forum = ForumFactory()
    person = {"family_name": "Haddad", "given_names": "Yara", "date_of_birth": date(1992, 5, 20)}
    DelegateFactory(accreditation=AccreditationFactory(forum=forum, accredited=True), status=ended_status, **person)

    renominated = DelegateFactory(accreditation=AccreditationFactory(forum=forum, accredited=True), **person)

    assert Delegate.objects.filter(forum=forum, name_key=renominated.name_key).count() == 2


# --- Visa letters ---------------------------------------------------------------------------


@pytest.mark.parametrize("first_traits", [{}, {"issued": True}], ids=["requested", "issued"])
def test_visa_letter_second_open_letter_of_a_delegate_is_refused(first_traits):
    first = VisaLetterFactory(**first_traits)

    with pytest.raises(IntegrityError), transaction.atomic():
        VisaLetterFactory(delegate=first.delegate)

    assert VisaLetter.objects.filter(delegate=first.delegate).count() == 1


@pytest.mark.parametrize("trait", ["declined", "revoked"])
def test_visa_letter_final_letter_does_not_block_a_new_request(trait):
    final = VisaLetterFactory(**{trait: True})

    request = VisaLetterFactory(delegate=final.delegate)

    assert list(VisaLetter.objects.filter(delegate=final.delegate).order_by("pk")) == [final, request]
    assert request.status == VisaLetterStatus.REQUESTED


def test_visa_letter_duplicate_sequence_in_one_forum_is_refused():
    first = VisaLetterFactory(issued=True)
    other_delegate = DelegateFactory(accreditation=AccreditationFactory(forum=first.forum, accredited=True))

    with pytest.raises(IntegrityError), transaction.atomic():
        VisaLetterFactory(delegate=other_delegate, issued=True, sequence=first.sequence, reference="IMRF-OTHER-1")

    assert VisaLetter.objects.filter(forum=first.forum).count() == 1


def test_visa_letter_same_sequence_in_two_forums_is_allowed():
    first = VisaLetterFactory(issued=True)

    second = VisaLetterFactory(issued=True)

    assert first.forum != second.forum
    assert (first.sequence, second.sequence) == (1, 1)
    assert second.reference == f"{second.forum.reference_prefix}-000001"


@pytest.mark.parametrize("status", sorted(VisaLetterStatus.NUMBERED))
@pytest.mark.parametrize("missing", ["sequence", "reference", "verification_token"])
def test_visa_letter_numbered_without_its_number_is_refused(status, missing):
    delegate = DelegateFactory()
    number = {"sequence": 7, "reference": "IMRF2030-000007", "verification_token": "token-7"}
    number[missing] = None

    with pytest.raises(IntegrityError), transaction.atomic():
        VisaLetterFactory(delegate=delegate, status=status, **number)

    assert VisaLetter.objects.filter(delegate=delegate).count() == 0


def test_visa_letter_requested_without_a_number_is_allowed():
    letter = VisaLetterFactory()

    assert (letter.status, letter.sequence, letter.reference, letter.verification_token) == (
        VisaLetterStatus.REQUESTED,
        None,
        None,
        None,
    )


@pytest.mark.parametrize("field", ["reference", "verification_token"])
def test_visa_letter_duplicate_reference_or_token_is_refused(field):
    first = VisaLetterFactory(issued=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        VisaLetterFactory(issued=True, **{field: getattr(first, field)})

    assert VisaLetter.objects.count() == 1


def test_visa_letter_departure_before_arrival_is_refused():
    delegate = DelegateFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        VisaLetterFactory(delegate=delegate, arrival_on=date(2027, 5, 4), departure_on=date(2027, 5, 3))

    assert VisaLetter.objects.count() == 0


# --- Organizations, focal points, the ECOSOC list, accreditations --------------------------


def test_organization_same_name_in_one_country_is_refused_whatever_case_spacing_and_accents():
    OrganizationFactory(name="Migrant Voices", country="KE")

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(name="MIGRANT  voïces", country="KE")

    assert list(Organization.objects.values_list("name", flat=True)) == ["Migrant Voices"]


def test_organization_same_name_in_another_country_is_allowed():
    OrganizationFactory(name="Migrant Voices", country="KE")

    OrganizationFactory(name="Migrant Voices", country="UG")

    assert sorted(Organization.objects.values_list("country", flat=True)) == ["KE", "UG"]


def test_membership_same_user_twice_in_one_organization_is_refused():
    membership = MembershipFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organization=membership.organization, user=membership.user)

    assert membership.organization.memberships.count() == 1


def test_ecosoc_listing_same_name_in_one_country_is_refused_whatever_case():
    EcosocListingFactory(name="Caritas Internationalis", country="VA")

    with pytest.raises(IntegrityError), transaction.atomic():
        EcosocListingFactory(name="CARITAS internationalis", country="VA")

    assert list(EcosocListing.objects.values_list("name", flat=True)) == ["Caritas Internationalis"]


def test_accreditation_second_for_the_same_organization_and_forum_is_refused():
    accreditation = AccreditationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        AccreditationFactory(organization=accreditation.organization, forum=accreditation.forum, draft=True)

    assert accreditation.organization.accreditations.count() == 1


def test_accreditation_same_organization_for_another_forum_is_allowed():
    first = AccreditationFactory()

    second = AccreditationFactory(organization=first.organization)

    assert first.organization.accreditations.count() == 2
    assert first.forum != second.forum


# --- Session registrations ----------------------------------------------------------------


@pytest.mark.parametrize("second_status", sorted(RegistrationStatus.ACTIVE))
def test_session_registration_second_active_of_a_delegate_in_a_session_is_refused(second_status):
    registration = SessionRegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionRegistrationFactory(delegate=registration.delegate, session=registration.session, status=second_status)

    assert SessionRegistration.objects.filter(session=registration.session).count() == 1


def test_session_registration_cancelled_one_does_not_block_registering_again():
    cancelled = SessionRegistrationFactory(cancelled=True)

    again = SessionRegistrationFactory(delegate=cancelled.delegate, session=cancelled.session)

    assert list(SessionRegistration.objects.filter(session=cancelled.session).order_by("pk")) == [cancelled, again]
    assert again.status == RegistrationStatus.CONFIRMED


def test_session_registration_same_delegate_in_two_sessions_is_allowed():
    first = SessionRegistrationFactory()

    second = SessionRegistrationFactory(delegate=first.delegate, session=SessionFactory(forum=first.delegate.forum))

    assert first.delegate.registrations.count() == 2
    assert first.session != second.session
