"""The visa support letter as a consulate receives it (accreditation.pdf.visa_letter_pdf), read
back with pypdf: every field in real text with its diacritics, the template in the letter's
language, embedded fonts, one A4 page, a scannable QR code with its quiet zone; the template
placeholder validator; and the benchmark command's report."""

import io
import re
from datetime import UTC, date, datetime

import pypdf
import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from accreditation.enums import Basis
from accreditation.pdf import MARGIN, QR_MASK, QR_MIN_WIDTH, QR_QUIET_MODULES, visa_letter_pdf
from events.models.forum import DEFAULT_LETTER_TEMPLATE, DEFAULT_LETTER_TEMPLATE_ES, DEFAULT_LETTER_TEMPLATE_FR
from events.validators import validate_letter_template
from tests.factories import DelegateFactory, ForumFactory, VisaLetterFactory

pytestmark = pytest.mark.django_db

PEOPLE = {
    # family name, given names, nationality: what the letter prints (given names, FAMILY NAME).
    "vn": ("Nguyễn", "Thị Ánh", "VN", "Thị Ánh NGUYỄN", "Vietnam"),
    "pl": ("Żółć", "Łukasz", "PL", "Łukasz ŻÓŁĆ", "Poland"),
    "is": ("Grímsson", "Ólafur Ragnar", "IS", "Ólafur Ragnar GRÍMSSON", "Iceland"),
}


@pytest.fixture
def forum():
    return ForumFactory(
        name="International Migration Review Forum 2027",
        short_name="IMRF2027",
        starts_on=date(2027, 5, 5),
        ends_on=date(2027, 5, 8),
        venue="United Nations Headquarters",
        city="New York",
        country="US",
        signatory_name="Ana López Ortega",
        signatory_title="Chief, Civil Society Liaison",
    )


def _letter(forum, person: str = "vn", **fields):
    family, given, nationality, _printed, _country = PEOPLE[person]
    delegate = DelegateFactory(
        accreditation__forum=forum,
        accreditation__basis=Basis.SPECIAL,
        accreditation__organization__name="Asociación de Migrantes Señora Ñandú",
        family_name=family,
        given_names=given,
        nationality=nationality,
        date_of_birth=date(1985, 3, 14),
    )
    return VisaLetterFactory(
        delegate=delegate,
        issued=True,
        passport_number="N1234567",
        passport_expires_on=date(2033, 2, 28),
        arrival_on=date(2027, 5, 3),
        departure_on=date(2027, 5, 9),
        **fields,
    )


def _pdf(letter) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(visa_letter_pdf(letter, verification_url=letter.get_verification_url())))


def _text(reader: pypdf.PdfReader) -> str:
    """The page's text with line breaks and runs of spaces made single spaces (lines wrap at spaces)."""
    return " ".join(reader.pages[0].extract_text().split())


def _operations(reader: pypdf.PdfReader) -> list[tuple[bytes, list]]:
    stream = ContentStream(reader.pages[0].get_contents(), reader)
    return [(operator, operands) for operands, operator in stream.operations]


# --- the fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_every_field_is_printed_in_real_text_with_its_diacritics(forum, person):
    letter = _letter(forum, person)
    _family, _given, _nationality, printed_name, country = PEOPLE[person]

    text = _text(_pdf(letter))

    for expected in (
        f"Visa support letter for {printed_name}",
        f"Full name: {printed_name}",
        "Date of birth: 14 March 1985",
        f"Nationality: {country}",
        "Passport number: N1234567",
        "Passport valid until: 28 February 2033",
        "Organization: Asociación de Migrantes Señora Ñandú",
        f"The Secretariat of the International Migration Review Forum 2027 confirms that {printed_name}, "
        f"born on 14 March 1985, a national of {country}, holder of passport number N1234567 valid until "
        "28 February 2033, has been registered as a representative of Asociación de Migrantes Señora Ñandú, "
        "an organization accredited to the forum (Special accreditation), to participate in the "
        "International Migration Review Forum 2027, to be held at United Nations Headquarters, New York, "
        "United States of America, on 5–8 May 2027.",
        "The participant intends to arrive on 3 May 2027 and to depart on 9 May 2027.",
        "Yours faithfully, Ana López Ortega Chief, Civil Society Liaison",
        "Reference: IMRF2027-000001",
    ):
        assert expected in text, expected


def test_verification_url_and_reference_are_printed_beside_the_code(forum, settings):
    settings.SITE_URL = "https://accreditation.example.org"
    letter = _letter(forum)

    text = _text(_pdf(letter))

    assert f"https://accreditation.example.org/verify/{letter.verification_token}/ Reference: IMRF2027-000001" in text
    assert "verify the reference with the passport number at https://accreditation.example.org/verify/" in text


