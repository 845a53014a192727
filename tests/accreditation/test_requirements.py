"""What an application still lacks before it can be submitted (accreditation.requirements)."""

import pytest

from accreditation.enums import Basis, DocumentKind, EcosocCategory
from accreditation.requirements import missing_requirements
from tests.factories import AccreditationDocumentFactory, AccreditationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

REASON = "the reason for your participation"
STATUTES = "your statutes or mission statement"
HEAD_LETTER = "a letter from the head of your organization"
CERTIFICATE = "your registration certificate"
ALTERNATIVE_PROOF = "an alternative proof of your organization's existence"
EXPLANATION = "an explanation of why your organization is not registered (in its profile)"
ECOSOC_CATEGORY = "the category of your ECOSOC consultative status"
ECOSOC_YEAR = "the year your ECOSOC consultative status was granted"


def _unregistered(explanation="Associations are banned in our country."):
    return OrganizationFactory(is_registered=False, registration_number="", registration_explanation=explanation)


def _with_documents(accreditation, kinds):
    for kind in kinds:
        AccreditationDocumentFactory(accreditation=accreditation, kind=kind)
    return accreditation


def test_missing_requirements_of_an_empty_special_application_of_a_registered_organization():
    accreditation = AccreditationFactory(draft=True, basis=Basis.SPECIAL, reason_for_participation="")

    assert missing_requirements(accreditation) == [REASON, STATUTES, HEAD_LETTER, CERTIFICATE]


def test_missing_requirements_of_an_empty_special_application_of_an_unregistered_organization():
    accreditation = AccreditationFactory(
        draft=True, basis=Basis.SPECIAL, reason_for_participation="", organization=_unregistered(explanation="")
    )

    assert missing_requirements(accreditation) == [REASON, STATUTES, HEAD_LETTER, ALTERNATIVE_PROOF, EXPLANATION]


def test_missing_requirements_of_a_complete_registered_special_application_is_empty():
    accreditation = _with_documents(
        AccreditationFactory(draft=True),
        [DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.REGISTRATION_CERTIFICATE],
    )

    assert missing_requirements(accreditation) == []


def test_missing_requirements_of_an_unregistered_organization_with_the_alternative_proof_is_empty():
    accreditation = _with_documents(
        AccreditationFactory(draft=True, organization=_unregistered()),
        [DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.ALTERNATIVE_PROOF],
    )

    assert missing_requirements(accreditation) == []


def test_missing_requirements_never_asks_an_unregistered_organization_for_a_registration_certificate():
    accreditation = AccreditationFactory(draft=True, organization=_unregistered())

    assert missing_requirements(accreditation) == [STATUTES, HEAD_LETTER, ALTERNATIVE_PROOF]


def test_missing_requirements_asks_a_registered_organization_for_the_certificate_even_with_another_proof():
    accreditation = _with_documents(
        AccreditationFactory(draft=True),
        [DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.ALTERNATIVE_PROOF],
    )

    assert missing_requirements(accreditation) == [CERTIFICATE]


def test_missing_requirements_treats_a_blank_reason_or_explanation_as_missing():
    accreditation = _with_documents(
        AccreditationFactory(draft=True, reason_for_participation=" \n ", organization=_unregistered(explanation="  ")),
        [DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.ALTERNATIVE_PROOF],
    )

    assert missing_requirements(accreditation) == [REASON, EXPLANATION]


def test_missing_requirements_does_not_count_an_annual_report_as_statutes():
    accreditation = _with_documents(
        AccreditationFactory(draft=True),
        [DocumentKind.ANNUAL_REPORT, DocumentKind.HEAD_LETTER, DocumentKind.REGISTRATION_CERTIFICATE],
    )

    assert missing_requirements(accreditation) == [STATUTES]


@pytest.mark.parametrize(
    ("category", "year", "expected"),
    [
        ("", None, [ECOSOC_CATEGORY, ECOSOC_YEAR]),
        (EcosocCategory.GENERAL, None, [ECOSOC_YEAR]),
        ("", 2012, [ECOSOC_CATEGORY]),
        (EcosocCategory.ROSTER, 2012, []),
    ],
)
def test_missing_requirements_of_ecosoc_are_the_category_and_the_year(category, year, expected):
    accreditation = AccreditationFactory(
        draft=True, basis=Basis.ECOSOC, ecosoc_category=category, ecosoc_year=year, reason_for_participation=""
    )

    assert missing_requirements(accreditation) == expected


@pytest.mark.parametrize("basis", [Basis.GCM, Basis.NHRI])
def test_missing_requirements_of_gcm_and_nhri_are_none(basis):
    accreditation = AccreditationFactory(
        draft=True, basis=basis, reason_for_participation="", organization=_unregistered(explanation="")
    )

    assert missing_requirements(accreditation) == []


def test_missing_requirements_of_ecosoc_ask_for_no_documents():
    accreditation = AccreditationFactory(draft=True, ecosoc=True, organization=_unregistered(explanation=""))

    assert missing_requirements(accreditation) == []


def test_missing_requirements_uses_the_document_kinds_given_instead_of_querying(django_assert_num_queries):
    accreditation = AccreditationFactory(draft=True)
    accreditation = type(accreditation).objects.select_related("organization").get(pk=accreditation.pk)

    with django_assert_num_queries(0):
        missing = missing_requirements(
            accreditation, document_kinds={DocumentKind.STATUTES, DocumentKind.REGISTRATION_CERTIFICATE}
        )

    assert missing == [HEAD_LETTER]


def test_missing_requirements_with_an_empty_set_of_kinds_lists_every_document():
    accreditation = _with_documents(AccreditationFactory(draft=True), [DocumentKind.STATUTES])

    assert missing_requirements(accreditation, document_kinds=set()) == [STATUTES, HEAD_LETTER, CERTIFICATE]
