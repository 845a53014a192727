"""The core's form bases."""

import pytest

from events.models import Forum
from imrf.forms import InputOnlyModelForm
from tests.factories import ForumFactory

pytestmark = pytest.mark.django_db


class ForumSlugForm(InputOnlyModelForm):
    class Meta:
        model = Forum
        fields = ["slug"]


class ForumSlugInputForm(ForumSlugForm):
    validate_instance = False


def test_input_only_model_form_leaves_unique_fields_to_the_service():
    ForumFactory(slug="imrf-2026")

    form = ForumSlugForm({"slug": "imrf-2026"})

    assert form.is_valid(), form.errors
    assert form.instance.slug == "imrf-2026"


def test_input_only_model_form_without_instance_validation_builds_nothing():
    form = ForumSlugInputForm({"slug": "imrf-2026"})

    assert form.is_valid(), form.errors
    assert form.instance.slug == ""
