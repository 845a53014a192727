"""Exports never hand a spreadsheet a formula typed by an organization: one rule (safe_cell)
for the project's own CSVs and for the back office's CSV and XLSX formats."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import tablib

from imrf.spreadsheets import CSV, XLSX, safe_cell, safe_row
from tests.factories import AccreditationFactory, ActiveForumFactory, OrganizationFactory
from tests.helpers import FORMULA_CELLS, FORMULA_IDS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1 212", "'+1 212"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("==1", "'==1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "'=1"),
        ("Migrant Voices", "Migrant Voices"),
        (None, ""),
        (2026, "2026"),
    ],
)
def test_safe_cell_neutralizes_formulas_only(value, expected):
    assert safe_cell(value) == expected


def test_safe_row_applies_to_every_cell():
    assert safe_row(["=1", "ok"]) == ["'=1", "ok"]


@pytest.mark.django_db
def test_public_organizations_csv_escapes_a_formula_in_a_name(client):
    forum = ActiveForumFactory()
    AccreditationFactory(forum=forum, accredited=True, organization=OrganizationFactory(name="=cmd|' /C calc'!A0"))

    body = b"".join(client.get("/organizations.csv").streaming_content).decode()

    assert body.splitlines()[1].startswith("'=cmd|' /C calc'!A0,")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "expected"), FORMULA_CELLS, ids=FORMULA_IDS)
def test_public_organizations_csv_escapes_each_formula_start(client, name, expected):
    forum = ActiveForumFactory()
    AccreditationFactory(forum=forum, accredited=True, organization=OrganizationFactory(name=name, acronym="MV"))

    body = b"".join(client.get("/organizations.csv").streaming_content).decode()

    assert list(csv.reader(io.StringIO(body)))[1] == [expected, "MV", "Kenya", "Non-governmental organization"]


# --- the back office's formats (django-import-export) ---------------------------------------


def _dataset(*values) -> tablib.Dataset:
    return tablib.Dataset(list(values), headers=[f"column_{n}" for n in range(len(values))])


@pytest.mark.parametrize(("text", "expected"), FORMULA_CELLS, ids=FORMULA_IDS)
def test_csv_format_escapes_each_formula_start(text, expected):
    exported = CSV().export_data(_dataset(text, "Migrant Voices", 2026, None))

    assert list(csv.reader(io.StringIO(exported)))[1] == [expected, "Migrant Voices", "2026", ""]


@pytest.mark.parametrize(("text", "expected"), FORMULA_CELLS, ids=FORMULA_IDS)
def test_xlsx_format_stores_each_formula_start_as_text(text, expected):
    exported = XLSX().export_data(_dataset(text))

    cell = openpyxl.load_workbook(io.BytesIO(exported)).active["A2"]
    # XLSX keeps its text in XML, where a carriage return is read back as a line feed.
    assert (cell.value, cell.data_type) == (expected.replace("\r", "\n"), "s")


def test_xlsx_format_keeps_numbers_dates_and_empty_cells():
    exported = XLSX().export_data(
        _dataset(
            -2, Decimal("-1.5"), 2026, date(2026, 5, 4), datetime(2026, 5, 4, 10, 30), True, None, "Migrant Voices"
        )
    )

    row = next(openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(min_row=2))
    assert [cell.value for cell in row] == [
        -2,
        -1.5,
        2026,
        datetime(2026, 5, 4),
        datetime(2026, 5, 4, 10, 30),
        True,
        None,
        "Migrant Voices",
    ]
    assert [cell.data_type for cell in row] == ["n", "n", "n", "d", "d", "b", "n", "s"]
