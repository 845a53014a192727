"""Milliseconds per visa letter, against the floor: a bare one-page reportlab text PDF made in
the same run (so the ratio means something on a noisy machine). Writes nothing to the database."""

import io
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from accreditation.enums import Basis, VisaLetterStatus
from accreditation.models import Accreditation, Delegate, Organization, VisaLetter
from accreditation.pdf import visa_letter_pdf
from events.models import Forum

NAMES = [("Nguyễn", "Thị Ánh"), ("Żółć", "Łukasz"), ("Grímsson", "Ólafur Ragnar"), ("Ndiaye", "Aïssatou")]


def _letters(count: int) -> list[VisaLetter]:
    forum = Forum(
        name="International Migration Review Forum 2026",
        short_name="IMRF2026",
        slug="imrf-2026",
        starts_on=date(2026, 5, 5),
        ends_on=date(2026, 5, 8),
        venue="United Nations Headquarters",
        city="New York",
        country="US",
        signatory_name="Ana López Ortega",
        signatory_title="Chief, Civil Society Liaison, IMRF Secretariat",
    )
    organization = Organization(name="Red de Mujeres Migrantes del Sur", country="AR", city="Buenos Aires")
    accreditation = Accreditation(organization=organization, forum=forum, basis=Basis.SPECIAL)
    letters = []
    for index in range(count):
        family, given = NAMES[index % len(NAMES)]
        delegate = Delegate(
            accreditation=accreditation,
            forum=forum,
            slot=1,
            family_name=family,
            given_names=given,
            date_of_birth=date(1980, 1, 1) + timedelta(days=index),
            nationality="VN",
            country_of_residence="KE",
        )
        letter = VisaLetter(
            delegate=delegate,
            forum=forum,
            status=VisaLetterStatus.ISSUED,
            passport_number=f"C{index:07d}",
            passport_expires_on=date(2031, 1, 1),
            consulate_country="KE",
            consulate_city="Nairobi",
            arrival_on=date(2026, 5, 3),
            departure_on=date(2026, 5, 9),
            language=("en", "fr", "es")[index % 3],
            sequence=index + 1,
            reference=f"IMRF2026-{index + 1:06d}",
            verification_token=f"{index:043d}",
            issued_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        )
        letter.copy_printed_details()
        letters.append(letter)
    return letters


def _floor_pdf(index: int) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10.5)
    y = 800
    for line in range(40):
        page.drawString(60, y, f"Line {line} of a bare one-page text document number {index}.")
        y -= 15
    page.showPage()
    page.save()
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Benchmark the visa letter PDF against a bare reportlab page (the floor)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--n", type=int, default=1000, help="Letters (and floor pages) to make.")
        parser.add_argument("--rounds", type=int, default=3, help="Alternating rounds; the median is reported.")

    def handle(self, *args, n: int, rounds: int, **options) -> None:
        letters = _letters(n)
        url = "https://accreditation.example.org/verify/{}/"
        visa_letter_pdf(letters[0], verification_url=url.format(letters[0].verification_token))  # warm up
        _floor_pdf(0)
        ours, floor = [], []
        for _round in range(rounds):
            started = time.perf_counter()
            for index in range(n):
                _floor_pdf(index)
            floor.append((time.perf_counter() - started) * 1000 / n)
            started = time.perf_counter()
            for letter in letters:
                visa_letter_pdf(letter, verification_url=url.format(letter.verification_token))
            ours.append((time.perf_counter() - started) * 1000 / n)
        letter_ms, floor_ms = statistics.median(ours), statistics.median(floor)
        self.stdout.write(f"letters: {n} x {rounds} rounds (median)")
        self.stdout.write(f"visa letter : {letter_ms:8.2f} ms per letter")
        self.stdout.write(f"floor (bare): {floor_ms:8.2f} ms per page")
        self.stdout.write(f"ratio       : {letter_ms / floor_ms:8.2f} x the floor")
        target = "holds" if letter_ms <= 10 else "does NOT hold"
        self.stdout.write(f"target (<= 10 ms per letter): {target}")