def test_french_letter_uses_the_forums_french_template_and_french_dates(forum):
    letter = _letter(forum, "pl", language="fr")

    text = _text(_pdf(letter))

    assert (
        "Le Secrétariat du International Migration Review Forum 2027 confirme que Łukasz ŻÓŁĆ, né(e) le "
        "14 mars 1985, de nationalité Pologne, titulaire du passeport numéro N1234567 valable jusqu'au "
        "28 février 2033"
    ) in text
    assert "qui se tiendra à United Nations Headquarters, New York, États-Unis d'Amérique, du 5 au 8 mai 2027." in text
    assert "d'arriver le 3 mai 2027 et de repartir le 9 mai 2027." in text
    assert "The Secretariat of the" not in text


def test_spanish_letter_uses_the_forums_spanish_template_and_spanish_dates(forum):
    letter = _letter(forum, "is", language="es")

    text = _text(_pdf(letter))

    assert (
        "La Secretaría del International Migration Review Forum 2027 confirma que Ólafur Ragnar GRÍMSSON, "
        "nacido/a el 14 de marzo de 1985"
    ) in text
    assert "del 5 al 8 de mayo de 2027." in text
    assert "llegar el 3 de mayo de 2027 y partir el 9 de mayo de 2027." in text
    assert "The Secretariat of the" not in text


@pytest.mark.parametrize(
    ("language", "field"), [("en", "letter_template"), ("fr", "letter_template_fr"), ("es", "letter_template_es")]
)
def test_each_language_prints_the_text_the_forum_set_for_it(forum, language, field):
    for name in ("letter_template", "letter_template_fr", "letter_template_es"):
        setattr(forum, name, f"Template {name} for {{full_name}} ({{forum_dates}}).")
    forum.save()
    letter = _letter(forum, "vn", language=language)

    text = _text(_pdf(letter))

    assert f"Template {field} for Thị Ánh NGUYỄN (" in text
    assert [
        name for name in ("letter_template", "letter_template_fr", "letter_template_es") if f"Template {name} " in text
    ] == [field]


def test_letter_is_dated_the_day_it_was_issued_at_the_venue(forum):
    # 02:00 UTC on 1 March is still 28 February in New York.
    letter = _letter(forum, issued_at=datetime(2027, 3, 1, 2, 0, tzinfo=UTC))

    text = _text(_pdf(letter))

    assert "New York 28 February 2027 Reference: IMRF2027-000001 To the Consular Section" in text


# --- the document --------------------------------------------------------------------------------


def test_letter_is_one_a4_page(forum):
    reader = _pdf(_letter(forum))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.left), float(box.bottom)) == (0, 0)
    assert (float(box.width), float(box.height)) == (pytest.approx(A4[0], abs=0.01), pytest.approx(A4[1], abs=0.01))
    assert (float(box.width) / mm, float(box.height) / mm) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))


def test_every_font_that_draws_text_is_embedded_dejavu_sans(forum):
    reader = _pdf(_letter(forum))
    fonts = reader.pages[0]["/Resources"]["/Font"]

    drawing, current = set(), None
    for operator, operands in _operations(reader):
        if operator == b"Tf":
            current = str(operands[0])
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            drawing.add(current)

    base_fonts = {}
    for name in drawing:
        font = fonts[name].get_object()
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
        base_fonts[name] = str(font["/BaseFont"]).split("+", 1)[-1]
    # One embedded font: bold is the same font drawn filled and stroked (accreditation/pdf.py).
    assert set(base_fonts.values()) == {"DejaVuSans"}


# --- the QR code ---------------------------------------------------------------------------------


def _drawn_qr(reader: pypdf.PdfReader) -> tuple[list[list[bool]], float, float, float]:
    """The module matrix the page draws (from its rectangles), its lower-left corner and width."""
    rects = [[float(value) for value in operands] for operator, operands in _operations(reader) if operator == b"re"]
    left = min(x for x, _y, _w, _h in rects)
    bottom = min(y for _x, y, _w, _h in rects)
    width = max(x + w for x, _y, w, _h in rects) - left
    height = max(y + h for _x, y, _w, h in rects) - bottom
    assert width == pytest.approx(height, abs=0.01)
    # Finder patterns fill three corners: the dark rows' first and last runs give the size.
    row_height = min(h for _x, _y, _w, h in rects)
    modules = round(width / row_height)
    size = width / modules
    matrix = [[False] * modules for _row in range(modules)]
    for x, y, w, _h in rects:
        row = round((bottom + width - y) / size) - 1
        first = round((x - left) / size)
        for column in range(first, first + round(w / size)):
            matrix[row][column] = True
    return matrix, left, bottom, width


def test_qr_code_is_the_verification_url_at_error_level_m(forum):
    letter = _letter(forum)
    reader = _pdf(letter)

    drawn, _left, _bottom, _width = _drawn_qr(reader)

    expected = segno.make(letter.get_verification_url(), error="m", boost_error=False, micro=False, mask=QR_MASK)
    assert expected.error == "M"
    assert drawn == [[bool(module) for module in row] for row in expected.matrix]


