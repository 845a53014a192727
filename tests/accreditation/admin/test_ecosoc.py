"""The ECOSOC list in the back office: importing it (django-import-export's two steps: upload
and dry run, then confirm) and matching applications that claim ECOSOC status against it."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accreditation.enums import AccreditationStatus, Basis, EcosocCategory
from accreditation.models import Accreditation, EcosocListing
from imrf.models import ActivityLog
from tests.factories import AccreditationFactory, EcosocListingFactory, OrganizationFactory, StaffUserFactory
from tests.helpers import messages_of

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:accreditation_ecosoclisting_import"
PROCESS_IMPORT_URL = "admin:accreditation_ecosoclisting_process_import"
CHANGELIST = "admin:accreditation_accreditation_changelist"

GOOD_CSV = (
    "name,country,category,year\n"
    "  Fédération  Internationale des Migrants ,Kenya,Special,1999\n"
    "MIGRANT FORUM IN ASIA,PH,general,2005\n"
    "Østergaard Foundation for Refugees,dk,Roster,\n"
)


def _upload(client, content: str, name: str = "ecosoc.csv"):
    """Step 1: upload the file; the admin reads it and runs a dry run."""
    return client.post(
        reverse(IMPORT_URL),
        {"format": "0", "import_file": SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")},
    )


def _import(client, content: str):
    """Both steps: upload, then confirm with the form the dry run returned."""
    dry_run = _upload(client, content)
    assert dry_run.status_code == 200
    confirm_form = dry_run.context["confirm_form"]
    assert confirm_form is not None, dry_run.context["result"]
    return client.post(reverse(PROCESS_IMPORT_URL), confirm_form.initial)


def _listings() -> list[tuple]:
    return sorted(EcosocListing.objects.values_list("name_key", "country", "category", "year"))


# --- import ------------------------------------------------------------------------------------


def test_import_form_lists_the_expected_columns(officer_client):
    response = officer_client.get(reverse(IMPORT_URL))

    assert response.status_code == 200
    assert response.context["fields_list"] == [("EcosocListingResource", ["name", "country", "category", "year"])]


def test_dry_run_imports_nothing_until_confirmed(officer_client):
    response = _upload(officer_client, GOOD_CSV)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not response.context["result"].has_errors()
    assert EcosocListing.objects.count() == 0


def test_import_creates_listings_with_normalized_names_and_country_codes(officer_client):
    response = _import(officer_client, GOOD_CSV)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:accreditation_ecosoclisting_changelist")
    assert _listings() == [
        ("federation internationale des migrants", "KE", EcosocCategory.SPECIAL, 1999),
        ("migrant forum in asia", "PH", EcosocCategory.GENERAL, 2005),
        ("ostergaard foundation for refugees", "DK", EcosocCategory.ROSTER, None),
    ]
    assert messages_of(response) == ["Import finished: 3 new, 0 updated, 0 deleted and 0 skipped ECOSOC list."]


@pytest.mark.parametrize("country", ["Kenya", "kenya", "KE", "ke", " Kenya "])
def test_import_accepts_a_country_name_or_code(officer_client, country):
    _import(officer_client, f"name,country,category,year\nMigrant Workers Alliance,{country},Special,2010\n")

    assert _listings() == [("migrant workers alliance", "KE", EcosocCategory.SPECIAL, 2010)]


def test_reimporting_the_same_file_creates_no_duplicates(officer_client):
    _import(officer_client, GOOD_CSV)
    first = _listings()

    response = _import(officer_client, GOOD_CSV)

    assert _listings() == first
    assert EcosocListing.objects.count() == 3
    assert messages_of(response)[-1].startswith("Import finished: 0 new,")


def test_each_confirmed_import_is_written_to_the_activity_log_and_the_dry_run_is_not(officer_client):
    officer = officer_client.get(reverse("admin:index")).wsgi_request.user
    _upload(officer_client, GOOD_CSV)
    assert not ActivityLog.objects.filter(action="ecosoc.imported").exists()

    _import(officer_client, GOOD_CSV)
    _import(officer_client, GOOD_CSV)

    entries = ActivityLog.objects.filter(action="ecosoc.imported").order_by("pk")
    assert [(entry.actor, entry.data) for entry in entries] == [
        (officer, {"file": "ecosoc.csv", "new": 3, "updated": 0, "deleted": 0, "skipped": 0}),
        (officer, {"file": "ecosoc.csv", "new": 0, "updated": 0, "deleted": 0, "skipped": 3}),
    ]


def test_reimporting_with_another_spelling_and_the_country_name_updates_the_listing(officer_client):
    EcosocListingFactory(name="Fédération Internationale des Migrants", country="KE", year=1999)

    _import(officer_client, "name,country,category,year\nFEDERATION INTERNATIONALE DES MIGRANTS,Kenya,General,2001\n")

    assert _listings() == [("federation internationale des migrants", "KE", EcosocCategory.GENERAL, 2001)]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            "name,country,category\nMigrant Forum in Asia,PH,General\n",
            "The file lacks the column(s): year. Expected: name, country, category, year.",
        ),
        (
            "name,country,category,year\nMigrant Forum in Asia,PH,General,2005\nMigrants United,KE,Diamond,2001\n",
            "Unknown category: diamond (expected General, Special or Roster)",
        ),
        (
            "name,country,category,year\nMigrant Forum in Asia,PH,General,2005\nMigrants United,KE,Special,1890\n",
            "The year must be between 1946 and 2100.",
        ),
        (
            "name,country,category,year\nMigrant Forum in Asia,PH,General,2005\nMigrants United,KE,Special,soon\n",
            "The year must be a number between 1946 and 2100",
        ),
        (
            "name,country,category,year\nMigrant Forum in Asia,PH,General,2005\n"
            "Migrants United,Atlantis,Special,2001\n",
            "Unknown country: Atlantis",
        ),
        (
            "name,country,category,year\nMigrant Forum in Asia,PH,General,2005\n ,KE,Special,2001\n",
            "A row has no name.",
        ),
    ],
    ids=["missing-column", "unknown-category", "year-out-of-range", "year-not-a-number", "unknown-country", "no-name"],
)
def test_malformed_file_shows_the_error_and_imports_nothing(officer_client, content, error):
    EcosocListingFactory(name="Already Listed", country="CH")

    response = _upload(officer_client, content)

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    result = response.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    assert error in response.content.decode()
    assert _listings() == [("already listed", "CH", EcosocCategory.SPECIAL, 2010)]


def test_non_numeric_year_gets_a_clear_error_message(officer_client):
    """IntegerWidget.clean raises decimal.InvalidOperation for "soon"; YearWidget turns it into a
    field error naming the value, never "[<class 'decimal.ConversionSyntax'>]"."""
    content = "name,country,category,year\nMigrants United,KE,Special,soon\n"

    response = _upload(officer_client, content)

    page = response.content.decode()
    assert "ConversionSyntax" not in page
    assert "soon" in page
    assert response.context["result"].has_validation_errors()


@pytest.mark.parametrize("group", ["Viewers", "Visa officers", "Programme managers"])
def test_import_needs_the_add_permission(client, group):
    client.force_login(StaffUserFactory(group=group))

    form = client.get(reverse(IMPORT_URL))
    upload = _upload(client, GOOD_CSV)

    assert (form.status_code, upload.status_code) == (403, 403)
    assert EcosocListing.objects.count() == 0


# --- matching ----------------------------------------------------------------------------------


def _claim(name: str, country: str = "KE", **fields) -> Accreditation:
    return AccreditationFactory(
        organization=OrganizationFactory(name=name, country=country),
        basis=Basis.ECOSOC,
        ecosoc_category=EcosocCategory.SPECIAL,
        ecosoc_year=2012,
        **fields,
    )


def _row_cell(content: str, accreditation: Accreditation) -> str:
    """The ECOSOC-list column of the accreditation's changelist row."""
    change_url = reverse("admin:accreditation_accreditation_change", args=[accreditation.pk])
    rows = [row for row in re.findall(r"<tr\b.*?</tr>", content, re.S) if f'href="{change_url}' in row]
    assert len(rows) == 1
    return re.search(r'<td class="field-ecosoc_list">(.*?)</td>', rows[0], re.S).group(1)


