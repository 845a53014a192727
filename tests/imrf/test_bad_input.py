"""Issue 13, findings 6 and 11: no input in any query string or form produces a 500. A NUL byte
(PostgreSQL refuses it in text) is a 400 wherever it is; a filter value a list cannot use gives
the list back; a body larger than an upload may be is refused before it is read."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    ActivityLogFactory,
    DelegateFactory,
    MembershipFactory,
    StaffUserFactory,
    VisaLetterFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


@pytest.mark.parametrize(
    "url",
    [
        "/verify/%00/",
        "/organizations/?q=%00",
        "/organizations/?country=%00",
        "/organizations.csv?q=%00",
        "/organizations.csv?country=%00",
        "/programme/?kind=%00",
        "/programme/?tz=%00",
        "/?next=%00",
        "/i18n/setlang/?language=es&next=/%00",
        "/accounts/login/?next=%00",
        "/%00",
    ],
)
def test_a_nul_byte_anywhere_in_a_public_address_is_a_bad_request(client, url):
    ActiveForumFactory()

    response = client.get(url)

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accreditation/accreditation/?status=%00",
        "/admin/accreditation/accreditation/?status__exact=%00",
        "/admin/accreditation/accreditation/?q=%00",
        "/admin/imrf/activitylog/?action=%00",
        "/admin/autocomplete/?app_label=accreditation&model_name=accreditation&field_name=organization&term=%00",
    ],
)
def test_a_nul_byte_in_a_back_office_address_is_a_bad_request(client, url):
    client.force_login(StaffUserFactory(group="Accreditation officers"))

    assert client.get(url).status_code == 400


def test_a_nul_byte_in_a_posted_form_is_a_bad_request_and_changes_nothing(client):
    membership = MembershipFactory()
    name = membership.organization.name
    client.force_login(membership.user)

    response = client.post(reverse("portal:organization_edit"), {"name": "Solidarity\x00"})
    sign_up = client.post(reverse("account_signup"), {"email": "a@example.org\x00", "password1": "x", "password2": "x"})

    assert (response.status_code, sign_up.status_code) == (400, 400)
    membership.organization.refresh_from_db()
    assert membership.organization.name == name


def _offered_parameters(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return sorted(
        {parameter for spec in response.context["cl"].filter_specs for parameter in spec.expected_parameters()}
    )


GARBAGE = ["notip", "-1", "zz-not-a-value", "2026-13-45", "9" * 30, "(", "1,2,x"]


def test_no_offered_filter_of_any_list_answers_500_to_a_value_it_cannot_use(client):
    forum = ActiveForumFactory()
    AccreditationFactory(forum=forum)
    DelegateFactory()
    VisaLetterFactory(issued=True)
    ActivityLogFactory()
    client.force_login(StaffUserFactory(is_superuser=True))
    failures = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for parameter in _offered_parameters(client, url):
            for value in GARBAGE:
                status = client.get(url, {parameter: value}).status_code
                if status not in {200, 302}:
                    failures.append((url, parameter, value, status))

    assert failures == []


def test_ip_addresses_are_not_a_filter_of_the_activity_log(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    url = reverse("admin:imrf_activitylog_changelist")

    response = client.get(url, {"ip_address": "notip"})

    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")


def test_a_body_larger_than_an_upload_may_be_is_refused_unread(client, settings):
    membership = MembershipFactory()
    client.force_login(membership.user)

    response = client.generic(
        "POST",
        reverse("portal:document_new"),
        b"x" * (settings.REQUEST_MAX_BYTES + 1),
        content_type="application/octet-stream",
    )

    assert response.status_code == 413
    assert "The file is too large" in response.content.decode()
    assert "10.0\xa0MB" in response.content.decode()
