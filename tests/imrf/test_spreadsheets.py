"""CSV exports never hand a spreadsheet a formula typed by an organization."""

import pytest

from imrf.spreadsheets import safe_cell, safe_row
from tests.factories import AccreditationFactory, ActiveForumFactory, OrganizationFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1 212", "'+1 212"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
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
