"""Load the demo forum: IMRF 2026 at UN Headquarters, its programme, organizations in every
state, representatives, and one demo user per role. Idempotent: running it again changes
nothing (objects are found by their natural keys).

The forum's dates are set relative to the day the demo is first loaded, so its deadlines are
open and every path of the product can be tried.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from accreditation.enums import (
    AccreditationStatus,
    Basis,
    DelegateStatus,
    DocumentKind,
    EcosocCategory,
    Gender,
    ParticipationModality,
    StakeholderType,
)
from accreditation.models import (
    Accreditation,
    AccreditationDocument,
    Delegate,
    EcosocListing,
    Membership,
    Organization,
)
from accreditation.normalize import organization_key, person_key
from events.enums import Modality, SessionKind
from events.models import Forum, Session
from imrf import roles

FORUM_SLUG = "imrf-2026"
# Demo staff sign in with an authenticator app set up with this published key (demo only).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - published demo key, DEBUG only

DEMO_USERS = [
    # email, password, full name, group (None: superuser or portal user)
    ("admin@imrf.example", "imrf-demo-admin-2026", "Demo Superuser", "superuser"),
    ("accreditation@imrf.example", "imrf-demo-accreditation", "Amina Diallo", roles.ACCREDITATION_OFFICERS),
    ("visa@imrf.example", "imrf-demo-visa-officer", "Carlos Mendoza", roles.VISA_OFFICERS),
    ("programme@imrf.example", "imrf-demo-programme", "Mei Lin", roles.PROGRAMME_MANAGERS),
    ("viewer@imrf.example", "imrf-demo-viewer-2026", "Olga Petrova", roles.VIEWERS),
    ("focal@imrf.example", "imrf-demo-focal-point", "Grace Achieng", "focal"),
    ("delegate@imrf.example", "imrf-demo-delegate-26", "Nguyễn Thị Ánh", "delegate"),
]


@dataclass
class DemoDelegate:
    family_name: str
    given_names: str
    born: date
    gender: str
    nationality: str
    residence: str
    job_title: str
    status: str = DelegateStatus.APPROVED
    modality: str = ParticipationModality.IN_PERSON
    head: bool = False
    login: str | None = None


@dataclass
class DemoOrganization:
    name: str
    acronym: str
    country: str
    city: str
    stakeholder_type: str
    basis: str
    status: str
    migration_work: str
    head: tuple[str, str]
    founded: int
    registered: bool = True
    explanation: str = ""
    ecosoc: tuple[str, int] | None = None
    reason: str = ""
    decision_reason: str = ""
    info_request: str = ""
    objection: str = ""
    focal_point: str | None = None
    delegates: list[DemoDelegate] = field(default_factory=list)


ORGANIZATIONS = [
    DemoOrganization(
        name="Migrant Workers Rights Network",
        acronym="MWRN",
        country="KE",
        city="Nairobi",
        stakeholder_type=StakeholderType.NGO,
        basis=Basis.ECOSOC,
        status=AccreditationStatus.ACCREDITED,
        migration_work="Legal aid and advocacy for migrant workers along the East African corridors to the Gulf.",
        head=("Grace Achieng", "Executive Director"),
        founded=2004,
        ecosoc=(EcosocCategory.SPECIAL, 2012),
        focal_point="focal@imrf.example",
        delegates=[
            DemoDelegate(
                "Nguyễn",
                "Thị Ánh",
                date(1988, 3, 14),
                Gender.FEMALE,
                "VN",
                "KE",
                "Policy Officer",
                head=True,
                login="delegate@imrf.example",
            ),
            DemoDelegate("Żółć", "Łukasz", date(1979, 11, 2), Gender.MALE, "PL", "KE", "Legal Counsel"),
            DemoDelegate(
                "Ragnarsdóttir",
                "Ólöf",
                date(1992, 6, 30),
                Gender.FEMALE,
                "IS",
                "KE",
                "Researcher",
                status=DelegateStatus.NOMINATED,
            ),
        ],
    ),
    DemoOrganization(
        name="Red de Mujeres Migrantes del Sur",
        acronym="REDMMS",
        country="AR",
        city="Buenos Aires",
        stakeholder_type=StakeholderType.MIGRANT,
        basis=Basis.GCM,
        status=AccreditationStatus.ACCREDITED,
        migration_work="Una red de organizaciones de mujeres migrantes en el Cono Sur.",
        head=("María José Quispe", "Coordinadora General"),
        founded=2011,
        delegates=[
            DemoDelegate(
                "Quispe Mamani",
                "María José",
                date(1985, 1, 20),
                Gender.FEMALE,
                "BO",
                "AR",
                "Coordinadora General",
                head=True,
            ),
            DemoDelegate(
                "Fernández",
                "Lucía",
                date(1996, 9, 5),
                Gender.FEMALE,
                "PY",
                "AR",
                "Comunicadora",
                modality=ParticipationModality.VIRTUAL,
            ),
        ],
    ),
    DemoOrganization(
        name="Commission nationale des droits de l'homme du Sénégal",
        acronym="CNDHS",
        country="SN",
        city="Dakar",
        stakeholder_type=StakeholderType.NHRI,
        basis=Basis.NHRI,
        status=AccreditationStatus.ACCREDITED,
        migration_work="Suivi des droits des personnes migrantes et de retour au Sénégal.",
        head=("Aïssatou Ndiaye", "Présidente"),
        founded=1970,
        delegates=[
            DemoDelegate("Ndiaye", "Aïssatou", date(1968, 4, 12), Gender.FEMALE, "SN", "SN", "Présidente", head=True),
        ],
    ),
    DemoOrganization(
        name="Global Diaspora Alliance for Development",
        acronym="GDAD",
        country="GB",
        city="London",
        stakeholder_type=StakeholderType.DIASPORA,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.ACCREDITED,
        migration_work="Connects diaspora investors and associations with development projects at home.",
        head=("Kwame Mensah", "Chair"),
        founded=2015,
        reason="Diaspora contributions (GCM objective 19) are central to the Forum's review.",
        delegates=[
            DemoDelegate("Mensah", "Kwame", date(1975, 8, 19), Gender.MALE, "GH", "GB", "Chair", head=True),
        ],
    ),
    DemoOrganization(
        name="Rohingya Solidarity Voices",
        acronym="RSV",
        country="BD",
        city="Cox's Bazar",
        stakeholder_type=StakeholderType.MIGRANT,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.ACCREDITED,
        migration_work="Refugee-led documentation of the needs of stateless people in the camps.",
        head=("Mohammed Hasan", "Spokesperson"),
        founded=2018,
        registered=False,
        explanation="As a refugee-led group we cannot register with the authorities of the host country; "
        "a letter from a partner UN-registered NGO and our public reports prove our work.",
        reason="Stateless refugees are rarely heard in reviews of the Global Compact.",
        delegates=[
            DemoDelegate(
                "Hasan",
                "Mohammed",
                date(1990, 2, 1),
                Gender.MALE,
                "MM",
                "BD",
                "Spokesperson",
                head=True,
                modality=ParticipationModality.VIRTUAL,
            ),
        ],
    ),
    DemoOrganization(
        name="Youth on the Move Collective",
        acronym="YMC",
        country="PH",
        city="Manila",
        stakeholder_type=StakeholderType.YOUTH,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.NON_OBJECTION,
        migration_work="Young migrants' peer support and participation in policy-making.",
        head=("Andrea Santos", "President"),
        founded=2019,
        reason="Brings the voice of young migrants to round table 1.",
    ),
    DemoOrganization(
        name="Interfaith Network for Refugee Welcome",
        acronym="INRW",
        country="DE",
        city="Berlin",
        stakeholder_type=StakeholderType.FAITH_BASED,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.SUBMITTED,
        migration_work="Churches, mosques and synagogues welcoming newcomers in 40 German cities.",
        head=("Johannes Becker", "Speaker of the board"),
        founded=2016,
        reason="Local reception practice for GCM objectives 15 and 16.",
    ),
    DemoOrganization(
        name="Centre for Migration Research, Université Cheikh Anta Diop",
        acronym="CMR-UCAD",
        country="SN",
        city="Dakar",
        stakeholder_type=StakeholderType.ACADEMIC,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.INFO_REQUESTED,
        migration_work="Research on West African mobility and migration data.",
        head=("Fatou Sarr", "Director"),
        founded=2009,
        reason="Data on mobility in the ECOWAS region (objective 1).",
        info_request="Please upload a letter from the Director confirming who will represent the Centre.",
    ),
    DemoOrganization(
        name="International Confederation of Domestic Workers' Unions",
        acronym="ICDWU",
        country="ZA",
        city="Johannesburg",
        stakeholder_type=StakeholderType.TRADE_UNION,
        basis=Basis.ECOSOC,
        status=AccreditationStatus.SUBMITTED,
        migration_work="Organizes migrant domestic workers in 60 countries.",
        head=("Thandiwe Dlamini", "General Secretary"),
        founded=2013,
        ecosoc=(EcosocCategory.ROSTER, 2019),
    ),
    DemoOrganization(
        name="Fair Recruitment Business Council",
        acronym="FRBC",
        country="AE",
        city="Dubai",
        stakeholder_type=StakeholderType.PRIVATE_SECTOR,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.REJECTED,
        migration_work="Recruitment agencies committed to the employer-pays principle.",
        head=("Omar Al-Farsi", "Chief Executive"),
        founded=2020,
        reason="Ethical recruitment (objective 6).",
        decision_reason="The documents do not show activities related to migration before 2024.",
    ),
    DemoOrganization(
        name="Sahel Mobility Observatory",
        acronym="SMO",
        country="NE",
        city="Niamey",
        stakeholder_type=StakeholderType.OTHER,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.OBJECTED,
        migration_work="Monitors mobility and returns across the Sahel.",
        head=("Ibrahim Moussa", "Coordinator"),
        founded=2017,
        reason="Data from the central Sahel.",
        objection="Objection received from a Member State (note verbale of the Permanent Mission).",
    ),
    DemoOrganization(
        name="Balkan Route Legal Aid",
        acronym="BRLA",
        country="RS",
        city="Belgrade",
        stakeholder_type=StakeholderType.NGO,
        basis=Basis.SPECIAL,
        status=AccreditationStatus.DRAFT,
        migration_work="Free legal counselling for people on the move in the Western Balkans.",
        head=("Jelena Petrović", "Director"),
        founded=2015,
    ),
    DemoOrganization(
        name="Pacific Climate Mobility Network",
        acronym="PCMN",
        country="FJ",
        city="Suva",
        stakeholder_type=StakeholderType.NGO,
        basis=Basis.GCM,
        status=AccreditationStatus.WITHDRAWN,
        migration_work="Planned relocation and climate-induced displacement in the Pacific.",
        head=("Sione Tupou", "Coordinator"),
        founded=2014,
    ),
    DemoOrganization(
        name="Border Monitoring Coalition",
        acronym="BMC",
        country="MX",
        city="Tijuana",
        stakeholder_type=StakeholderType.NGO,
        basis=Basis.ECOSOC,
        status=AccreditationStatus.REVOKED,
        migration_work="Monitors conditions at border crossings.",
        head=("Rosa Hernández", "Director"),
        founded=2008,
        ecosoc=(EcosocCategory.ROSTER, 2015),
        decision_reason="Its ECOSOC consultative status was withdrawn.",
    ),
]

ECOSOC_LIST = [
    ("Migrant Workers Rights Network", "KE", EcosocCategory.SPECIAL, 2012),
    ("International Confederation of Domestic Workers Unions", "ZA", EcosocCategory.ROSTER, 2019),
    ("Caritas Migration Services International", "CH", EcosocCategory.GENERAL, 1999),
    ("Asociación de Retornados Centroamericanos", "HN", EcosocCategory.SPECIAL, 2017),
]


def _pdf(title: str) -> bytes:
    """A small one-page PDF standing in for an uploaded document."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(title)
    page.drawString(72, 770, title)
    page.drawString(72, 750, "Demo document generated by seed_demo.")
    page.save()
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the demo forum, programme, organizations, representatives and demo users (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (the demo users have published passwords).",
        )
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, force: bool, quiet_accounts: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates users with published passwords; use --force outside DEBUG.")
        with transaction.atomic():
            forum = self._forum()
            self._programme(forum)
            users = self._users()
            self._ecosoc_list()
            for spec in ORGANIZATIONS:
                self._organization(forum, spec, users)
        self.stdout.write(self.style.SUCCESS(f"Demo forum ready: {forum.name}"))
        if settings.DEBUG and not quiet_accounts:
            self.stdout.write("Demo accounts (sign in at http://127.0.0.1:8000/accounts/login/ or /admin/):")
            for email, password, _name, role in DEMO_USERS:
                self.stdout.write(f"  {role:<24} {email:<30} {password}")
            self.stdout.write(
                "Staff accounts ask for a two-factor code: add the key "
                f"{DEMO_TOTP_SECRET} to an authenticator app, or run `make totp` for the current code."
            )

    # --- the forum and its programme ------------------------------------------------------

    def _forum(self) -> Forum:
        forum = Forum.objects.filter(slug=FORUM_SLUG).first()
        if forum is not None:
            return forum
        today = timezone.localdate()
        # The Forum opens on a Tuesday about four months ahead; deadlines fall before it.
        starts_on = today + timedelta(days=120)
        starts_on += timedelta(days=(1 - starts_on.weekday()) % 7)
        new_york = Forum(time_zone="America/New_York").tzinfo

        def deadline(days_before: int) -> datetime:
            return datetime.combine(starts_on - timedelta(days=days_before), time(23, 59), tzinfo=new_york)

        Forum.objects.filter(is_active=True).update(is_active=False)
        return Forum.objects.create(
            name="International Migration Review Forum 2026",
            short_name="IMRF2026",
            slug=FORUM_SLUG,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=3),
            venue="United Nations Headquarters",
            city="New York",
            country="US",
            time_zone="America/New_York",
            delegate_cap=3,
            minimum_age=18,
            applications_close_at=deadline(75),
            nominations_close_at=deadline(45),
            visa_requests_close_at=deadline(35),
            non_objection_days=10,
            retention_days=90,
            signatory_name="Ana López Ortega",
            signatory_title="Chief, Civil Society Liaison, IMRF Secretariat",
            is_active=True,
        )

    def _programme(self, forum: Forum) -> None:
        tz = forum.tzinfo
        day = forum.starts_on

        def at(offset: int, hour: int, minute: int = 0) -> datetime:
            return datetime.combine(day + timedelta(days=offset), time(hour, minute), tzinfo=tz)

        sessions = [
            (
                SessionKind.HEARING,
                None,
                "Informal interactive multi-stakeholder hearing",
                "Stakeholders speak to Member States the day before the Forum opens.",
                [],
                at(-1, 10),
                at(-1, 18),
                "Trusteeship Council Chamber",
                Modality.HYBRID,
                250,
                20,
            ),
            (
                SessionKind.PLENARY,
                None,
                "Opening of the Forum",
                "Opening plenary, statements by the President of the General Assembly and the Secretary-General.",
                [],
                at(0, 10),
                at(0, 13),
                "General Assembly Hall",
                Modality.HYBRID,
                120,
                10,
            ),
            (
                SessionKind.SIDE_EVENT,
                None,
                "Side event: Counting the invisible — data on irregular migration",
                "Organized by the Centre for Migration Research and partners.",
                [1],
                at(0, 13, 15),
                at(0, 14, 30),
                "Conference Room 11",
                Modality.IN_PERSON,
                60,
                5,
            ),
            (
                SessionKind.ROUND_TABLE,
                1,
                "Round table 1",
                "Interactive multi-stakeholder round table on objectives 2, 5, 6, 12 and 18.",
                [2, 5, 6, 12, 18],
                at(0, 15),
                at(0, 18),
                "Conference Room 4",
                Modality.IN_PERSON,
                40,
                8,
            ),
            (
                SessionKind.ROUND_TABLE,
                2,
                "Round table 2",
                "Interactive multi-stakeholder round table on objectives 4, 8, 9, 10, 11, 13 and 21.",
                [4, 8, 9, 10, 11, 13, 21],
                at(1, 10),
                at(1, 13),
                "Conference Room 4",
                Modality.IN_PERSON,
                40,
                8,
            ),
            (
                SessionKind.ROUND_TABLE,
                3,
                "Round table 3",
                "Interactive multi-stakeholder round table on objectives 14, 15, 16, 19, 20 and 22.",
                [14, 15, 16, 19, 20, 22],
                at(1, 15),
                at(1, 18),
                "Conference Room 4",
                Modality.IN_PERSON,
                40,
                8,
            ),
            (
                SessionKind.ROUND_TABLE,
                4,
                "Round table 4",
                "Interactive multi-stakeholder round table on objectives 1, 3, 7, 17 and 23.",
                [1, 3, 7, 17, 23],
                at(2, 10),
                at(2, 13),
                "Conference Room 4",
                Modality.IN_PERSON,
                40,
                8,
            ),
            (
                SessionKind.POLICY_DEBATE,
                None,
                "Policy debate",
                "Policy debate on the implementation of the Global Compact.",
                [],
                at(2, 15),
                at(2, 18),
                "ECOSOC Chamber",
                Modality.HYBRID,
                60,
                10,
            ),
            (
                SessionKind.PLENARY,
                None,
                "General debate",
                "Plenary general debate (continued).",
                [],
                at(3, 10),
                at(3, 13),
                "General Assembly Hall",
                Modality.HYBRID,
                120,
                0,
            ),
            (
                SessionKind.PLENARY,
                None,
                "Closing plenary and adoption of the Progress Declaration",
                "Closing of the Forum with the adoption of the Progress Declaration.",
                [],
                at(3, 15),
                at(3, 18),
                "General Assembly Hall",
                Modality.HYBRID,
                120,
                0,
            ),
        ]
        for kind, number, title, description, objectives, starts, ends, room, modality, seats, reserved in sessions:
            Session.objects.get_or_create(
                forum=forum,
                title=title,
                defaults={
                    "kind": kind,
                    "number": number,
                    "description": description,
                    "gcm_objectives": objectives,
                    "starts_at": starts,
                    "ends_at": ends,
                    "room": room,
                    "modality": modality,
                    "stakeholder_seats": seats,
                    "reserved_seats": reserved,
                    "webcast_url": "https://webtv.un.org/" if modality == Modality.HYBRID else "",
                },
            )

    # --- people ----------------------------------------------------------------------------

    def _users(self) -> dict[str, object]:
        user_model = get_user_model()
        users = {}
        for email, password, full_name, role in DEMO_USERS:
            user = user_model.objects.filter(email=email).first()
            if user is None:
                user = user_model(email=email, full_name=full_name)
                user.set_password(password)
                user.is_superuser = role == "superuser"
                user.is_staff = role not in {"focal", "delegate"}
                user.save()
                if role not in {"superuser", "focal", "delegate"}:
                    user.groups.add(Group.objects.get(name=role))
                if user.is_staff:
                    TOTP.activate(user, DEMO_TOTP_SECRET)
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            users[email] = user
        return users

    def _ecosoc_list(self) -> None:
        for name, country, category, year in ECOSOC_LIST:
            EcosocListing.objects.get_or_create(
                name_key=organization_key(name),
                country=country,
                defaults={"name": name, "category": category, "year": year},
            )

    def _organization(self, forum: Forum, spec: DemoOrganization, users: dict) -> None:
        organization = Organization.objects.filter(name_key=organization_key(spec.name), country=spec.country).first()
        if organization is None:
            organization = Organization.objects.create(
                name=spec.name,
                acronym=spec.acronym,
                country=spec.country,
                city=spec.city,
                website=f"https://{spec.acronym.lower()}.example.org",
                email=f"contact@{spec.acronym.lower()}.example.org",
                phone="+1 212 555 0100",
                stakeholder_type=spec.stakeholder_type,
                migration_work=spec.migration_work,
                head_name=spec.head[0],
                head_title=spec.head[1],
                year_founded=spec.founded,
                is_registered=spec.registered,
                registration_number="" if not spec.registered else f"REG-{spec.founded}-{spec.acronym}",
                registration_explanation=spec.explanation,
            )
        if spec.focal_point:
            Membership.objects.get_or_create(organization=organization, user=users[spec.focal_point])
        accreditation = Accreditation.objects.filter(organization=organization, forum=forum).first()
        if accreditation is None:
            accreditation = self._accreditation(forum, organization, spec, users)
        for slot, person in enumerate(spec.delegates, start=1):
            key = person_key(family_name=person.family_name, given_names=person.given_names, date_of_birth=person.born)
            if Delegate.objects.filter(accreditation=accreditation, name_key=key).exists():
                continue
            Delegate.objects.create(
                accreditation=accreditation,
                forum=forum,
                slot=slot,
                status=person.status,
                family_name=person.family_name,
                given_names=person.given_names,
                date_of_birth=person.born,
                gender=person.gender,
                nationality=person.nationality,
                country_of_residence=person.residence,
                email=person.login
                or f"{person.given_names.split()[0].lower()}.{slot}@{spec.acronym.lower()}.example.org",
                job_title=person.job_title,
                modality=person.modality,
                is_head_of_delegation=person.head,
                user=users.get(person.login) if person.login else None,
                nominated_by=users.get(spec.focal_point) if spec.focal_point else None,
                decided_at=timezone.now() if person.status == DelegateStatus.APPROVED else None,
                decided_by=users["accreditation@imrf.example"] if person.status == DelegateStatus.APPROVED else None,
            )

    def _accreditation(self, forum: Forum, organization: Organization, spec: DemoOrganization, users) -> Accreditation:
        now = timezone.now()
        submitted = spec.status != AccreditationStatus.DRAFT
        decided = spec.status in {
            AccreditationStatus.ACCREDITED,
            AccreditationStatus.REVOKED,
            AccreditationStatus.REJECTED,
            AccreditationStatus.OBJECTED,
        }
        circulated = spec.status in {AccreditationStatus.NON_OBJECTION, AccreditationStatus.OBJECTED} or (
            spec.basis == Basis.SPECIAL and spec.status == AccreditationStatus.ACCREDITED
        )
        accreditation = Accreditation.objects.create(
            organization=organization,
            forum=forum,
            basis=spec.basis,
            ecosoc_category=spec.ecosoc[0] if spec.ecosoc else "",
            ecosoc_year=spec.ecosoc[1] if spec.ecosoc else None,
            status=spec.status,
            reason_for_participation=spec.reason,
            submitted_at=now - timedelta(days=20) if submitted else None,
            submitted_by=users.get(spec.focal_point) if submitted and spec.focal_point else None,
            decided_at=now - timedelta(days=2) if decided else None,
            decided_by=users["accreditation@imrf.example"] if decided else None,
            decision_reason=spec.decision_reason,
            info_request_message=spec.info_request,
            info_requested_at=now - timedelta(days=5) if spec.info_request else None,
            circulated_at=now - timedelta(days=12) if circulated else None,
            non_objection_ends_at=now - timedelta(days=2) if circulated else None,
            objection_note=spec.objection,
            objection_recorded_at=now - timedelta(days=4) if spec.objection else None,
        )
        if spec.basis == Basis.SPECIAL:
            kinds = [DocumentKind.STATUTES, DocumentKind.HEAD_LETTER]
            kinds.append(DocumentKind.REGISTRATION_CERTIFICATE if spec.registered else DocumentKind.ALTERNATIVE_PROOF)
            for kind in kinds:
                content = _pdf(f"{organization.name}: {kind.label}")
                AccreditationDocument.objects.create(
                    accreditation=accreditation,
                    kind=kind,
                    file=ContentFile(content, name="document.pdf"),
                    original_name=f"{kind.value}.pdf",
                    content_type="application/pdf",
                    size=len(content),
                    uploaded_by=users.get(spec.focal_point) if spec.focal_point else None,
                )
        return accreditation
