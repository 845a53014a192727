"""Fill a database at the size of a UN climate conference, for `make bench`:

    python manage.py seed_scale --organizations 10000 --delegates 30000 --letters 20000

Bulk inserts (no per-row save), through the same database constraints as real data: at most
``delegate_cap`` active representatives per accreditation (distinct slots), one active
nomination per person and forum, one open letter per delegate, gap-free letter numbers.
Distributions follow what the Secretariat sees: most applications accredited, a mix of bases,
countries from every region, some withdrawn and refused nominations, letters in every state.
Deterministic (seeded) so two runs give the same data. Refuses to run twice on the same forum.
"""

import random
import secrets
import time
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django_countries import countries

from accreditation.enums import (
    AccreditationStatus,
    Basis,
    DelegateStatus,
    EcosocCategory,
    Gender,
    ParticipationModality,
    RegistrationStatus,
    StakeholderType,
    VisaLetterStatus,
    VisaOutcome,
)
from accreditation.models import Accreditation, Delegate, Membership, Organization, SessionRegistration, VisaLetter
from accreditation.normalize import organization_key, person_key
from events.enums import Modality, SessionKind
from events.models import Forum, Session
from imrf.crypto import encrypt

SCALE_SLUG = "imrf-scale"
BATCH = 2000
PASSWORD = "scale-demo-password"  # noqa: S105 - benchmark accounts on a throwaway database

FAMILY = [
    "Nguyễn",
    "García",
    "Okafor",
    "Żółć",
    "Ndiaye",
    "Rahman",
    "Silva",
    "Kowalski",
    "Haddad",
    "Mensah",
    "Petrović",
    "Quispe",
    "Khan",
    "Tanaka",
    "Müller",
    "Grímsson",
    "Dlamini",
    "Hernández",
    "Ali",
    "Smith",
]
GIVEN = [
    "Thị Ánh",
    "José Luis",
    "Chidi",
    "Łukasz",
    "Aïssatou",
    "Mohammad",
    "Ana",
    "Marta",
    "Layla",
    "Kwame",
    "Jelena",
    "María José",
    "Fatima",
    "Yuki",
    "Jonas",
    "Ólafur",
    "Thandiwe",
    "Rosa",
    "Omar",
    "Grace",
]
WORDS = [
    "Migrant",
    "Workers",
    "Rights",
    "Network",
    "Diaspora",
    "Alliance",
    "Refugee",
    "Solidarity",
    "Youth",
    "Women",
    "Mobility",
    "Observatory",
    "Legal",
    "Aid",
    "Forum",
    "Coalition",
    "Initiative",
    "Centre",
    "Voices",
    "Council",
]

STATUS_WEIGHTS = [
    (AccreditationStatus.ACCREDITED, 85),
    (AccreditationStatus.SUBMITTED, 5),
    (AccreditationStatus.INFO_REQUESTED, 2),
    (AccreditationStatus.NON_OBJECTION, 3),
    (AccreditationStatus.REJECTED, 2),
    (AccreditationStatus.DRAFT, 2),
    (AccreditationStatus.WITHDRAWN, 1),
]
BASIS_WEIGHTS = [(Basis.ECOSOC, 40), (Basis.GCM, 10), (Basis.NHRI, 5), (Basis.SPECIAL, 45)]


def _weighted(rng: random.Random, weights):
    values, counts = zip(*weights, strict=True)
    return rng.choices(values, weights=counts, k=1)[0]


class Progress:
    def __init__(self, stdout, label: str, total: int) -> None:
        self.stdout, self.label, self.total, self.done = stdout, label, max(total, 1), 0
        self.started = time.perf_counter()

    def advance(self, count: int) -> None:
        self.done += count
        width = 30
        filled = int(width * self.done / self.total)
        self.stdout.write(
            f"\r{self.label:<24} [{'#' * filled}{'.' * (width - filled)}] {self.done:>7}/{self.total}"
            f"  {time.perf_counter() - self.started:5.1f}s",
            ending="",
        )
        self.stdout.flush()
        if self.done >= self.total:
            self.stdout.write("")


