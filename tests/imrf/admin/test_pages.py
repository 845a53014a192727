"""Every back-office page answers 200 for a superuser, and changelists keep a fixed query count."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _registered(model_label: str):
    return next(model for model in admin.site._registry if _label(model) == model_label)


def test_every_registered_model_of_ours_has_a_factory():
    ours = {
        _label(model) for model in admin.site._registry if model._meta.app_label in {"imrf", "events", "accreditation"}
    }

    assert ours == set(factories.FACTORY_BY_MODEL)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=_label)
def test_changelist_answers_200_for_the_superuser(superuser_client, model):
    if _label(model) in factories.FACTORY_BY_MODEL:
        factories.FACTORY_BY_MODEL[_label(model)]()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = superuser_client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("model_label", list(factories.FACTORY_BY_MODEL))
def test_change_page_answers_200_for_the_superuser(superuser_client, model_label):
    obj = factories.FACTORY_BY_MODEL[model_label]()
    model = _registered(model_label)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])

    response = superuser_client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("model_label", list(factories.FACTORY_BY_MODEL))
def test_changelist_runs_the_same_number_of_queries_with_1_and_25_rows(
    superuser_client, model_label, django_assert_num_queries
):
    model = _registered(model_label)
    factory = factories.FACTORY_BY_MODEL[model_label]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    factory()
    superuser_client.get(url)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as one_row:
        assert superuser_client.get(url).status_code == 200
    initial = model.objects.count()
    factory.create_batch(24)
    assert model.objects.count() >= initial + 24

    with django_assert_num_queries(len(one_row)):
        response = superuser_client.get(url)

    assert response.status_code == 200


def test_admin_index_answers_200(superuser_client):
    response = superuser_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Back office" in response.content.decode()


@pytest.mark.parametrize(
    "model_label",
    [
        "accreditation.accreditation",
        "accreditation.delegate",
        "accreditation.visaletter",
        "accreditation.sessionregistration",
    ],
)
def test_status_is_not_editable_in_the_admin(superuser_client, model_label):
    obj = factories.FACTORY_BY_MODEL[model_label]()
    model = _registered(model_label)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])

    response = superuser_client.get(url)

    assert 'name="status"' not in response.content.decode()
