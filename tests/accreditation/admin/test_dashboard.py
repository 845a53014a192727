"""The Secretariat's dashboard on the back office's index page (accreditation/dashboard.py):
exact figures for a known dataset, and a query count independent of the forum's size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.enums import AccreditationStatus, Basis, DelegateStatus
from accreditation.models import Accreditation
from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    ForumFactory,
    VisaLetterFactory,
)
from tests.helpers import sign_in_staff

pytestmark = pytest.mark.django_db

ROLES = ["Accreditation officers", "Visa officers", "Programme managers", "Viewers", "superuser"]


def _circulated(forum, *, ended: bool):
    ends_at = timezone.now() + (timedelta(hours=-1) if ended else timedelta(days=3))
    return AccreditationFactory(
        forum=forum,
        status=AccreditationStatus.NON_OBJECTION,
        circulated_at=ends_at - timedelta(days=10),
        non_objection_ends_at=ends_at,
    )


@pytest.fixture
def forum():
    """The active forum with a small known dataset, and noise on another forum."""
    forum = ActiveForumFactory()
    AccreditationFactory.create_batch(2, forum=forum)
    AccreditationFactory(forum=forum, draft=True)
    AccreditationFactory(forum=forum, info_requested=True)
    _circulated(forum, ended=True)
    _circulated(forum, ended=False)
    AccreditationFactory(forum=forum, rejected=True)
    accredited = AccreditationFactory(forum=forum, accredited=True, basis=Basis.GCM)
    kenyan = DelegateFactory(accreditation=accredited, nationality="KE")
    DelegateFactory(accreditation=accredited, nationality="VN", nominated=True)
    DelegateFactory(accreditation=accredited, nationality="PL", gender="")
    DelegateFactory(accreditation=accredited, nationality="BR", withdrawn=True)
    VisaLetterFactory(delegate=kenyan)
    other_forum = ForumFactory()
    AccreditationFactory.create_batch(3, forum=other_forum)
    DelegateFactory(accreditation=AccreditationFactory(forum=other_forum, accredited=True), nationality="US")
    return forum


def _chart(dashboard, title: str) -> dict[str, int]:
    chart = next(chart for chart in dashboard.charts if chart.title == title)
    return {bar.label: bar.value for bar in chart.bars}


@pytest.mark.parametrize("role", ROLES)
def test_index_shows_the_dashboard_for_every_staff_group(client, forum, role):
    sign_in_staff(client, role)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["dashboard"].forum == forum
    content = response.content.decode()
    assert 'id="dashboard-title"' in content
    assert f'<h2 id="dashboard-title">{forum.name}</h2>' in content


def test_dashboard_tasks_count_exactly(client, forum):
    sign_in_staff(client, "Accreditation officers")

    response = client.get(reverse("admin:index"))

    tasks = [(task.label, task.count, task.overdue) for task in response.context["dashboard"].tasks]
    assert tasks == [
        ("Applications waiting for a decision", 2, False),
        ("Non-objection periods ended, not finalized", 1, True),
        ("Representatives waiting for approval", 1, False),
        ("Visa-letter requests waiting", 1, False),
    ]
    content = response.content.decode()
    assert "<strong>2</strong> Applications waiting for a decision" in content
    assert "<strong>1</strong> Non-objection periods ended, not finalized" in content
    assert content.count('class="badge-overdue"') == 1


def test_overdue_task_links_to_the_ended_periods(client, forum):
    sign_in_staff(client, "Accreditation officers")
    response = client.get(reverse("admin:index"))
    task = response.context["dashboard"].tasks[1]

    listed = client.get(task.url)

    assert listed.status_code == 200
    rows = list(listed.context["cl"].result_list)
    assert len(rows) == 1
    assert rows[0].status == AccreditationStatus.NON_OBJECTION
    assert rows[0].non_objection_ends_at <= timezone.now()


def test_no_ended_period_is_not_overdue(client):
    forum = ActiveForumFactory()
    _circulated(forum, ended=False)
    sign_in_staff(client, "Accreditation officers")

    response = client.get(reverse("admin:index"))

    task = response.context["dashboard"].tasks[1]
    assert (task.count, task.overdue) == (0, False)
    assert 'class="badge-overdue"' not in response.content.decode()


def test_dashboard_charts_count_exactly(client, forum):
    sign_in_staff(client, "Accreditation officers")

    dashboard = client.get(reverse("admin:index")).context["dashboard"]

    assert _chart(dashboard, "Applications by status") == {
        "Draft": 1,
        "Submitted": 2,
        "Information requested": 1,
        "On the non-objection list": 2,
        "Accredited": 1,
        "Objected": 0,
        "Not accredited": 1,
        "Withdrawn": 0,
        "Revoked": 0,
    }
    assert _chart(dashboard, "Applications by basis") == {
        "ECOSOC consultative status": 0,
        "Accredited to the Global Compact process": 1,
        "National human rights institution": 0,
        "Special accreditation": 6,
    }
    assert _chart(dashboard, "Representatives by status") == {
        "Nominated": 1,
        "Approved": 2,
        "Not approved": 0,
        "Withdrawn": 1,
        "Cancelled": 0,
    }
    assert _chart(dashboard, "Visa support letters by status") == {
        "Requested": 1,
        "Issued": 0,
        "Declined": 0,
        "Revoked": 0,
    }
    accredited_types = _chart(dashboard, "Accredited organizations by stakeholder type")
    assert accredited_types["Non-governmental organization"] == 1
    assert sum(accredited_types.values()) == 1


def test_delegates_by_un_region_of_nationality(client, forum):
    sign_in_staff(client, "Accreditation officers")

    dashboard = client.get(reverse("admin:index")).context["dashboard"]

    # Active representatives only: the withdrawn Brazilian and the other forum's American are out.
    assert _chart(dashboard, "Active representatives by UN region of nationality (M49)") == {
        "Africa": 1,
        "Asia": 1,
        "Europe": 1,
    }


def test_delegates_by_region_sorted_by_count(client):
    forum = ActiveForumFactory()
    for nationalities in (["KE", "NG", "VN"], ["PL", "SN", "IN"]):
        accreditation = AccreditationFactory(forum=forum, accredited=True)
        for nationality in nationalities:
            DelegateFactory(accreditation=accreditation, nationality=nationality)
    sign_in_staff(client, "Accreditation officers")

    dashboard = client.get(reverse("admin:index")).context["dashboard"]

    chart = next(c for c in dashboard.charts if c.title.startswith("Active representatives by UN region"))
    assert [(bar.label, bar.value) for bar in chart.bars] == [("Africa", 3), ("Asia", 2), ("Europe", 1)]
    assert (chart.total, chart.max_value) == (6, 3)


def test_dashboard_chart_links_filter_the_changelists(client, forum):
    sign_in_staff(client, "Accreditation officers")
    dashboard = client.get(reverse("admin:index")).context["dashboard"]
    chart = next(c for c in dashboard.charts if c.title == "Representatives by status")
    nominated = next(bar for bar in chart.bars if bar.label == "Nominated")

    response = client.get(nominated.url)

    assert [d.status for d in response.context["cl"].result_list] == [DelegateStatus.NOMINATED]


def test_index_without_an_active_forum_shows_no_dashboard(client):
    AccreditationFactory()
    sign_in_staff(client, "Accreditation officers")

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["dashboard"] is None
    assert 'id="dashboard-title"' not in response.content.decode()


def test_index_runs_the_same_number_of_queries_with_1_and_200_organizations(client, django_assert_num_queries):
    forum = ActiveForumFactory()
    accreditation = AccreditationFactory(forum=forum, accredited=True)
    VisaLetterFactory(delegate=DelegateFactory(accreditation=accreditation, nationality="KE"))
    sign_in_staff(client, "Accreditation officers")
    url = reverse("admin:index")
    client.get(url)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200

    AccreditationFactory.create_batch(120, forum=forum)
    AccreditationFactory.create_batch(40, forum=forum, accredited=True)
    AccreditationFactory.create_batch(20, forum=forum, info_requested=True)
    for _ in range(19):
        _circulated(forum, ended=True)
    for nationality in ["VN", "PL", "BR", "AU", "US", "IN"]:
        VisaLetterFactory(delegate=DelegateFactory(nationality=nationality, accreditation__forum=forum))
    assert Accreditation.objects.filter(forum=forum).count() == 206

    with django_assert_num_queries(len(one)):
        response = client.get(url)

    assert response.status_code == 200
    tasks = {task.label: task.count for task in response.context["dashboard"].tasks}
    assert tasks["Applications waiting for a decision"] == 120
    assert tasks["Non-objection periods ended, not finalized"] == 19
