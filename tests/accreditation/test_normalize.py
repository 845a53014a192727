"""Names compare equal across case, accents, spacing, punctuation and order."""

from datetime import date

import pytest

from accreditation.normalize import fold, organization_key, person_key
from tests.factories import DelegateFactory


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Søren Østergaard", "soren ostergaard"),
        ("Đặng Văn Lâm", "dang van lam"),
        ("Straße", "strasse"),
        ("Ærø Œuvre", "aero oeuvre"),
        ("Yıldız", "yildiz"),
        ("  O'Brien-Smith,  Mary_Ann ", "o brien smith mary ann"),
        ("MIGRANT  voïces", "migrant voices"),
        ("ﬁeld", "field"),
        ("Иванова Олена", "иванова олена"),
        ("", ""),
    ],
)
def test_fold_gives_lower_case_accent_free_single_spaced_words(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("upper", "lower"), [("ÆRØ", "ærø"), ("ŒUVRE", "œuvre"), ("ŁÓDŹ", "łódź"), ("STRASSE", "straße")]
)
def test_fold_is_the_same_for_upper_and_lower_case(upper, lower):
    assert fold(upper) == fold(lower)


def test_fold_of_none_is_empty():
    assert fold(None) == ""


def test_organization_key_equal_for_case_spacing_and_accent_variants():
    assert organization_key("Migrant Voices") == organization_key("MIGRANT  voïces") == "migrant voices"


def test_organization_key_is_cut_to_the_column_length():
    assert organization_key("a " * 400) == ("a " * 150)[:300]


def test_person_key_sorts_the_folded_names_and_appends_the_date_of_birth():
    key = person_key(family_name="Nguyễn", given_names="Thị Ánh", date_of_birth=date(1988, 3, 14))

    assert key == "anh nguyen thi|1988-03-14"


def test_person_key_of_polish_names():
    key = person_key(family_name="Żółć", given_names="Łukasz", date_of_birth=date(1990, 7, 1))

    assert key == "lukasz zolc|1990-07-01"


def test_person_key_same_when_family_and_given_names_are_swapped():
    as_in_passport = person_key(family_name="Nguyễn", given_names="Thị Ánh", date_of_birth=date(1988, 3, 14))
    swapped = person_key(family_name="Thị Ánh", given_names="NGUYEN", date_of_birth=date(1988, 3, 14))

    assert swapped == as_in_passport


def test_person_key_differs_by_date_of_birth():
    first = person_key(family_name="Diallo", given_names="Mamadou", date_of_birth=date(1985, 1, 1))
    second = person_key(family_name="Diallo", given_names="Mamadou", date_of_birth=date(1985, 1, 2))

    assert (first, second) == ("diallo mamadou|1985-01-01", "diallo mamadou|1985-01-02")


def test_person_key_without_date_of_birth_ends_with_the_separator():
    assert person_key(family_name="Haddad", given_names="Yara", date_of_birth=None) == "haddad yara|"


@pytest.mark.django_db
def test_delegate_save_keeps_name_key_in_step_with_the_names():
    delegate = DelegateFactory(family_name="Nguyễn", given_names="Thị Ánh", date_of_birth=date(1988, 3, 14))
    delegate.given_names = "Thị Bích"

    delegate.save(update_fields=["given_names"])

    delegate.refresh_from_db()
    assert delegate.name_key == "bich nguyen thi|1988-03-14"
