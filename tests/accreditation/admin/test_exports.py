"""Exports from the back office: the changelists' CSV/XLSX exports (django-import-export) and
the non-objection list circulated to Member States (PDF and CSV admin actions).

What leaves the system is checked cell by cell: the changelist's filters apply, the columns
are exactly the expected ones, confidential data (objection notes, passport numbers, contact
details) never leaves through the wrong door.
"""

import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from import_export.mixins import BaseExportMixin
from pypdf import PdfReader

from accreditation.enums import AccreditationStatus, DelegateStatus, StakeholderType
from accreditation.resources import (
    AccreditationResource,
    DelegateResource,
    EcosocListingResource,
    OrganizationResource,
    VisaLetterResource,
    VisaLetterWithPassportResource,
)
from imrf.models import ActivityLog
from imrf.spreadsheets import FormulaSafeFormat
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    EcosocListingFactory,
    ForumFactory,
    OrganizationFactory,
    SessionRegistrationFactory,
    VisaLetterFactory,
)
from tests.helpers import FORMULA_CELLS, FORMULA_IDS, leveled_messages_of, sign_in_staff

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"
FORMATS = [CSV_FORMAT, XLSX_FORMAT]

ORGANIZATION_COLUMNS = [
    "public_id",
    "name",
    "acronym",
    "country",
    "city",
    "website",
    "email",
    "phone",
    "stakeholder_type",
    "year_founded",
    "is_registered",
    "registration_number",
    "created_at",
]
ACCREDITATION_COLUMNS = [
    "public_id",
    "organization",
    "country",
    "forum",
    "basis",
    "ecosoc_category",
    "ecosoc_year",
    "status",
    "submitted_at",
    "decided_at",
    "circulated_at",
    "non_objection_ends_at",
]
DELEGATE_COLUMNS = [
    "public_id",
    "organization",
    "slot",
    "status",
    "family_name",
    "given_names",
    "date_of_birth",
    "gender",
    "nationality",
    "country_of_residence",
    "email",
    "job_title",
    "modality",
    "is_head_of_delegation",
    "nominated_at",
    "decided_at",
    "badge_collected_at",
]
LETTER_COLUMNS = [
    "reference",
    "status",
    "family_name",
    "given_names",
    "nationality",
    "organization",
    "passport_number",
    "passport_expires_on",
    "consulate_country",
    "consulate_city",
    "arrival_on",
    "departure_on",
    "requested_at",
    "issued_at",
    "visa_outcome",
]
NON_OBJECTION_CSV_COLUMNS = [
    "organization",
    "country",
    "website",
    "stakeholder_type",
    "circulated_at",
    "non_objection_ends_at",
]


def _export(client, model: str, resource_class, file_format: str, query: str = "", resource: str = "0"):
    """POST the export form as the admin renders it: every column of the resource ticked."""
    prefix = resource_class.__name__.lower()
    data = {"format": file_format, "resource": resource}
    data.update({f"{prefix}_{name}": "on" for name in resource_class().get_export_order()})
    url = reverse(f"admin:accreditation_{model}_export") + (f"?{query}" if query else "")
    return client.post(url, data)


def _rows(response, file_format: str) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    if file_format == CSV_FORMAT:
        assert response["Content-Type"].startswith("text/csv")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [["" if cell is None else str(cell) for cell in row] for row in workbook.active.iter_rows(values_only=True)]


def _column(rows: list[list[str]], name: str) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


# --- changelist exports ------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_organization_export_follows_the_filter_and_has_the_expected_columns(officer_client, file_format):
    youth = OrganizationFactory.create_batch(2, stakeholder_type=StakeholderType.YOUTH)
    OrganizationFactory(stakeholder_type=StakeholderType.NGO)

    response = _export(
        officer_client, "organization", OrganizationResource, file_format, "stakeholder_type__exact=youth"
    )

    rows = _rows(response, file_format)
    assert rows[0] == ORGANIZATION_COLUMNS
    assert sorted(_column(rows, "name")) == sorted(o.name for o in youth)
    assert set(_column(rows, "stakeholder_type")) == {"Youth organization"}
    assert set(_column(rows, "country")) == {"KE"}


