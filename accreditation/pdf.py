"""PDF documents drawn with reportlab (no system libraries): the non-objection list, the visa
support letter.

DejaVu Sans (vendored from the npm package dejavu-fonts-ttf) is registered once, at import,
because font parsing is the most expensive step of drawing a page; it covers the Latin,
Greek and Cyrillic names organizations and people carry ("Nguyễn Thị Ánh", "Łukasz Żółć").
"""

import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accreditation.enums import Basis
from accreditation.models import Accreditation
from accreditation.uploads import bounded_image
from events.models import Forum

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)

UN_BLUE = colors.HexColor("#00558c")

BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
TITLE = ParagraphStyle("title", parent=BODY, fontName=FONT_BOLD, fontSize=14, leading=18, textColor=UN_BLUE)


def escape(text: str) -> str:
    """Text for reportlab's mini-markup (it treats <, > and & as markup)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def non_objection_list_pdf(*, forum: Forum, accreditations: Iterable[Accreditation]) -> bytes:
    """The list circulated to Member States: only what may go to them (name, country, website,
    stakeholder type) with the circulation date and the end of the period."""
    rows = list(accreditations)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Non-objection list"),
        author=_("IMRF Secretariat"),
    )
    story = [
        Paragraph(escape(forum.name), TITLE),
        Paragraph(
            escape(_("Organizations proposed for special accreditation, circulated on a non-objection basis")), BODY
        ),
        Spacer(1, 4 * mm),
    ]
    ends = sorted({row.non_objection_ends_at for row in rows if row.non_objection_ends_at})
    circulated = sorted({row.circulated_at for row in rows if row.circulated_at})
    if circulated:
        story.append(
            Paragraph(
                escape(_("Circulated on: %(date)s") % {"date": date_format(forum.local(circulated[0]), "DATE_FORMAT")}),
                BODY,
            )
        )
    if ends:
        story.append(
            Paragraph(
                escape(_("Objections may be made until: %(date)s") % {"date": forum.format_moment(ends[-1])}),
                BODY,
            )
        )
    story.append(Spacer(1, 5 * mm))
    header = [_("No."), _("Organization"), _("Country"), _("Website"), _("Stakeholder type")]
    data = [[Paragraph(f"<b>{escape(cell)}</b>", SMALL) for cell in header]]
    for number, accreditation in enumerate(rows, start=1):
        organization = accreditation.organization
        data.append(
            [
                Paragraph(str(number), SMALL),
                Paragraph(escape(organization.name), SMALL),
                Paragraph(escape(organization.country.name), SMALL),
                Paragraph(escape(organization.website), SMALL),
                Paragraph(escape(organization.get_stakeholder_type_display()), SMALL),
            ]
        )
    table = Table(data, colWidths=[12 * mm, 95 * mm, 45 * mm, 60 * mm, 55 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9ca3af")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story.append(
        Paragraph(
            escape(
                _("%(count)d organizations. Generated on %(date)s.")
                % {"count": len(rows), "date": date_format(forum.local(timezone.now()), "DATETIME_FORMAT")}
            ),
            SMALL,
        )
    )
    document.build(story)
    return buffer.getvalue()


# --- Visa support letter ---------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 22 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_QUIET_MODULES = 4
QR_MIN_WIDTH = 28 * mm  # the symbol itself; with its quiet zone it is wider still
QR_MASK = 2
# Bold in the letter: the regular font drawn filled and stroked (one embedded font, not two:
# each embedded font is subset and compressed again for every letter).
BOLD = 2
BOLD_STROKE = 0.35  # columns pattern: no large blocks or finder-like runs in URL payloads


def draw_qr(page: canvas.Canvas, data: str, *, x: float, y: float, width: float) -> float:
    """Draw a QR code (error correction M, quiet zone of four modules) with its lower-left corner
    at (x, y); ``width`` is the symbol's width without the quiet zone. One path, one rectangle per
    run of dark modules: a few hundred path operations, not thousands of shapes. Returns the total
    width including the quiet zone."""
    # A fixed mask pattern: choosing the "best" of eight costs more than the rest of the letter,
    # and readers decode every mask (tests/accreditation/test_letter_qr_decoding.py decodes the
    # printed code with ZXing, the engine of common phone readers).
    code = segno.make(data, error="m", boost_error=False, micro=False, mask=QR_MASK)
    matrix = code.matrix
    modules = len(matrix)
    size = width / modules
    path = page.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + width - (row_index + 1) * size
        column = 0
        while column < modules:
            if row[column]:
                start = column
                while column < modules and row[column]:
                    column += 1
                path.rect(x + start * size, top, (column - start) * size, size)
            else:
                column += 1
    page.saveState()
    page.setFillColor(colors.black)
    page.drawPath(path, stroke=0, fill=1)
    page.restoreState()
    return width + 2 * QR_QUIET_MODULES * size


LETTER_DATE = {"en": "j F Y", "fr": "j F Y", "es": "j \\d\\e F \\d\\e Y"}


def letter_date(day, language: str) -> str:
    """One formal style for every date of the letter: "1 January 1975", "1 janvier 1975"."""
    with translation.override(language):
        return date_format(day, LETTER_DATE.get(language, "j F Y"))


def forum_dates(start: date, end: date, language: str) -> str:
    """ "5–8 May 2027", "5 au 8 mai 2027", "5 al 8 de mayo de 2027" in the given language."""
    with translation.override(language):
        if start == end:
            return letter_date(start, language)
        same_month = (start.year, start.month) == (end.year, end.month)
        if language == "fr":
            return f"{start.day if same_month else date_format(start, 'j F')} au {letter_date(end, language)}"
        if language == "es":
            first = start.day if same_month else date_format(start, "j \\d\\e F")
            return f"{first} al {letter_date(end, language)}"
        if same_month:
            return f"{start.day}–{end.day} {date_format(end, 'F Y')}"
        return f"{date_format(start, 'j F')} – {letter_date(end, language)}"


def letter_fields(letter) -> dict[str, str]:
    """The placeholders of the letter template, filled for this letter in its language — from
    the copy made when it was issued, never from the live rows."""
    language = letter.language
    with translation.override(language):
        return {
            "full_name": letter.holder_full_name,
            "date_of_birth": letter_date(letter.holder_date_of_birth, language) if letter.holder_date_of_birth else "",
            "nationality": str(letter.holder_nationality.name),
            "passport_number": letter.passport_number,
            "passport_expires_on": letter_date(letter.passport_expires_on, language)
            if letter.passport_expires_on
            else "",
            "organization": letter.organization_name,
            "forum_name": letter.forum_name,
            "forum_dates": forum_dates(letter.forum_starts_on, letter.forum_ends_on, language),
            "venue": letter.forum_venue,
            "city": letter.forum_city,
            "country": str(letter.forum_country.name),
            "basis": str(Basis(letter.accreditation_basis).label) if letter.accreditation_basis else "",
            "arrival_on": letter_date(letter.arrival_on, language),
            "departure_on": letter_date(letter.departure_on, language),
        }


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(simpleSplit(paragraph, font, size, width))
    return lines


def visa_letter_pdf(letter, *, verification_url: str) -> bytes:
    """The visa support letter: A4, letterhead, reference, addressee, body from the forum's
    template in the letter's language, signatory, and a QR code of the verification URL with
    the URL and reference printed beside it. Real text in an embedded font. Everything printed
    comes from the copy the letter took when it was issued (``VisaLetter.PRINTED_FIELDS``)."""
    fields = letter_fields(letter)
    with translation.override(letter.language):
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
        page.setTitle(_("Visa support letter %(reference)s") % {"reference": letter.reference})
        page.setAuthor(_("%(forum)s — Secretariat") % {"forum": letter.forum_name})
        page.setSubject(fields["full_name"])

        # Letterhead
        top = PAGE_HEIGHT - MARGIN
        page.setFillColor(UN_BLUE)
        page.setStrokeColor(UN_BLUE)
        page.setLineWidth(BOLD_STROKE)
        page.setFont(FONT, 13)
        page.drawString(MARGIN, top, letter.forum_name, mode=BOLD)
        page.setFont(FONT, 9.5)
        page.drawString(
            MARGIN,
            top - 14,
            _("Secretariat — %(venue)s, %(city)s") % {"venue": letter.forum_venue, "city": letter.forum_city},
        )
        page.setStrokeColor(UN_BLUE)
        page.setLineWidth(1.2)
        page.line(MARGIN, top - 22, PAGE_WIDTH - MARGIN, top - 22)
        page.setFillColor(colors.black)
        page.setStrokeColor(colors.black)
        page.setLineWidth(BOLD_STROKE)

        # Date and reference
        y = top - 48
        page.setFont(FONT, 10)
        page.drawRightString(PAGE_WIDTH - MARGIN, y, letter_date(letter.dated_on, letter.language))
        page.drawRightString(
            PAGE_WIDTH - MARGIN, y - 14, _("Reference: %(reference)s") % {"reference": letter.reference}
        )

        # Addressee: the consular section of the venue country's mission in the chosen city.
        y -= 44
        page.setFont(FONT, 10.5)
        for line in (
            _("To the Consular Section"),
            _("Embassy or Consulate — %(country)s") % {"country": letter.forum_country.name},
            f"{letter.consulate_city}, {letter.consulate_country.name}",
        ):
            page.drawString(MARGIN, y, line)
            y -= 14

        # Subject
        y -= 16
        page.setFont(FONT, 11)
        for line in _wrap(_("Visa support letter for %(name)s") % {"name": fields["full_name"]}, FONT, 11, TEXT_WIDTH):
            page.drawString(MARGIN, y, line, mode=BOLD)
            y -= 15

        # Body
        y -= 10
        page.setFont(FONT, 10.5)
        page.drawString(MARGIN, y, _("Dear Sir or Madam,"))
        y -= 22
        body = letter.letter_template.format(**fields)
        for line in _wrap(body, FONT, 10.5, TEXT_WIDTH):
            page.drawString(MARGIN, y, line)
            y -= 14.5

        # Details as a list, for the consular officer's eye
        y -= 8
        page.setFont(FONT, 9.5)
        for label, value in (
            (_("Full name"), fields["full_name"]),
            (_("Date of birth"), fields["date_of_birth"]),
            (_("Nationality"), fields["nationality"]),
            (_("Passport number"), fields["passport_number"]),
            (_("Passport valid until"), fields["passport_expires_on"]),
            (_("Organization"), fields["organization"]),
        ):
            page.setFont(FONT, 9.5)
            page.drawString(MARGIN, y, _("%(label)s:") % {"label": label}, mode=BOLD)
            page.setFont(FONT, 9.5)
            page.drawString(MARGIN + 48 * mm, y, value)
            y -= 13

        # Closing and signatory
        y -= 18
        page.setFont(FONT, 10.5)
        page.drawString(MARGIN, y, _("Yours faithfully,"))
        y -= 40
        if letter.signatory_name:
            page.setFont(FONT, 10.5)
            page.drawString(MARGIN, y, letter.signatory_name, mode=BOLD)
            y -= 14
        if letter.signatory_title:
            page.setFont(FONT, 10)
            for line in _wrap(letter.signatory_title, FONT, 10, TEXT_WIDTH / 2):
                page.drawString(MARGIN, y, line)
                y -= 13

        # Verification: QR code with the URL and reference for those who cannot scan.
        qr_y = MARGIN
        quiet = draw_qr(page, verification_url, x=MARGIN, y=qr_y, width=QR_MIN_WIDTH)
        text_x = MARGIN + quiet + 4 * mm
        page.setFont(FONT, 9)
        page.drawString(text_x, qr_y + QR_MIN_WIDTH - 9, _("Verify this letter"), mode=BOLD)
        page.setFont(FONT, 8.5)
        line_y = qr_y + QR_MIN_WIDTH - 22
        for line in _wrap(
            _(
                "Scan the code or open the address below. Consular officers can also verify the reference "
                "with the passport number at %(url)s"
            )
            % {"url": f"{settings.SITE_URL}/verify/"},
            FONT,
            8.5,
            PAGE_WIDTH - MARGIN - text_x,
        ):
            page.drawString(text_x, line_y, line)
            line_y -= 11
        page.setFont(FONT, 8)
        page.drawString(text_x, line_y - 2, verification_url)
        page.setFont(FONT, 9)
        page.drawString(text_x, line_y - 16, _("Reference: %(reference)s") % {"reference": letter.reference}, mode=BOLD)

        page.showPage()
        page.save()
    return buffer.getvalue()


# --- Participation confirmation ---------------------------------------------------------------


# 35 × 45 mm at about 300 dpi.
PHOTO_PRINT_SIDE = 600


def _photo_jpeg(photo) -> bytes | None:
    """The stored photo as a small JPEG (reportlab embeds a JPEG as it is), or None if it cannot
    be read. Photos stored before uploads were re-encoded may be huge: they are decoded reduced,
    and one too large to decode within UPLOAD_IMAGE_MAX_PIXELS is left out rather than decoded."""
    try:
        with photo.open("rb") as handle:
            image = bounded_image(handle.read(), max_side=PHOTO_PRINT_SIDE)
    except (OSError, ValidationError):
        return None
    if image.mode != "RGB":
        # JPEG has no transparency: a transparent background prints white.
        rgba = image.convert("RGBA")
        image = Image.new("RGB", image.size, "white")
        image.paste(rgba, mask=rgba)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def participation_confirmation_pdf(*, delegate, registrations, code: str, code_display: str) -> bytes:
    """One page the delegate shows at the pass and ID office: photo, name, organization, forum,
    their sessions, and a QR code of the signed check-in code."""
    accreditation = delegate.accreditation
    forum = accreditation.forum
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    page.setTitle(_("Participation confirmation"))
    page.setAuthor(_("%(forum)s — Secretariat") % {"forum": forum.name})

    top = PAGE_HEIGHT - MARGIN
    page.setFillColor(UN_BLUE)
    page.setFont(FONT_BOLD, 13)
    page.drawString(MARGIN, top, forum.name)
    page.setFont(FONT, 9.5)
    dates = forum_dates(forum.starts_on, forum.ends_on, translation.get_language() or "en")
    page.drawString(MARGIN, top - 14, f"{dates} · {forum.venue}, {forum.city}")
    page.setStrokeColor(UN_BLUE)
    page.line(MARGIN, top - 22, PAGE_WIDTH - MARGIN, top - 22)
    page.setFillColor(colors.black)

    y = top - 52
    page.setFont(FONT_BOLD, 16)
    page.drawString(MARGIN, y, _("Participation confirmation"))

    # Photo on the right, name and details on the left.
    photo_width, photo_height = 35 * mm, 45 * mm
    photo_x, photo_y = PAGE_WIDTH - MARGIN - photo_width, y - photo_height + 8
    photo = _photo_jpeg(delegate.photo) if delegate.photo else None
    if photo is not None:
        page.drawImage(
            ImageReader(io.BytesIO(photo)),
            photo_x,
            photo_y,
            width=photo_width,
            height=photo_height,
            preserveAspectRatio=True,
            anchor="c",
        )
    page.setStrokeColor(colors.HexColor("#9ca3af"))
    page.rect(photo_x, photo_y, photo_width, photo_height, stroke=1, fill=0)

    y -= 30
    page.setFont(FONT_BOLD, 14)
    for line in _wrap(delegate.full_name, FONT_BOLD, 14, TEXT_WIDTH - photo_width - 10 * mm):
        page.drawString(MARGIN, y, line)
        y -= 18
    page.setFont(FONT, 10.5)
    for label, value in (
        (_("Organization"), accreditation.organization.name),
        (_("Nationality"), str(delegate.nationality.name)),
        (_("Participation"), str(delegate.get_modality_display())),
        (_("Status"), str(delegate.get_status_display())),
    ):
        for line in _wrap(f"{label}: {value}", FONT, 10.5, TEXT_WIDTH - photo_width - 10 * mm):
            page.drawString(MARGIN, y, line)
            y -= 14

    y = min(y, photo_y) - 24
    page.setFont(FONT_BOLD, 11.5)
    page.drawString(MARGIN, y, _("Your sessions"))
    y -= 16
    page.setFont(FONT, 9.5)
    if not registrations:
        page.drawString(MARGIN, y, _("No session chosen yet."))
        y -= 13
    for registration in registrations:
        session = registration.session
        starts = forum.local(session.starts_at)
        ends = forum.local(session.ends_at)
        when = f"{date_format(starts, 'D j M')} {date_format(starts, 'H:i')}–{date_format(ends, 'H:i')}"
        state = (
            _("waitlist no. %(position)d") % {"position": registration.position}
            if registration.status == "waitlisted"
            else (_("in person") if registration.in_person else _("online"))
        )
        for line in _wrap(f"{when}  {session.title} — {session.room or '—'} ({state})", FONT, 9.5, TEXT_WIDTH):
            if y < MARGIN + 60 * mm:
                break
            page.drawString(MARGIN, y, line)
            y -= 13

    qr_y = MARGIN
    quiet = draw_qr(page, code, x=MARGIN, y=qr_y, width=40 * mm)
    text_x = MARGIN + quiet + 4 * mm
    page.setFont(FONT_BOLD, 10)
    page.drawString(text_x, qr_y + 40 * mm - 10, _("Check-in code"))
    page.setFont(FONT, 9.5)
    line_y = qr_y + 40 * mm - 26
    for line in _wrap(
        _("Show this page and your passport at the pass and ID office. The code is checked on the spot."),
        FONT,
        9.5,
        PAGE_WIDTH - MARGIN - text_x,
    ):
        page.drawString(text_x, line_y, line)
        line_y -= 12
    page.setFont(FONT_BOLD, 10)
    page.drawString(text_x, line_y - 6, code_display)
    page.showPage()
    page.save()
    return buffer.getvalue()
