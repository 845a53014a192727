"""Issue 13, finding 2: a back-office list filters only by what it offers. Django lets any lookup
on a local field through (``?objection_note__regex=^A``), so a role that may not see a field
could read it by bisection; here every other lookup sends the list back unfiltered."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.urls import reverse

from accreditation.enums import AccreditationStatus
from imrf.admin_lookups import OfferedLookupsChangeList
from tests.factories import AccreditationFactory, ActiveForumFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

ROLES = ["Accreditation officers", "Visa officers", "Programme managers", "Viewers"]


def _offered_fields(model_admin) -> set[str]:
    """The first segment of every field path the list's filters use."""
    offered = set()
    for entry in model_admin.list_filter:
        path = entry[0] if isinstance(entry, list | tuple) else entry
        if isinstance(path, str):
            offered.add(path.split("__", 1)[0])
    return offered


def _unoffered_lookups():
    """(model admin, lookup) for every concrete local field no filter of its list offers."""
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.concrete_fields:
            if field.is_relation or field.name in _offered_fields(model_admin):
                continue
            yield pytest.param(model, field.name, id=f"{model._meta.label_lower}-{field.name}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "field_name"), list(_unoffered_lookups()))
def test_no_list_filters_by_a_lookup_it_does_not_offer(client, role, model, field_name):
    client.force_login(StaffUserFactory(group=role))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = client.get(url, {f"{field_name}__gt": "", f"{field_name}__regex": "^"})

    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert response["Location"] == f"{url}?e=1"


def test_the_objection_note_cannot_be_read_by_bisection_from_the_applications_list(client):
    forum = ActiveForumFactory()
    AccreditationFactory(forum=forum, status=AccreditationStatus.OBJECTED, objection_note="Objected by State X")
    client.force_login(StaffUserFactory(group="Viewers"))
    url = reverse("admin:accreditation_accreditation_changelist")

    probes = [
        client.get(url, {"objection_note__gt": ""}),
        client.get(url, {"objection_note__regex": "^O"}),
        client.get(url, {"objection_note__startswith": "Objected"}),
        client.get(url, {"objection_note__regex": "("}),
    ]

    assert [(probe.status_code, probe["Location"]) for probe in probes] == [(302, f"{url}?e=1")] * 4
    shown = client.get(f"{url}?e=1")
    assert shown.status_code == 200
    assert "This list cannot be filtered that way; it is shown without that filter." in shown.content.decode()


def test_the_offered_filters_and_the_dashboard_links_still_filter(client):
    forum = ActiveForumFactory()
    AccreditationFactory(forum=forum, status=AccreditationStatus.SUBMITTED)
    client.force_login(StaffUserFactory(group="Viewers"))
    url = reverse("admin:accreditation_accreditation_changelist")

    links = [
        f"{url}?forum__id__exact={forum.pk}&status__exact=submitted",
        f"{url}?forum__id__exact={forum.pk}&period=ended",
        f"{url}?submitted_at__gte=2026-01-01+00%3A00%3A00%2B00%3A00&submitted_at__lt=2027-01-01+00%3A00%3A00%2B00%3A00",
        f"{url}?organization__stakeholder_type__exact=ngo&ecosoc=matched",
        f"{url}?status__exact=submitted&q=network&o=2",
    ]

    assert [client.get(link).status_code for link in links] == [200] * 5


def test_the_export_of_a_list_refuses_an_unoffered_lookup_too(client):
    forum = ActiveForumFactory()
    AccreditationFactory(forum=forum, status=AccreditationStatus.OBJECTED, objection_note="Objected by State X")
    client.force_login(StaffUserFactory(group="Viewers"))
    url = reverse("admin:accreditation_accreditation_export")

    response = client.post(f"{url}?objection_note__startswith=Objected", {"format": "0", "resource": "0"})

    assert response.status_code == 400


def test_every_admin_of_the_site_uses_the_offered_lookups_changelist(rf):
    request = rf.get("/")
    classes = {
        model._meta.label: model_admin.get_changelist(request) for model, model_admin in admin.site._registry.items()
    }

    assert {label for label, cls in classes.items() if cls is not OfferedLookupsChangeList} == set()
    assert "account.EmailAddress" in classes  # third-party admins too


def test_every_offered_filter_path_exists():
    # A list_filter naming a missing field would make the offered set silently smaller.
    for model, model_admin in admin.site._registry.items():
        for entry in model_admin.list_filter:
            path = entry[0] if isinstance(entry, list | tuple) else entry
            if isinstance(path, str):
                assert get_fields_from_path(model, path)