@pytest.mark.parametrize("file_format", FORMATS)
def test_accreditation_export_follows_the_filter_and_has_the_expected_columns(officer_client, file_format):
    accredited = AccreditationFactory.create_batch(2, accredited=True)
    AccreditationFactory()
    AccreditationFactory(non_objection=True)

    response = _export(officer_client, "accreditation", AccreditationResource, file_format, "status__exact=accredited")

    rows = _rows(response, file_format)
    assert rows[0] == ACCREDITATION_COLUMNS
    assert sorted(_column(rows, "public_id")) == sorted(str(a.public_id) for a in accredited)
    assert set(_column(rows, "status")) == {AccreditationStatus.ACCREDITED}
    assert sorted(_column(rows, "organization")) == sorted(a.organization.name for a in accredited)


def test_accreditation_export_without_a_filter_exports_every_row(officer_client):
    everything = [AccreditationFactory(), AccreditationFactory(accredited=True), AccreditationFactory(draft=True)]

    rows = _rows(_export(officer_client, "accreditation", AccreditationResource, CSV_FORMAT), CSV_FORMAT)

    assert sorted(_column(rows, "public_id")) == sorted(str(a.public_id) for a in everything)


@pytest.mark.parametrize("file_format", FORMATS)
def test_accreditation_export_follows_a_search(officer_client, file_format):
    wanted = AccreditationFactory(organization=OrganizationFactory(name="Zanzibar Migrant Voices"))
    AccreditationFactory()

    rows = _rows(
        _export(officer_client, "accreditation", AccreditationResource, file_format, "q=Zanzibar"), file_format
    )

    assert _column(rows, "public_id") == [str(wanted.public_id)]


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("group", ["Accreditation officers", "Viewers"])
def test_accreditation_export_never_contains_objection_notes(client, group, file_format):
    sign_in_staff(client, group)
    AccreditationFactory(non_objection=True, objection_note="Ruritania objects: confidential.")
    AccreditationFactory(status=AccreditationStatus.OBJECTED, objection_note="Borduria objects: confidential.")

    response = _export(client, "accreditation", AccreditationResource, file_format)

    rows = _rows(response, file_format)
    assert len(rows) == 3
    flat = " ".join(" ".join(row) for row in rows)
    assert "Ruritania" not in flat
    assert "Borduria" not in flat
    assert "objection_note" not in rows[0]


@pytest.mark.parametrize("file_format", FORMATS)
def test_delegate_export_follows_the_filter_and_has_the_expected_columns(officer_client, file_format):
    nominated = DelegateFactory.create_batch(2, nominated=True)
    DelegateFactory()

    response = _export(officer_client, "delegate", DelegateResource, file_format, "status__exact=nominated")

    rows = _rows(response, file_format)
    assert rows[0] == DELEGATE_COLUMNS
    assert sorted(_column(rows, "public_id")) == sorted(str(d.public_id) for d in nominated)
    assert set(_column(rows, "status")) == {DelegateStatus.NOMINATED}
    assert sorted(_column(rows, "family_name")) == sorted(d.family_name for d in nominated)


@pytest.mark.parametrize("file_format", FORMATS)
def test_letter_export_follows_the_filter_and_masks_passport_numbers(client, file_format):
    sign_in_staff(client, "Visa officers")
    issued = [VisaLetterFactory(issued=True, passport_number=f"P{n}1234567") for n in range(2)]
    VisaLetterFactory(passport_number="R99887766")

    response = _export(client, "visaletter", VisaLetterResource, file_format, "status__exact=issued")

    rows = _rows(response, file_format)
    assert rows[0] == LETTER_COLUMNS
    assert sorted(_column(rows, "reference")) == sorted(letter.reference for letter in issued)
    assert _column(rows, "passport_number") == ["•••••4567", "•••••4567"]
    flat = " ".join(" ".join(row) for row in rows)
    assert "1234567" not in flat
    assert "R99887766" not in flat
    assert not ActivityLog.objects.filter(action="visa_letter.exported_with_passport_numbers").exists()