def test_qr_code_is_at_least_25_mm_with_a_clear_quiet_zone_of_four_modules(forum):
    letter = _letter(forum)
    reader = _pdf(letter)

    drawn, left, bottom, width = _drawn_qr(reader)

    module = width / len(drawn)
    quiet = QR_QUIET_MODULES * module
    total = width + 2 * quiet
    assert QR_QUIET_MODULES == 4
    assert (left, bottom, width) == (pytest.approx(MARGIN), pytest.approx(MARGIN), pytest.approx(QR_MIN_WIDTH))
    assert total / mm >= 25
    # The quiet zone is on the page and nothing is written into it.
    assert left - quiet >= 0
    assert bottom - quiet >= 0
    text_origins = [
        (float(operands[4]), float(operands[5])) for operator, operands in _operations(reader) if operator == b"Tm"
    ]
    assert text_origins
    for x, y in text_origins:
        inside = left - quiet < x < left + width + quiet and bottom - quiet < y < bottom + width + quiet
        assert not inside, (x / mm, y / mm)


# --- the template's placeholders -----------------------------------------------------------------


def _messages(template: str) -> tuple[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        validate_letter_template(template)
    return caught.value.code, caught.value.messages


@pytest.mark.parametrize("template", [DEFAULT_LETTER_TEMPLATE, DEFAULT_LETTER_TEMPLATE_FR, DEFAULT_LETTER_TEMPLATE_ES])
def test_each_default_template_is_accepted(template):
    validate_letter_template(template)


def test_literal_braces_written_twice_are_accepted():
    validate_letter_template("Ref. {{internal}} for {full_name}.")


@pytest.mark.parametrize(
    ("template", "named"),
    [
        ("Salary: {salary}.", "{salary}"),
        ("{full_name} earns {salary} in {iban}", "{iban}, {salary}"),
        ("Hello {}", "{}"),
        ("Hello {0}", "{0}"),
        ("{full_name.upper}", "{full_name.upper}"),
        ("{full_name[0]}", "{full_name[0]}"),
    ],
)
def test_unknown_placeholders_are_refused_by_name(template, named):
    code, messages = _messages(template)

    assert code == "unknown_placeholder"
    assert len(messages) == 1
    assert messages[0].startswith(f"Unknown placeholder(s): {named}. Allowed: ")
    assert "{full_name}" in messages[0]
    assert "{passport_number}" in messages[0]


@pytest.mark.parametrize(
    ("template", "named"),
    [
        ("{full_name:>40}", "{full_name:>40}"),
        ("{full_name!r}", "{full_name!r}"),
        ("{full_name:{salary}}", "{full_name:{salary}}"),
        ("{date_of_birth:%Y} and {venue!s:^9}", "{date_of_birth:%Y}, {venue!s:^9}"),
    ],
)
def test_format_specs_and_conversions_are_refused_by_name(template, named):
    code, messages = _messages(template)

    assert code == "format_spec"
    assert messages == [
        "Write each placeholder as a bare name in braces, such as {full_name}; "
        f"remove the “:” or “!” part from {named}."
    ]


@pytest.mark.parametrize("template", ["Dear {full_name", "Dear full_name}", "{", "}", "{full_name}}"])
def test_unbalanced_braces_are_refused(template):
    code, messages = _messages(template)

    assert code == "syntax"
    assert messages == ["The template has an unbalanced brace: write {{ or }} for a literal brace."]


@pytest.mark.parametrize("field", ["letter_template", "letter_template_fr", "letter_template_es"])
def test_forum_refuses_an_unknown_placeholder_in_each_language(forum, field):
    setattr(forum, field, "Paid {salary}.")

    with pytest.raises(ValidationError) as caught:
        forum.full_clean()

    assert list(caught.value.message_dict) == [field]
    assert caught.value.message_dict[field][0].startswith("Unknown placeholder(s): {salary}.")


# --- the benchmark command -----------------------------------------------------------------------


def test_bench_letters_reports_letter_floor_and_ratio():
    out = io.StringIO()

    call_command("bench_letters", "--n", "5", "--rounds", "1", stdout=out)

    lines = out.getvalue().splitlines()
    number = r"\s+\d+\.\d\d"
    assert lines[0] == "letters: 5 x 1 rounds (median)"
    assert re.fullmatch(rf"visa letter :{number} ms per letter", lines[1])
    assert re.fullmatch(rf"floor \(bare\):{number} ms per page", lines[2])
    assert re.fullmatch(rf"ratio       :{number} x the floor", lines[3])
    assert re.fullmatch(r"target \(<= 10 ms per letter\): (holds|does NOT hold)", lines[4])
    assert len(lines) == 5
