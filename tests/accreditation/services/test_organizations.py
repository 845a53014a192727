"""Organizations and their focal points (accreditation.services.organizations)."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from accreditation.errors import AccreditationError
from accreditation.models import Membership, Organization
from accreditation.services.organizations import (
    organization_add_focal_point,
    organization_check_new_focal_point,
    organization_create,
    organization_remove_focal_point,
    organization_update,
)
from imrf.models import ActivityLog
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.helpers import html_lang

pytestmark = pytest.mark.django_db

JOIN_HINT = (
    "To act for it, ask one of its focal points to invite you: they can do so from their portal, "
    "under “Focal points”, with your e-mail address."
)


def _organization_data(**overrides) -> dict:
    data = {
        "name": "Migrant Rights Network",
        "acronym": "MRN",
        "country": "KE",
        "city": "Nairobi",
        "website": "https://mrn.example.org",
        "email": "contact@mrn.example.org",
        "phone": "+254 20 555 0100",
        "stakeholder_type": "ngo",
        "migration_work": "Legal aid for migrant workers.",
        "head_name": "Grace Achieng",
        "head_title": "Executive Director",
        "year_founded": 2004,
        "is_registered": True,
        "registration_number": "REG-2004-1",
        "registration_explanation": "",
    }
    data.update(overrides)
    return data


def _logs(target) -> list[ActivityLog]:
    return list(
        ActivityLog.objects.filter(object_id=str(target.pk), content_type__model=target._meta.model_name).order_by("id")
    )


# --- organization_create -------------------------------------------------------------------


def test_organization_create_makes_the_creator_its_focal_point():
    creator = UserFactory()

    organization = organization_create(data=_organization_data(), actor=creator)

    assert list(Membership.objects.filter(organization=organization).values_list("user", "added_by")) == [
        (creator.pk, creator.pk)
    ]
    assert organization.name == "Migrant Rights Network"
    assert organization.name_key == "migrant rights network"
    assert str(organization.country) == "KE"


def test_organization_create_logs_organization_created_with_the_actor():
    creator = UserFactory()

    organization = organization_create(data=_organization_data(), actor=creator)

    [log] = _logs(organization)
    assert log.action == "organization.created"
    assert log.actor == creator
    assert log.data == {"name": "Migrant Rights Network"}
    assert log.target == organization


@pytest.mark.parametrize(
    "name",
    ["Migrant Rights Network", "MIGRANT RIGHTS NETWORK", "migrant rights network", "Mígrant Rîghts Netwörk"],
)
def test_organization_create_refuses_a_name_taken_in_the_country_ignoring_case_and_accents(name):
    OrganizationFactory(name="Migrant Rights Network", country="KE")
    creator = UserFactory()

    with pytest.raises(AccreditationError) as caught:
        organization_create(data=_organization_data(name=name), actor=creator)

    assert caught.value.field == "name"
    assert caught.value.code == "duplicate"
    assert caught.value.message == f"Migrant Rights Network (Kenya) is already registered. {JOIN_HINT}"
    assert Organization.objects.count() == 1
    assert Membership.objects.filter(user=creator).exists() is False


def test_organization_create_refuses_a_name_that_differs_only_in_punctuation_and_spacing():
    OrganizationFactory(name="Migrant-Rights  Network", country="KE")

    with pytest.raises(AccreditationError) as caught:
        organization_create(data=_organization_data(name="Migrant Rights Network."), actor=UserFactory())

    assert caught.value.code == "duplicate"


def test_organization_create_allows_the_same_name_in_another_country():
    existing = OrganizationFactory(name="Migrant Rights Network", country="KE")

    organization = organization_create(data=_organization_data(country="UG"), actor=UserFactory())

    assert organization.pk != existing.pk
    assert sorted(Organization.objects.values_list("country", flat=True)) == ["KE", "UG"]


@pytest.mark.parametrize(
    "name",
    [
        "Migrant Ri\u200bghts Network",  # zero-width space
        "Mi\u00adgrant Rights Network",  # soft hyphen
        "Migr\u0430nt Rights N\u0435twork",  # Cyrillic а and е
        "Migrant\u202e Rights Net\ufeffwork",  # bidi override, byte order mark
    ],
)
def test_organization_create_refuses_a_name_taken_in_the_country_ignoring_invisible_and_look_alike_letters(name):
    OrganizationFactory(name="Migrant Rights Network", country="KE")

    with pytest.raises(AccreditationError) as caught:
        organization_create(data=_organization_data(name=name), actor=UserFactory())

    assert (caught.value.field, caught.value.code) == ("name", "duplicate")
    assert caught.value.message == f"Migrant Rights Network (Kenya) is already registered. {JOIN_HINT}"
    assert Organization.objects.count() == 1


def test_organization_create_stores_the_names_without_invisible_characters():
    organization = organization_create(
        data=_organization_data(
            name=" Migrant\u200b Rights\u00a0\u00a0Network\u2060", acronym="M\u00adRN", head_name="Grace\u200d Achieng"
        ),
        actor=UserFactory(),
    )

    organization.refresh_from_db()
    assert (organization.name, organization.acronym, organization.head_name) == (
        "Migrant Rights Network",
        "MRN",
        "Grace Achieng",
    )
    assert organization.name_key == "migrant rights network"


@pytest.mark.parametrize("field", ["name", "head_name"])
def test_organization_create_refuses_a_name_made_only_of_invisible_characters_as_missing(field):
    with pytest.raises(AccreditationError) as caught:
        organization_create(data=_organization_data(**{field: "\u200b\u200c\u00ad\ufeff"}), actor=UserFactory())

    assert (caught.value.field, caught.value.code, str(caught.value.message)) == (
        field,
        "required",
        "This field cannot be blank.",
    )
    assert Organization.objects.count() == 0


def test_organization_create_refuses_a_user_who_is_already_a_focal_point():
    membership = MembershipFactory()

    with pytest.raises(AccreditationError) as caught:
        organization_create(data=_organization_data(), actor=membership.user)

    assert caught.value.code == "has_organization"
    assert caught.value.message == "You are already the focal point of an organization."
    assert Organization.objects.count() == 1


def test_organization_create_keeps_the_explanation_of_an_unregistered_organization():
    data = _organization_data(
        is_registered=False, registration_number="", registration_explanation="Associations are banned here."
    )

    organization = organization_create(data=data, actor=UserFactory())

    organization.refresh_from_db()
    assert organization.is_registered is False
    assert organization.registration_explanation == "Associations are banned here."


def test_organization_create_clears_the_explanation_of_a_registered_organization():
    data = _organization_data(is_registered=True, registration_explanation="Left over from an earlier draft.")

    organization = organization_create(data=data, actor=UserFactory())

    organization.refresh_from_db()
    assert organization.registration_explanation == ""


def test_organization_create_ignores_keys_that_are_not_profile_fields():
    organization = organization_create(data=_organization_data(name_key="forged", public_id="x"), actor=UserFactory())

    assert organization.name_key == "migrant rights network"


# --- organization_update -------------------------------------------------------------------


def test_organization_update_saves_and_logs_the_changed_fields():
    organization = OrganizationFactory(city="Nairobi", phone="+254 1")
    actor = UserFactory()

    organization_update(organization=organization, data={"city": "Mombasa", "phone": "+254 1"}, actor=actor)

    organization.refresh_from_db()
    assert organization.city == "Mombasa"
    [log] = _logs(organization)
    assert log.action == "organization.updated"
    assert log.actor == actor
    assert log.data == {"fields": ["city"]}


def test_organization_update_without_change_writes_nothing():
    organization = OrganizationFactory(city="Nairobi")

    organization_update(organization=organization, data={"city": "Nairobi"}, actor=UserFactory())

    assert _logs(organization) == []


def test_organization_update_renaming_keeps_the_normalized_name_in_step():
    organization = OrganizationFactory(name="Old Name")

    organization_update(organization=organization, data={"name": "Réseau Nouveau"}, actor=UserFactory())

    organization.refresh_from_db()
    assert organization.name_key == "reseau nouveau"


def test_organization_update_refuses_a_name_taken_in_the_country():
    OrganizationFactory(name="Migrant Rights Network", country="KE")
    organization = OrganizationFactory(name="Another Network", country="KE")

    with pytest.raises(AccreditationError) as caught:
        organization_update(organization=organization, data={"name": "migrant rights NETWORK"}, actor=UserFactory())

    assert caught.value.field == "name"
    assert caught.value.code == "duplicate"
    organization.refresh_from_db()
    assert organization.name == "Another Network"


def test_organization_update_refuses_a_look_alike_of_a_name_taken_in_the_country():
    OrganizationFactory(name="Migrant Rights Network", country="KE")
    organization = OrganizationFactory(name="Another Network", country="KE")

    with pytest.raises(AccreditationError) as caught:
        organization_update(
            organization=organization, data={"name": "Migrant Rights Netw\u043erk\u200b"}, actor=UserFactory()
        )

    assert (caught.value.field, caught.value.code) == ("name", "duplicate")
    organization.refresh_from_db()
    assert organization.name == "Another Network"


def test_organization_update_stores_the_new_name_without_invisible_characters():
    organization = OrganizationFactory(name="Another Network", country="KE")

    organization_update(organization=organization, data={"name": "Another\u200b Net\u00adwork 2"}, actor=UserFactory())

    organization.refresh_from_db()
    assert (organization.name, organization.name_key) == ("Another Network 2", "another network 2")


def test_organization_update_refuses_moving_to_a_country_where_the_name_is_taken():
    OrganizationFactory(name="Migrant Rights Network", country="UG")
    organization = OrganizationFactory(name="Migrant Rights Network", country="KE")

    with pytest.raises(AccreditationError) as caught:
        organization_update(organization=organization, data={"country": "UG"}, actor=UserFactory())

    assert caught.value.code == "duplicate"
    assert caught.value.message == f"Migrant Rights Network (Uganda) is already registered. {JOIN_HINT}"


def test_organization_update_allows_changing_the_case_of_its_own_name():
    organization = OrganizationFactory(name="Migrant Rights Network", country="KE")

    organization_update(organization=organization, data={"name": "MIGRANT RIGHTS NETWORK"}, actor=UserFactory())

    organization.refresh_from_db()
    assert organization.name == "MIGRANT RIGHTS NETWORK"


def test_organization_update_becoming_registered_clears_the_explanation():
    organization = OrganizationFactory(is_registered=False, registration_explanation="Banned since 2019.")

    organization_update(organization=organization, data={"is_registered": True}, actor=UserFactory())

    organization.refresh_from_db()
    assert organization.registration_explanation == ""
    [log] = _logs(organization)
    assert log.data == {"fields": ["is_registered", "registration_explanation"]}


def test_organization_update_logs_each_changed_field_once_when_an_explanation_is_sent_with_registered():
    # The form posts every field: a registered organization whose focal point also typed an
    # explanation. The explanation is cleared, and the audit entry names each field once.
    organization = OrganizationFactory(is_registered=False, registration_explanation="Banned since 2019.")

    organization_update(
        organization=organization,
        data={"is_registered": True, "registration_explanation": "Registered again in 2024."},
        actor=UserFactory(),
    )

    organization.refresh_from_db()
    assert organization.registration_explanation == ""
    [log] = _logs(organization)
    assert log.data == {"fields": ["is_registered", "registration_explanation"]}


def test_organization_update_of_a_registered_organization_ignoring_a_typed_explanation_writes_nothing():
    # Nothing is saved (the explanation stays empty), so nothing should be logged either.
    organization = OrganizationFactory(is_registered=True, registration_explanation="")

    organization_update(
        organization=organization, data={"is_registered": True, "registration_explanation": "n/a"}, actor=UserFactory()
    )

    organization.refresh_from_db()
    assert organization.registration_explanation == ""
    assert _logs(organization) == []


def test_organization_update_keeps_the_explanation_of_an_unregistered_organization():
    organization = OrganizationFactory(is_registered=False, registration_explanation="Banned since 2019.")

    organization_update(
        organization=organization, data={"registration_explanation": "Banned since 2018."}, actor=UserFactory()
    )

    organization.refresh_from_db()
    assert organization.registration_explanation == "Banned since 2018."


# --- focal points --------------------------------------------------------------------------


def test_organization_add_focal_point_adds_a_verified_user_logs_and_emails_them_and_the_others(
    django_capture_on_commit_callbacks, mailoutbox
):
    organization = OrganizationFactory(name="Migrant Rights Network")
    colleague = MembershipFactory(organization=organization, user__email="colleague@example.org").user
    staff = UserFactory(is_staff=True)
    person = UserFactory(email="amina@example.org", full_name="Amina Yusuf")

    with django_capture_on_commit_callbacks(execute=True):
        membership = organization_add_focal_point(organization=organization, user=person, actor=staff)

    assert membership.organization == organization
    assert membership.user == person
    assert membership.added_by == staff
    [log] = _logs(organization)
    assert log.action == "organization.focal_point_added"
    assert log.actor == staff
    assert log.data == {"user": "amina@example.org"}
    assert sorted((message.subject, message.to[0]) for message in mailoutbox) == [
        ("[IMRF] New focal point of Migrant Rights Network", colleague.email),
        ("[IMRF] You are now a focal point", "amina@example.org"),
    ]
    assert [html_lang(message) for message in mailoutbox] == ["en", "en"]
    [joined] = [message for message in mailoutbox if message.to == [colleague.email]]
    assert "Amina Yusuf (amina@example.org) is now a focal point of Migrant Rights Network" in joined.body
    assert f"{settings.SITE_URL}/portal/organization/focal-points/" in joined.body


def test_organization_add_focal_point_emails_a_french_speaker_in_french(django_capture_on_commit_callbacks, mailoutbox):
    organization = OrganizationFactory()
    actor = MembershipFactory(organization=organization).user
    person = UserFactory(email="claire@example.org", language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        organization_add_focal_point(organization=organization, user=person, actor=actor)

    [message] = [message for message in mailoutbox if message.to == ["claire@example.org"]]
    assert html_lang(message) == "fr"


def test_organization_add_focal_point_refuses_an_unverified_account(django_capture_on_commit_callbacks, mailoutbox):
    organization = OrganizationFactory()
    actor = MembershipFactory(organization=organization).user
    person = UserFactory(email="unconfirmed@example.org", verified=False)

    with pytest.raises(AccreditationError) as caught, django_capture_on_commit_callbacks(execute=True):
        organization_add_focal_point(organization=organization, user=person, actor=actor)

    assert caught.value.field == "email"
    assert caught.value.code == "no_account"
    assert caught.value.message == (
        "No confirmed account uses this e-mail address. Ask the person to register and confirm their e-mail first."
    )
    assert Membership.objects.filter(organization=organization).count() == 1
    assert mailoutbox == []


def test_organization_add_focal_point_refuses_an_account_verified_only_for_another_address():
    organization = OrganizationFactory()
    actor = MembershipFactory(organization=organization).user
    person = UserFactory(email="main@example.org", verified=False)
    EmailAddress.objects.create(user=person, email="other@example.org", verified=True, primary=False)

    with pytest.raises(AccreditationError) as caught:
        organization_add_focal_point(organization=organization, user=person, actor=actor)

    assert caught.value.code == "no_account"


def test_organization_check_new_focal_point_refuses_when_no_account_was_found():
    organization = OrganizationFactory()

    with pytest.raises(AccreditationError) as caught:
        organization_check_new_focal_point(organization=organization, user=None)

    assert caught.value.code == "no_account"


def test_organization_add_focal_point_refuses_a_current_focal_point():
    organization = OrganizationFactory()
    actor = MembershipFactory(organization=organization).user

    with pytest.raises(AccreditationError) as caught:
        organization_add_focal_point(organization=organization, user=actor, actor=actor)

    assert caught.value.field == "email"
    assert caught.value.code == "already_member"


def test_organization_add_focal_point_refuses_the_focal_point_of_another_organization():
    organization = OrganizationFactory()
    actor = MembershipFactory(organization=organization).user
    elsewhere = MembershipFactory()

    with pytest.raises(AccreditationError) as caught:
        organization_add_focal_point(organization=organization, user=elsewhere.user, actor=actor)

    assert caught.value.field == "email"
    assert caught.value.code == "other_org"
    assert list(Membership.objects.filter(user=elsewhere.user)) == [elsewhere]


def test_organization_remove_focal_point_refuses_the_last_one():
    membership = MembershipFactory()

    with pytest.raises(AccreditationError) as caught:
        organization_remove_focal_point(membership=membership, actor=membership.user)

    assert caught.value.code == "last_member"
    assert caught.value.message == "An organization needs at least one focal point."
    assert Membership.objects.filter(pk=membership.pk).exists() is True
    assert _logs(membership.organization) == []


def test_organization_remove_focal_point_removes_one_of_two_and_logs():
    organization = OrganizationFactory()
    staying = MembershipFactory(organization=organization)
    leaving = MembershipFactory(organization=organization, user=UserFactory(email="leaving@example.org"))

    organization_remove_focal_point(membership=leaving, actor=staying.user)

    assert list(Membership.objects.filter(organization=organization)) == [staying]
    [log] = _logs(organization)
    assert log.action == "organization.focal_point_removed"
    assert log.actor == staying.user
    assert log.data == {"user": "leaving@example.org"}


def test_organization_remove_focal_point_then_the_remaining_one_is_the_last():
    organization = OrganizationFactory()
    first = MembershipFactory(organization=organization)
    second = MembershipFactory(organization=organization)
    organization_remove_focal_point(membership=second, actor=first.user)

    with pytest.raises(AccreditationError) as caught:
        organization_remove_focal_point(membership=first, actor=first.user)

    assert caught.value.code == "last_member"


def test_organization_remove_focal_point_twice_says_it_was_already_removed():
    organization = OrganizationFactory()
    staying = MembershipFactory(organization=organization)
    leaving = MembershipFactory(organization=organization)
    organization_remove_focal_point(membership=leaving, actor=staying.user)

    with pytest.raises(AccreditationError) as caught:
        organization_remove_focal_point(membership=leaving, actor=staying.user)

    assert (caught.value.code, caught.value.message) == ("gone", "This focal point has already been removed.")
    assert [log.action for log in _logs(organization)] == ["organization.focal_point_removed"]