@pytest.mark.parametrize("file_format", FORMATS)
def test_full_passport_export_for_visa_officers_is_logged(client, file_format):
    officer = sign_in_staff(client, "Visa officers")
    issued = [VisaLetterFactory(issued=True, passport_number=f"P{n}1234567") for n in range(2)]
    VisaLetterFactory(passport_number="R99887766")

    response = _export(
        client, "visaletter", VisaLetterWithPassportResource, file_format, "status__exact=issued", resource="1"
    )

    rows = _rows(response, file_format)
    assert rows[0] == LETTER_COLUMNS
    by_reference = dict(zip(_column(rows, "reference"), _column(rows, "passport_number"), strict=True))
    assert by_reference == {letter.reference: letter.passport_number for letter in issued}
    logs = list(ActivityLog.objects.filter(action="visa_letter.exported_with_passport_numbers"))
    assert [(log.actor, log.data) for log in logs] == [(officer, {"count": 2})]
    assert "P01234567" not in str(logs[0].data)


def test_export_page_for_a_viewer_offers_only_the_masked_letters(client):
    sign_in_staff(client, "Viewers")
    VisaLetterFactory(issued=True, passport_number="P01234567")

    response = _export(client, "visaletter", VisaLetterResource, CSV_FORMAT)

    rows = _rows(response, CSV_FORMAT)
    assert _column(rows, "passport_number") == ["•••••4567"]


# --- the non-objection list ------------------------------------------------------------------


@pytest.fixture
def non_objection_list():
    """Three circulated applications of one forum (names with diacritics), plus two that are not
    on the list; every organization has contact details that must not leave."""
    forum = ForumFactory(name="International Migration Review Forum 2030")
    circulated_at = timezone.now() - timedelta(days=2)

    def circulated(name: str, country: str, **organization):
        return AccreditationFactory(
            forum=forum,
            organization=OrganizationFactory(
                name=name,
                country=country,
                email=f"secret-{country.lower()}@private.example",
                head_name=f"Head {name.split()[0]} Ślązak",
                **organization,
            ),
            status=AccreditationStatus.NON_OBJECTION,
            circulated_at=circulated_at,
            non_objection_ends_at=circulated_at + timedelta(days=10),
            objection_note="Confidential objection by Ruritania.",
        )

    listed = [
        circulated("Asociación Ñandú de Migrantes", "PY", website="https://nandu.example.org"),
        circulated("Związek Migrantów Łódź", "PL", stakeholder_type=StakeholderType.DIASPORA),
        circulated("Hội Người Di Cư Việt Nam", "VN", stakeholder_type=StakeholderType.MIGRANT),
    ]
    others = [
        AccreditationFactory(forum=forum, organization=OrganizationFactory(name="Submitted Only Network")),
        AccreditationFactory(
            forum=forum, accredited=True, organization=OrganizationFactory(name="Already Accredited Union")
        ),
    ]
    return listed, others


def _run_action(client, action: str, accreditations):
    return client.post(
        reverse("admin:accreditation_accreditation_changelist"),
        {"action": action, "_selected_action": [a.pk for a in accreditations]},
    )


def test_non_objection_list_pdf_contains_only_the_circulated_organizations(officer_client, non_objection_list):
    listed, others = non_objection_list

    response = _run_action(officer_client, "non_objection_list_as_pdf", [*listed, *others])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="non-objection-list-{listed[0].forum.slug}.pdf"'
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for accreditation in listed:
        organization = accreditation.organization
        assert organization.name in text
        assert organization.country.name in text
        assert organization.get_stakeholder_type_display() in text
        assert organization.email not in text
        assert organization.head_name not in text
        assert organization.phone not in text
    assert "https://nandu.example.org" in text
    assert "Ślązak" not in text
    assert "@" not in text
    assert "Ruritania" not in text
    assert "Submitted Only Network" not in text
    assert "Already Accredited Union" not in text
    assert "3 organizations." in text


