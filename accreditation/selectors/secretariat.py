"""The Secretariat's dashboard on the back office's index page: a fixed number of grouped
queries whatever the size of the forum (10 000 organizations cost what 10 do)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.enums import (
    AccreditationStatus,
    Basis,
    DelegateStatus,
    Gender,
    StakeholderType,
    VisaLetterStatus,
)
from accreditation.models import Accreditation, Delegate, VisaLetter
from accreditation.regions import REGION_LABELS, region_of
from events.models import Forum


@dataclass
class Bar:
    label: str
    value: int
    url: str = ""


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    total: int = 0
    max_value: int = field(init=False)

    def __post_init__(self) -> None:
        self.total = sum(bar.value for bar in self.bars)
        self.max_value = max([bar.value for bar in self.bars] + [1])


@dataclass
class Task:
    label: str
    count: int
    url: str
    overdue: bool = False


@dataclass
class Deadline:
    label: str
    moment: object
    passed: bool


@dataclass
class SecretariatDashboard:
    forum: Forum
    charts: list[Chart]
    tasks: list[Task]
    deadlines: list[Deadline]


def _counts(queryset, field_name: str) -> dict[str, int]:
    return {row[field_name]: row["n"] for row in queryset.values(field_name).annotate(n=Count("id")).order_by()}


def secretariat_dashboard(*, forum: Forum | None) -> SecretariatDashboard | None:
    """The figures, tasks and deadlines of the back office's home page for ``forum``."""
    if forum is None:
        return None
    now = timezone.now()
    accreditations = Accreditation.objects.filter(forum=forum)
    delegates = Delegate.objects.filter(forum=forum)

    # One scan per table: grouped by every dimension at once, summed here.
    by_status: Counter = Counter()
    by_basis: Counter = Counter()
    by_type: Counter = Counter()
    for row in (
        accreditations.values("status", "basis", "organization__stakeholder_type").annotate(n=Count("id")).order_by()
    ):
        by_status[row["status"]] += row["n"]
        if row["status"] != AccreditationStatus.DRAFT:
            by_basis[row["basis"]] += row["n"]
        if row["status"] == AccreditationStatus.ACCREDITED:
            by_type[row["organization__stakeholder_type"]] += row["n"]
    delegate_status: Counter = Counter()
    nationalities: Counter = Counter()
    genders: Counter = Counter()
    for row in delegates.values("status", "nationality", "gender").annotate(n=Count("id")).order_by():
        delegate_status[row["status"]] += row["n"]
        if row["status"] in DelegateStatus.ACTIVE:
            nationalities[row["nationality"]] += row["n"]
            genders[row["gender"]] += row["n"]
    letter_status = _counts(VisaLetter.objects.filter(forum=forum), "status")
    periods_ended = accreditations.filter(
        status=AccreditationStatus.NON_OBJECTION, non_objection_ends_at__lte=now
    ).count()

    accreditation_list = reverse("admin:accreditation_accreditation_changelist")
    delegate_list = reverse("admin:accreditation_delegate_changelist")
    letter_list = reverse("admin:accreditation_visaletter_changelist")
    forum_filter = f"forum__id__exact={forum.pk}"

    regions: dict[str, int] = {}
    for code, count in nationalities.items():
        region = region_of(code)
        label = str(REGION_LABELS[region]) if region else _("Other")
        regions[label] = regions.get(label, 0) + count
    gender_labels = dict(Gender.choices)

    charts = [
        Chart(
            _("Applications by status"),
            [
                Bar(str(label), by_status.get(value, 0), f"{accreditation_list}?{forum_filter}&status__exact={value}")
                for value, label in AccreditationStatus.choices
            ],
        ),
        Chart(
            _("Applications by basis"),
            [
                Bar(str(label), by_basis.get(value, 0), f"{accreditation_list}?{forum_filter}&basis__exact={value}")
                for value, label in Basis.choices
            ],
        ),
        Chart(
            _("Accredited organizations by stakeholder type"),
            [Bar(str(label), by_type.get(value, 0)) for value, label in StakeholderType.choices],
        ),
        Chart(
            _("Representatives by status"),
            [
                Bar(str(label), delegate_status.get(value, 0), f"{delegate_list}?{forum_filter}&status__exact={value}")
                for value, label in DelegateStatus.choices
            ],
        ),
        Chart(
            _("Active representatives by UN region of nationality (M49)"),
            [Bar(label, count) for label, count in sorted(regions.items(), key=lambda item: -item[1])],
        ),
        Chart(
            _("Active representatives by gender"),
            [
                Bar(str(gender_labels.get(value, _("Not given"))), count)
                for value, count in sorted(genders.items(), key=lambda item: -item[1])
            ],
        ),
        Chart(
            _("Visa support letters by status"),
            [
                Bar(str(label), letter_status.get(value, 0), f"{letter_list}?{forum_filter}&status__exact={value}")
                for value, label in VisaLetterStatus.choices
            ],
        ),
    ]
    tasks = [
        Task(
            _("Applications waiting for a decision"),
            by_status.get(AccreditationStatus.SUBMITTED, 0),
            f"{accreditation_list}?{forum_filter}&status__exact=submitted",
        ),
        Task(
            _("Non-objection periods ended, not finalized"),
            periods_ended,
            f"{accreditation_list}?{forum_filter}&period=ended",
            overdue=periods_ended > 0,
        ),
        Task(
            _("Representatives waiting for approval"),
            delegate_status.get(DelegateStatus.NOMINATED, 0),
            f"{delegate_list}?{forum_filter}&status__exact=nominated",
        ),
        Task(
            _("Visa-letter requests waiting"),
            letter_status.get(VisaLetterStatus.REQUESTED, 0),
            f"{letter_list}?{forum_filter}&status__exact=requested",
        ),
    ]
    deadlines = [
        Deadline(_("Applications close"), forum.applications_close_at, forum.applications_close_at <= now),
        Deadline(_("Nominations close"), forum.nominations_close_at, forum.nominations_close_at <= now),
        Deadline(_("Visa-letter requests close"), forum.visa_requests_close_at, forum.visa_requests_close_at <= now),
    ]
    return SecretariatDashboard(forum=forum, charts=charts, tasks=tasks, deadlines=deadlines)