class Command(BaseCommand):
    help = "Fill the database with a conference-sized forum for benchmarks (bulk, deterministic)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organizations", type=int, default=10000)
        parser.add_argument("--delegates", type=int, default=30000)
        parser.add_argument("--letters", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, organizations: int, delegates: int, letters: int, seed: int, **options) -> None:
        if Forum.objects.filter(slug=SCALE_SLUG).exists():
            raise CommandError("The scale forum already exists; use a fresh database (make bench does).")
        started = time.perf_counter()
        rng = random.Random(seed)  # noqa: S311 - deterministic test data, not security
        with transaction.atomic():
            forum = self._forum()
            sessions = self._sessions(forum)
            users = self._users(organizations, rng)
            orgs = self._organizations(organizations, rng)
            self._memberships(orgs, users)
            accreditations = self._accreditations(forum, orgs, rng)
            delegate_rows = self._delegates(forum, accreditations, delegates, rng)
            self._letters(forum, delegate_rows, letters, rng)
            self._registrations(sessions, delegate_rows, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Seeded in {time.perf_counter() - started:.1f}s."))

    # --- the forum ---------------------------------------------------------------------------

    def _forum(self) -> Forum:
        Forum.objects.filter(is_active=True).update(is_active=False)
        starts_on = timezone.localdate() + timedelta(days=120)
        tz = Forum(time_zone="America/New_York").tzinfo

        def deadline(days: int) -> datetime:
            return datetime.combine(starts_on - timedelta(days=days), datetime.min.time(), tzinfo=tz)

        return Forum.objects.create(
            name="International Migration Review Forum (scale test)",
            short_name="IMRFSCALE",
            slug=SCALE_SLUG,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=3),
            venue="United Nations Headquarters",
            city="New York",
            country="US",
            applications_close_at=deadline(75),
            nominations_close_at=deadline(45),
            visa_requests_close_at=deadline(35),
            signatory_name="Ana López Ortega",
            signatory_title="Chief, Civil Society Liaison",
            is_active=True,
        )

    def _sessions(self, forum: Forum) -> list[Session]:
        tz = forum.tzinfo
        rows = []
        for day in range(4):
            for hour, kind, number in ((10, SessionKind.ROUND_TABLE, day + 1), (15, SessionKind.PLENARY, None)):
                starts = datetime.combine(forum.starts_on + timedelta(days=day), datetime.min.time(), tzinfo=tz)
                starts = starts.replace(hour=hour)
                rows.append(
                    Session(
                        forum=forum,
                        kind=kind,
                        number=number,
                        title=f"Round table {number}" if number else f"Plenary, day {day + 1}",
                        gcm_objectives=[1 + (day * 5 + i) % 23 for i in range(5)] if number else [],
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=3),
                        room="Conference Room 4" if number else "General Assembly Hall",
                        modality=Modality.IN_PERSON if number else Modality.HYBRID,
                        stakeholder_seats=400 if number else 2000,
                    )
                )
        return Session.objects.bulk_create(rows)

    # --- people and organizations --------------------------------------------------------

    def _users(self, count: int, rng: random.Random) -> list:
        user_model = get_user_model()
        password = make_password(PASSWORD)
        progress = Progress(self.stdout, "focal points", count)
        created = []
        for start in range(0, count, BATCH):
            batch = [
                user_model(
                    email=f"focal{index}@scale.example",
                    full_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    password=password,
                )
                for index in range(start, min(start + BATCH, count))
            ]
            created.extend(user_model.objects.bulk_create(batch))
            progress.advance(len(batch))
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created],
            batch_size=BATCH,
        )
        return created

    def _organizations(self, count: int, rng: random.Random) -> list[Organization]:
        codes = [code for code, _name in countries]
        types = StakeholderType.values
        progress = Progress(self.stdout, "organizations", count)
        created = []
        for start in range(0, count, BATCH):
            batch = []
            for index in range(start, min(start + BATCH, count)):
                name = f"{' '.join(rng.sample(WORDS, 3))} {index}"
                registered = rng.random() > 0.05
                batch.append(
                    Organization(
                        name=name,
                        name_key=organization_key(name),
                        acronym=f"ORG{index}",
                        country=rng.choice(codes),
                        city="Capital",
                        website=f"https://org{index}.example.org",
                        email=f"contact{index}@org.example",
                        stakeholder_type=rng.choice(types),
                        migration_work="Work on migration.",
                        head_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                        head_title="Director",
                        year_founded=rng.randint(1950, 2023),
                        is_registered=registered,
                        registration_number="" if not registered else f"REG-{index}",
                        registration_explanation="" if registered else "Cannot register where it works.",
                    )
                )
            created.extend(Organization.objects.bulk_create(batch))
            progress.advance(len(batch))
        return created

    def _memberships(self, orgs: list[Organization], users: list) -> None:
        Membership.objects.bulk_create(
            [Membership(organization=org, user=user) for org, user in zip(orgs, users, strict=False)],
            batch_size=BATCH,
        )

    def _accreditations(self, forum: Forum, orgs: list[Organization], rng: random.Random) -> list[Accreditation]:
        now = timezone.now()
        progress = Progress(self.stdout, "accreditations", len(orgs))
        created = []
        for start in range(0, len(orgs), BATCH):
            batch = []
            for org in orgs[start : start + BATCH]:
                status = _weighted(rng, STATUS_WEIGHTS)
                basis = _weighted(rng, BASIS_WEIGHTS)
                submitted = status != AccreditationStatus.DRAFT
                circulated = basis == Basis.SPECIAL and status in {
                    AccreditationStatus.NON_OBJECTION,
                    AccreditationStatus.ACCREDITED,
                }
                batch.append(
                    Accreditation(
                        organization=org,
                        forum=forum,
                        basis=basis,
                        ecosoc_category=rng.choice(EcosocCategory.values) if basis == Basis.ECOSOC else "",
                        ecosoc_year=rng.randint(1970, 2024) if basis == Basis.ECOSOC else None,
                        status=status,
                        reason_for_participation="To take part in the review.",
                        submitted_at=now - timedelta(days=rng.randint(5, 60)) if submitted else None,
                        decided_at=now - timedelta(days=rng.randint(1, 4))
                        if status in {AccreditationStatus.ACCREDITED, AccreditationStatus.REJECTED}
                        else None,
                        circulated_at=now - timedelta(days=12) if circulated else None,
                        non_objection_ends_at=now - timedelta(days=2) if circulated else None,
                    )
                )
            created.extend(Accreditation.objects.bulk_create(batch))
            progress.advance(len(batch))
        return created

    def _delegates(self, forum: Forum, accreditations, count: int, rng: random.Random) -> list[Delegate]:
        accredited = [a for a in accreditations if a.status == AccreditationStatus.ACCREDITED]
        if not accredited:
            return []
        cap = forum.delegate_cap
        progress = Progress(self.stdout, "representatives", count)
        rows: list[Delegate] = []
        # Three active places per accredited organization, then withdrawn/refused nominations.
        plan: list[tuple[Accreditation, int | None, str]] = []
        for accreditation in accredited:
            for slot in range(1, cap + 1):
                plan.append(
                    (accreditation, slot, rng.choice([DelegateStatus.APPROVED] * 12 + [DelegateStatus.NOMINATED]))
                )
        while len(plan) < count:
            accreditation = rng.choice(accredited)
            plan.append(
                (accreditation, rng.randint(1, cap), rng.choice([DelegateStatus.WITHDRAWN, DelegateStatus.REJECTED]))
            )
        plan = plan[:count]
        now = timezone.now()
        genders = [Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.MALE, Gender.OTHER, ""]
        codes = [code for code, _name in countries]
        for index, (accreditation, slot, status) in enumerate(plan):
            family, given = f"{rng.choice(FAMILY)}-{index}", rng.choice(GIVEN)
            born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 14000))
            rows.append(
                Delegate(
                    accreditation=accreditation,
                    forum=forum,
                    slot=slot,
                    status=status,
                    family_name=family,
                    given_names=given,
                    date_of_birth=born,
                    gender=rng.choice(genders),
                    nationality=rng.choice(codes),
                    country_of_residence=rng.choice(codes),
                    email=f"delegate{index}@scale.example",
                    job_title="Advocate",
                    modality=ParticipationModality.IN_PERSON if rng.random() > 0.08 else ParticipationModality.VIRTUAL,
                    name_key=person_key(family_name=family, given_names=given, date_of_birth=born),
                    nominated_at=now,
                    decided_at=now if status != DelegateStatus.NOMINATED else None,
                )
            )
        created = []
        for start in range(0, len(rows), BATCH):
            created.extend(Delegate.objects.bulk_create(rows[start : start + BATCH]))
            progress.advance(len(rows[start : start + BATCH]))
        return created

    def _letters(self, forum: Forum, delegates: list[Delegate], count: int, rng: random.Random) -> None:
        eligible = [
            d
            for d in delegates
            if d.status == DelegateStatus.APPROVED and d.modality == ParticipationModality.IN_PERSON
        ]
        chosen = eligible[:count]
        progress = Progress(self.stdout, "visa letters", len(chosen))
        sequence = 0
        now = timezone.now()
        rows = []
        for delegate in chosen:
            status = _weighted(
                rng,
                [
                    (VisaLetterStatus.ISSUED, 70),
                    (VisaLetterStatus.REQUESTED, 20),
                    (VisaLetterStatus.DECLINED, 5),
                    (VisaLetterStatus.REVOKED, 5),
                ],
            )
            numbered = status in VisaLetterStatus.NUMBERED
            if numbered:
                sequence += 1
            letter = VisaLetter(
                delegate=delegate,
                forum=forum,
                status=status,
                passport_number=encrypt(f"P{delegate.pk:08d}"),
                passport_issuing_country=delegate.nationality,
                passport_issued_on=date(2022, 1, 1),
                passport_expires_on=date(2034, 1, 1),
                place_of_birth="Capital",
                consulate_country=delegate.country_of_residence,
                consulate_city="Capital",
                arrival_on=forum.starts_on - timedelta(days=2),
                departure_on=forum.ends_on + timedelta(days=1),
                sequence=sequence if numbered else None,
                reference=f"{forum.reference_prefix}-{sequence:06d}" if numbered else None,
                verification_token=secrets.token_urlsafe(32) if numbered else None,
                issued_at=now if numbered else None,
                visa_outcome=rng.choice(VisaOutcome.values) if numbered else VisaOutcome.PENDING,
            )
            if numbered:
                # What the letter prints, as the issuing service copies it.
                letter.copy_printed_details()
            rows.append(letter)
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            # The passport number is already ciphertext: insert it as is (bulk_create would encrypt again).
            _bulk_insert_preencrypted(batch)
            progress.advance(len(batch))

    def _registrations(self, sessions: list[Session], delegates: list[Delegate], rng: random.Random) -> None:
        approved = [d for d in delegates if d.status == DelegateStatus.APPROVED][:3000]
        rows = []
        for delegate in approved:
            session = rng.choice(sessions)
            rows.append(
                SessionRegistration(
                    delegate=delegate,
                    session=session,
                    status=RegistrationStatus.CONFIRMED,
                    in_person=delegate.modality == ParticipationModality.IN_PERSON,
                )
            )
        SessionRegistration.objects.bulk_create(rows, batch_size=BATCH)


def _bulk_insert_preencrypted(letters: list[VisaLetter]) -> None:
    from imrf import crypto

    original = crypto.encrypt
    crypto.encrypt = lambda value: value
    try:
        VisaLetter.objects.bulk_create(letters)
    finally:
        crypto.encrypt = original