def test_non_objection_list_pdf_warns_about_left_out_rows_and_logs(officer_client, non_objection_list):
    listed, others = non_objection_list

    response = _run_action(officer_client, "non_objection_list_as_pdf", [*listed, *others])

    assert sorted(leveled_messages_of(response)) == sorted(
        [
            ("warning", "Submitted Only Network is not on the non-objection list (“Submitted”); left out."),
            ("warning", "Already Accredited Union is not on the non-objection list (“Accredited”); left out."),
        ]
    )
    log = ActivityLog.objects.get(action="accreditation.non_objection_list_exported")
    assert log.data == {"format": "pdf", "count": 3}


def test_non_objection_list_csv_has_only_public_columns(officer_client, non_objection_list):
    listed, others = non_objection_list

    response = _run_action(officer_client, "non_objection_list_as_csv", [*listed, *others])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == NON_OBJECTION_CSV_COLUMNS
    expected = sorted(
        [
            [
                a.organization.name,
                a.organization.country.name,
                a.organization.website,
                str(a.organization.get_stakeholder_type_display()),
                a.circulated_at.isoformat(),
                a.non_objection_ends_at.isoformat(),
            ]
            for a in listed
        ]
    )
    assert rows[1:] == expected
    content = response.content.decode("utf-8")
    assert "@" not in content
    assert "Ślązak" not in content
    assert "Ruritania" not in content
    log = ActivityLog.objects.get(action="accreditation.non_objection_list_exported")
    assert log.data == {"format": "csv", "count": 3}


@pytest.mark.parametrize("action", ["non_objection_list_as_pdf", "non_objection_list_as_csv"])
def test_non_objection_list_with_no_circulated_row_returns_to_the_changelist(officer_client, action):
    submitted = AccreditationFactory()

    response = _run_action(officer_client, action, [submitted])

    assert response.status_code == 302
    assert leveled_messages_of(response) == [
        (
            "warning",
            f"{submitted.organization.name} is not on the non-objection list (“Submitted”); left out.",
        )
    ]
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize("group", ["Viewers", "Visa officers", "Programme managers"])
@pytest.mark.parametrize("action", ["non_objection_list_as_pdf", "non_objection_list_as_csv"])
def test_non_objection_list_needs_the_decide_permission(client, non_objection_list, group, action):
    sign_in_staff(client, group)
    listed, _others = non_objection_list

    response = _run_action(client, action, listed)

    assert response["Content-Type"].startswith("text/html")
    assert not ActivityLog.objects.exists()


def test_non_objection_list_pdf_of_two_forums_reports_what_it_leaves_out(officer_client, non_objection_list):
    """BUG (accreditation/admin/accreditations.py, non_objection_list_as_pdf): the PDF keeps only
    the first forum's rows, silently drops the other forum's, and logs ``count`` of all rows."""
    listed, _others = non_objection_list
    elsewhere = AccreditationFactory(
        non_objection=True, organization=OrganizationFactory(name="Other Forum Collective")
    )

    response = _run_action(officer_client, "non_objection_list_as_pdf", [*listed, elsewhere])

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    in_pdf = "Other Forum Collective" in text
    reported = any("Other Forum Collective" in message for _level, message in leveled_messages_of(response))
    assert in_pdf or reported
    exported = 4 if in_pdf else 3
    assert f"{exported} organizations." in text
    log = ActivityLog.objects.get(action="accreditation.non_objection_list_exported")
    assert log.data == {"format": "pdf", "count": exported}


# --- formula injection -------------------------------------------------------------------------


class AdminExport(NamedTuple):
    model: str
    resource_class: type
    group: str
    make: Callable[[str], object]
    column: str


ADMIN_EXPORTS = [
    pytest.param(
        AdminExport(
            "organization",
            OrganizationResource,
            "Accreditation officers",
            lambda text: OrganizationFactory(name=text),
            "name",
        ),
        id="organizations",
    ),
    pytest.param(
        AdminExport(
            "accreditation",
            AccreditationResource,
            "Accreditation officers",
            lambda text: AccreditationFactory(organization=OrganizationFactory(name=text)),
            "organization",
        ),
        id="accreditations",
    ),
    pytest.param(
        AdminExport(
            "delegate",
            DelegateResource,
            "Accreditation officers",
            lambda text: DelegateFactory(job_title=text),
            "job_title",
        ),
        id="representatives",
    ),
    pytest.param(
        AdminExport(
            "visaletter",
            VisaLetterResource,
            "Visa officers",
            lambda text: VisaLetterFactory(consulate_city=text),
            "consulate_city",
        ),
        id="letters",
    ),
    pytest.param(
        AdminExport(
            "ecosoclisting", EcosocListingResource, "Viewers", lambda text: EcosocListingFactory(name=text), "name"
        ),
        id="ecosoc-list",
    ),
]