@pytest.fixture
def claims():
    EcosocListingFactory(name="FEDERATION DES TRAVAILLEURS MIGRANTS", country="KE")
    EcosocListingFactory(name="Asociación Ñandú de Migrantes", country="")
    return {
        "matched": _claim("Fédération des Travailleurs-Migrants"),
        "listed_without_country": _claim("asociacion nandu de  migrantes", country="PY"),
        "other_country": _claim("Fédération des Travailleurs Migrants", country="UG"),
        "other_name": _claim("Fédération des Travailleuses Migrantes"),
        "special": AccreditationFactory(
            organization=OrganizationFactory(name="Federation des Travailleurs Migrants", country="RW")
        ),
    }


def test_changelist_column_shows_whether_the_claim_is_on_the_list(officer_client, claims):
    response = officer_client.get(reverse(CHANGELIST))

    content = response.content.decode()
    cells = {name: _row_cell(content, accreditation) for name, accreditation in claims.items()}
    assert cells == {
        "matched": "matched",
        "listed_without_country": "matched",
        "other_country": "not found",
        "other_name": "not found",
        "special": "—",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("matched", ["matched", "listed_without_country"]), ("unmatched", ["other_country", "other_name"])],
)
def test_ecosoc_filter(officer_client, claims, value, expected):
    response = officer_client.get(reverse(CHANGELIST), {"ecosoc": value})

    assert response.status_code == 200
    assert sorted(a.pk for a in response.context["cl"].result_list) == sorted(claims[name].pk for name in expected)


