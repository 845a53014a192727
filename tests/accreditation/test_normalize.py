"""Names compare equal across case, accents, spacing, punctuation, order, invisible characters
and look-alike letters; names are stored without invisible characters."""

import unicodedata
from datetime import date

import pytest

from accreditation.normalize import clean_name, fold, organization_key, person_key
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


# --- Invisible characters and look-alike letters (issue 13, finding 8) ------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Solidarity Network",
        "S\u043elidarity Network",  # Cyrillic о
        "Soli\u200bdarity Network",  # zero-width space
        "Soli\u00addarity Network",  # soft hyphen
        "\ufeffSolidarity\u2060 Net\u200dwork\u202e",  # BOM, word joiner, zero-width joiner, bidi override
        "\u0405\u043el\u0456d\u0430r\u0456t\u0443 N\u0435tw\u043erk",  # nine Cyrillic letters
        "SOLIDARITY \u039dETWORK",  # Greek capital Nu
        "SOL\u04c0DARITY NETWORK",  # Cyrillic palochka for the I
    ],
)
def test_organization_key_ignores_invisible_characters_and_look_alike_letters(name):
    assert organization_key(name) == "solidarity network"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Migrant Voices", "migrant voices"),
        ("Réseau des Migrants — Solidarité Internationale", "reseau des migrants solidarite internationale"),
        ("Łódź Ærø Straße Yıldız", "lodz aero strasse yildiz"),
        ("Mouvement 1er Mai 2010", "mouvement 1er mai 2010"),
    ],
)
def test_organization_key_of_ordinary_names_is_unchanged(name, key):
    assert organization_key(name) == key


def test_organization_key_of_a_name_made_only_of_invisible_characters_is_empty():
    assert organization_key("\u200b\u200c\u200d\u2060\ufeff\u00ad") == ""


def test_organization_key_of_a_cyrillic_name_is_its_own_and_ignores_case():
    # The letters with a Latin look-alike are keyed as it; the others stay Cyrillic.
    assert organization_key("Солидарность") == organization_key("СОЛИДАРНОСТЬ") == "coлᴎдaphoctb"
    assert organization_key("Содружество") == "coдpyжectbo"
    assert organization_key("Solidarnost") == "solidarnost"


def test_organization_key_of_an_arabic_name_folds_the_persian_letters_that_look_the_same():
    # Arabic kaf and yeh, as an Arabic keyboard types them; keheh and Farsi yeh from a Persian one.
    assert organization_key("كريم") == organization_key("کریم") == "كرىم"
    assert organization_key("جمعية حقوق الإنسان") == "جمعىة حقوق lلlنسlن"
    assert organization_key("جمعية حقوق المهاجرين") != organization_key("جمعية حقوق الإنسان")


def test_organization_key_keeps_greek_theta_apart_from_omicron():
    # (The final sigma looks like an "o" to Unicode too.)
    assert (organization_key("Θέμις"), organization_key("Οέμις")) == ("o\u0335emio", "oemio")


def test_organization_key_reads_digits_of_any_script_by_their_value():
    assert organization_key("Forum ١٩٩٠") == organization_key("Forum १९९०") == "forum 1990"


def test_organization_key_keeps_indic_vowel_signs_inside_the_word():
    assert organization_key("किशोर संगठन") == "किशोर स\u0307गठन"


def test_organization_key_is_the_same_for_every_letter_and_its_capital():
    letters = [chr(code) for code in range(0x80, 0x10000) if unicodedata.category(chr(code)) in {"Lu", "Ll"}]

    differing = [
        letter
        for letter in letters
        if organization_key(f"x{letter.upper()}x") != organization_key(f"x{letter.lower()}x")
    ]

    assert differing == []


def test_person_key_ignores_invisible_characters_and_look_alike_letters():
    plain = person_key(family_name="Mensah", given_names="Kofi Atta", date_of_birth=date(1980, 5, 17))
    disguised = person_key(
        family_name="Men\u200bsah", given_names="K\u043efi \u0410tta\u00ad", date_of_birth=date(1980, 5, 17)
    )

    assert disguised == plain == "atta kofi mensah|1980-05-17"


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  Soli\u200bdarity\u00a0\u00a0Network\u2028", "Solidarity Network"),
        ("\u202eAcme\u202c Fo\u00adrum\ufeff", "Acme Forum"),
        ("Soli\u200cdarity", "Solidarity"),
        ("Cafe\u0301 des Migrants", "Café des Migrants"),
        ("Mary\tAnn\n O'Brien", "Mary Ann O'Brien"),
        ("\u200b\u200c\u200d\u2060\ufeff\u00ad\u2800 ", ""),
    ],
)
def test_clean_name_removes_invisible_characters_and_single_spaces_the_name(typed, cleaned):
    assert clean_name(typed) == cleaned


def test_clean_name_keeps_the_joiners_that_change_the_spelling():
    # Persian writes "NGOs" with zero-width non-joiners; Devanagari a half form with a joiner.
    persian = "سازمان\u200cهای مردم\u200cنهاد"

    assert clean_name(persian) == persian
    assert clean_name("क्\u200dष") == "क्\u200dष"
    assert organization_key(persian) == organization_key(persian.replace("\u200c", ""))
