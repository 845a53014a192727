"""PDF documents drawn with reportlab (no system libraries): the non-objection list.

DejaVu Sans (vendored from the npm package dejavu-fonts-ttf) is registered once, at import,
because font parsing is the most expensive step of drawing a page; it covers the Latin,
Greek and Cyrillic names organizations and people carry ("Nguyễn Thị Ánh", "Łukasz Żółć").
"""

import io
from collections.abc import Iterable
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accreditation.models import Accreditation
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