def test_change_page_shows_candidates_with_similarity(officer_client, claims):
    EcosocListingFactory(name="Federation des Travailleurs Migrants du Kenya", country="KE")

    matched = officer_client.get(reverse("admin:accreditation_accreditation_change", args=[claims["matched"].pk]))
    other = officer_client.get(reverse("admin:accreditation_accreditation_change", args=[claims["other_name"].pk]))

    matched_items = re.findall(r"<li>([^<]*similarity: \d+%[^<]*)</li>", matched.content.decode())
    assert matched_items[0] == "FEDERATION DES TRAVAILLEURS MIGRANTS (KE; Special, 2010) — similarity: 100% ✓ match"
    assert re.fullmatch(
        r"Federation des Travailleurs Migrants du Kenya \(KE; Special, 2010\) — similarity: (\d+)%",
        matched_items[1],
    )
    other_items = re.findall(r"<li>([^<]*similarity: (\d+)%[^<]*)</li>", other.content.decode())
    assert other_items
    assert all(int(score) < 100 for _item, score in other_items)
    assert all("✓ match" not in item for item, _score in other_items)


def test_change_page_says_when_no_listing_resembles_the_organization(officer_client):
    accreditation = _claim("Zyzzyva Collective", country="NZ")

    response = officer_client.get(reverse("admin:accreditation_accreditation_change", args=[accreditation.pk]))

    assert "No listing resembles this organization." in response.content.decode()


def test_bulk_approving_the_matched_filter_approves_only_matched_claims(officer_client, claims):
    response = officer_client.post(
        reverse(CHANGELIST) + "?ecosoc=matched",
        {"action": "decide_approve", "select_across": "1", "_selected_action": [claims["matched"].pk]},
    )

    assert response.status_code == 302
    statuses = {name: Accreditation.objects.get(pk=a.pk).status for name, a in claims.items()}
    assert statuses == {
        "matched": AccreditationStatus.ACCREDITED,
        "listed_without_country": AccreditationStatus.ACCREDITED,
        "other_country": AccreditationStatus.SUBMITTED,
        "other_name": AccreditationStatus.SUBMITTED,
        "special": AccreditationStatus.SUBMITTED,
    }
    assert messages_of(response) == ["Accredit (verified ECOSOC, GCM or NHRI status): done for 2."]


def test_importing_the_list_turns_an_unmatched_claim_into_a_matched_one(officer_client):
    accreditation = _claim("Migrant Forum in Asia", country="PH")
    before = officer_client.get(reverse(CHANGELIST), {"ecosoc": "unmatched"})

    _import(officer_client, GOOD_CSV)
    after = officer_client.get(reverse(CHANGELIST), {"ecosoc": "matched"})

    assert [a.pk for a in before.context["cl"].result_list] == [accreditation.pk]
    assert [a.pk for a in after.context["cl"].result_list] == [accreditation.pk]
