"""The portal's model forms parse input for a service: their fields are the model's declared data
shapes."""

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

SHAPES = [
    (OrganizationForm, Organization.PROFILE_FIELDS, OrganizationProfileData),
    (ApplicationForm, Accreditation.APPLICATION_FIELDS, ApplicationData),
    (NominationForm, Delegate.NOMINEE_FIELDS, NomineeData),
    (VisaLetterRequestForm, VisaLetter.REQUEST_FIELDS, VisaLetterRequestData),
]


@pytest.mark.parametrize(
    ("form_class", "fields", "typed_dict"), SHAPES, ids=lambda value: getattr(value, "__name__", "")
)
def test_form_and_service_data_have_the_fields_the_model_declares(form_class, fields, typed_dict):
    assert form_class._meta.fields == fields
    assert list(typed_dict.__annotations__) == list(fields)