def _text_cells(response, file_format: str, column: str) -> list[tuple[str, str]]:
    """Each cell of ``column`` below the header as (value, openpyxl data type); a CSV holds only
    text ("s"). XLSX keeps its text in XML, where a carriage return is read back as a line feed."""
    if file_format == CSV_FORMAT:
        return [(value, "s") for value in _column(_rows(response, CSV_FORMAT), column)]
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    index = [cell.value for cell in sheet[1]].index(column)
    return [(row[index].value, row[index].data_type) for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("file_format", FORMATS, ids=["csv", "xlsx"])
@pytest.mark.parametrize(("text", "expected"), FORMULA_CELLS, ids=FORMULA_IDS)
@pytest.mark.parametrize("export", ADMIN_EXPORTS)
def test_admin_export_escapes_each_formula_start(client, export, text, expected, file_format):
    sign_in_staff(client, export.group)
    export.make(text)

    response = _export(client, export.model, export.resource_class, file_format)

    if file_format == XLSX_FORMAT:
        expected = expected.replace("\r", "\n")
    assert _text_cells(response, file_format, export.column) == [(expected, "s")]


def test_admin_xlsx_export_keeps_numbers_and_dates(officer_client):
    organization = OrganizationFactory(name="-Migrant Voices", year_founded=2004)

    response = _export(officer_client, "organization", OrganizationResource, XLSX_FORMAT)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = dict(zip([cell.value for cell in sheet[1]], sheet[2], strict=True))
    assert (cells["name"].value, cells["name"].data_type) == ("'-Migrant Voices", "s")
    assert (cells["year_founded"].value, cells["year_founded"].data_type) == (2004, "n")
    assert cells["created_at"].is_date
    assert isinstance(cells["created_at"].value, datetime)
    assert (cells["is_registered"].value, cells["is_registered"].data_type) == (organization.is_registered, "b")


def test_every_admin_export_writes_through_the_formula_safe_formats():
    """An admin added later with django-import-export's own CSV or XLSX fails here."""
    exporting = {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, BaseExportMixin)
    }

    unsafe = [
        (label, file_format.__name__)
        for label, model_admin in exporting.items()
        for file_format in model_admin.get_export_formats()
        if not issubclass(file_format, FormulaSafeFormat)
    ]

    assert set(exporting) >= {
        "accreditation.organization",
        "accreditation.accreditation",
        "accreditation.delegate",
        "accreditation.visaletter",
        "accreditation.ecosoclisting",
    }
    assert unsafe == []


@pytest.mark.parametrize(("name", "expected"), FORMULA_CELLS, ids=FORMULA_IDS)
def test_non_objection_list_csv_escapes_each_formula_start(officer_client, name, expected):
    accreditation = AccreditationFactory(
        non_objection=True,
        organization=OrganizationFactory(name=name, website="-https://evil.example"),
    )

    response = _run_action(officer_client, "non_objection_list_as_csv", [accreditation])

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert [row[:3] for row in rows[1:]] == [[expected, "Kenya", "'-https://evil.example"]]


@pytest.mark.parametrize(("name", "expected"), FORMULA_CELLS, ids=FORMULA_IDS)
def test_attendees_csv_escapes_each_formula_start(client, name, expected):
    sign_in_staff(client, "Programme managers")
    registration = SessionRegistrationFactory(delegate=DelegateFactory(family_name=name))

    response = client.post(
        reverse("admin:events_session_changelist"),
        {"action": "attendees_csv", "_selected_action": [registration.session_id]},
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert _column(rows, "family_name") == [expected]
