"""Names edited in the back office (accreditation.admin.organizations and .delegates): cleaned of
invisible characters as in the portal, and a name that would make a duplicate — ignoring case,
accents, invisible characters and look-alike letters — refused next to the field, never saved
and never a server error (issue 13, finding 8)."""

from datetime import date

import pytest

from accreditation.enums import DelegateStatus
from tests.factories import AccreditationFactory, DelegateFactory, ForumFactory, OrganizationFactory
from tests.helpers import admin_form_data, change_url

# Every change here is typed by an Accreditation officer.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("officer_client")]


def _edit(client, obj, **changes):
    url = change_url(obj)
    return client.post(url, admin_form_data(client.get(url), **changes))


# --- organizations ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Soli\u200bdarity Network", "S\u043elidarity Network", "Solidarity Net\u00adwork"])
def test_renaming_an_organization_to_a_disguised_copy_of_another_in_its_country_is_refused(client, name):
    OrganizationFactory(name="Solidarity Network", country="KE")
    organization = OrganizationFactory(name="Another Network", country="KE")

    response = _edit(client, organization, name=name)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "Another organization of this country is registered under this name: Solidarity Network."
    ]
    organization.refresh_from_db()
    assert (organization.name, organization.name_key) == ("Another Network", "another network")


def test_renaming_an_organization_stores_the_name_without_invisible_characters(client):
    organization = OrganizationFactory(name="Another Network", country="KE")

    response = _edit(client, organization, name="\u202eAnother\u200b Net\u00adwork\u00a0 2", head_name="Grace\u2060")

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.name, organization.name_key, organization.head_name) == (
        "Another Network 2",
        "another network 2",
        "Grace",
    )


def test_an_organization_name_made_only_of_invisible_characters_is_refused_as_missing(client):
    organization = OrganizationFactory(name="Another Network", country="KE")

    response = _edit(client, organization, name="\u200b\u200c\ufeff")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == ["This field is required."]
    organization.refresh_from_db()
    assert organization.name == "Another Network"


# --- representatives -------------------------------------------------------------------------


def _person(forum, **fields):
    return DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True),
        date_of_birth=date(1980, 5, 17),
        **fields,
    )


@pytest.mark.parametrize(
    ("family_name", "given_names"), [("Men\u200bsah", "Kofi"), ("Mensah", "K\u043efi"), ("MENSAH\u00ad", "kofi")]
)
def test_renaming_an_active_representative_into_another_of_the_forum_is_refused(client, family_name, given_names):
    forum = ForumFactory()
    _person(forum, family_name="Mensah", given_names="Kofi")
    delegate = _person(forum, family_name="Boateng", given_names="Kofi")

    response = _edit(client, delegate, family_name=family_name, given_names=given_names)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["family_name"] == [
        "Another active representative of this forum has the same names and date of birth: "
        "a person may represent only one organization."
    ]
    delegate.refresh_from_db()
    assert (delegate.family_name, delegate.name_key) == ("Boateng", "boateng kofi|1980-05-17")


def test_renaming_a_representative_who_is_no_longer_active_into_another_is_allowed(client):
    forum = ForumFactory()
    _person(forum, family_name="Mensah", given_names="Kofi")
    delegate = _person(forum, family_name="Boateng", given_names="Kofi", status=DelegateStatus.WITHDRAWN)

    response = _edit(client, delegate, family_name="Men\u200bsah")

    assert response.status_code == 302
    delegate.refresh_from_db()
    assert (delegate.family_name, delegate.name_key) == ("Mensah", "kofi mensah|1980-05-17")


def test_a_representative_name_made_only_of_invisible_characters_is_refused_as_missing(client):
    delegate = _person(ForumFactory(), family_name="Boateng", given_names="Kofi")

    response = _edit(client, delegate, given_names="\u2060\u200b\u00ad")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["given_names"] == ["This field is required."]
    delegate.refresh_from_db()
    assert delegate.given_names == "Kofi"
