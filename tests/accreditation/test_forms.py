"""The portal's model forms parse input for a service: their fields are the model's declared data
shapes; the nomination and letter forms leave building the instance to the service."""

import pytest

from accreditation.forms import (
    ApplicationForm,
    NominationForm,
    OrganizationForm,
    VisaLetterRequestForm,
)
from accreditation.models import Accreditation, Delegate, Organization, VisaLetter
from accreditation.services.applications import ApplicationData
from accreditation.services.letters import VisaLetterRequestData
from accreditation.services.nominations import NomineeData
from accreditation.services.organizations import OrganizationProfileData
from tests.factories import ActiveForumFactory, nomination_form_data

pytestmark = pytest.mark.django_db

SHAPES = [
    (OrganizationForm, Organization.PROFILE_FIELDS, OrganizationProfileData),
    (ApplicationForm, Accreditation.APPLICATION_FIELDS, ApplicationData),
    (NominationForm, Delegate.NOMINEE_FIELDS, NomineeData),
    (VisaLetterRequestForm, VisaLetter.REQUEST_FIELDS, VisaLetterRequestData),
]


@pytest.mark.parametrize(("form_class", "fields", "typed_dict"), SHAPES, ids=[shape[0].__name__ for shape in SHAPES])
def test_form_and_service_data_have_the_fields_the_model_declares(form_class, fields, typed_dict):
    assert form_class._meta.fields == fields
    assert list(typed_dict.__annotations__) == list(fields)


def _organization_form(**overrides) -> dict:
    return {
        "name": "Solidarity Network",
        "stakeholder_type": "ngo",
        "country": "KE",
        "city": "Mombasa",
        "email": "office@example.org",
        "migration_work": "Shelter and legal aid.",
        "head_name": "Zawadi Otieno",
        "head_title": "Director",
        "is_registered": "on",
        **overrides,
    }


def test_organization_form_still_applies_the_model_validators():
    form = OrganizationForm(_organization_form(year_founded="1700"))

    assert not form.is_valid()
    assert form.errors["year_founded"] == ["Ensure this value is greater than or equal to 1800."]


def test_nomination_form_builds_no_delegate():
    data = nomination_form_data()
    photo = data.pop("photo")

    form = NominationForm(data, {"photo": photo}, forum=ActiveForumFactory())

    assert form.is_valid(), form.errors
    assert form.instance.family_name == ""
