"""Every change page of the back office shows the object's history from the ActivityLog, and every
plain admin save or deletion is logged (issue 3 #9, issue 4 #7): field names, never values;
focal points added or removed in the admin go through the portal's services."""

import json

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation.models import Membership, Organization
from events.models import Session
from imrf.activity import log_action
from imrf.models import ActivityLog
from tests import factories
from tests.helpers import admin_form_data, change_url

pytestmark = pytest.mark.django_db

OFFICERS = "Accreditation officers"
PROGRAMME = "Programme managers"
VIEWERS = "Viewers"

OBJECTION = "Ruritania (Ambassador Zéphyrin Kowalczyk) objects: links to an armed group."

# Each of our models whose change page shows a history (all but the log itself), with the
# factory that makes one row.
HISTORY_MODELS = {
    label: factory for label, factory in factories.FACTORY_BY_MODEL.items() if label != "imrf.activitylog"
}


def _entries(obj):
    return ActivityLog.objects.filter(content_type__model=obj._meta.model_name, object_id=str(obj.pk))


def test_every_change_page_of_ours_shows_a_history():
    ours = {
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"imrf", "events", "accreditation"} and hasattr(model_admin, "history_entries")
    }

    # The audit log's own entries are the one exception: they have no history of their own.
    assert ours == set(HISTORY_MODELS)


# --- the history on the change page ------------------------------------------------------------


@pytest.mark.parametrize("model_label", list(HISTORY_MODELS))
def test_an_entry_about_the_object_appears_on_its_change_page(superuser_client, model_label):
    obj = HISTORY_MODELS[model_label]()
    other = HISTORY_MODELS[model_label]()
    actor = factories.UserFactory(full_name="Ingrid Bergström")
    entry = log_action(action="test.marked", target=obj, actor=actor, data={"fields": ["name", "city"]})
    log_action(action="test.elsewhere", target=other)

    response = superuser_client.get(change_url(obj))

    assert response.status_code == 200
    assert entry in response.context["history_entries"]
    assert all(e.object_id == str(obj.pk) for e in response.context["history_entries"])
    content = response.content.decode()
    assert "<h2>History</h2>" in content
    assert "test.marked" in content
    assert "Ingrid Bergström" in content
    assert "fields: name, city" in content
    assert "test.elsewhere" not in content


def test_history_is_newest_first_and_at_most_100_entries(superuser_client):
    forum = factories.ForumFactory()
    for number in range(102):
        log_action(action=f"test.entry_{number}", target=forum)

    response = superuser_client.get(change_url(forum))

    entries = response.context["history_entries"]
    assert len(entries) == 100
    assert entries[0].action == "test.entry_101"
    assert entries[-1].action == "test.entry_2"


def test_the_add_page_shows_no_history(superuser_client):
    response = superuser_client.get(reverse("admin:events_forum_add"))

    assert response.status_code == 200
    assert response.context["history_entries"] is None
    assert "<h2>History</h2>" not in response.content.decode()


def test_the_history_appears_once_on_decision_change_pages(superuser_client):
    accreditation = factories.AccreditationFactory()
    log_action(action="test.marked", target=accreditation)

    content = superuser_client.get(change_url(accreditation)).content.decode()

    assert content.count("<h2>History</h2>") == 1
    assert content.count("test.marked") == 1


@pytest.mark.parametrize("model_label", ["accreditation.organization", "events.forum", "events.session", "imrf.user"])
def test_change_page_runs_the_same_queries_with_1_and_20_history_entries(
    superuser_client, model_label, django_assert_num_queries
):
    obj = HISTORY_MODELS[model_label]()
    url = change_url(obj)
    log_action(action="test.entry", target=obj, actor=factories.UserFactory())
    superuser_client.get(url)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as one_entry:
        assert len(superuser_client.get(url).context["history_entries"]) == 1
    for _number in range(19):
        log_action(action="test.entry", target=obj, actor=factories.UserFactory())

    with django_assert_num_queries(len(one_entry)):
        response = superuser_client.get(url)

    assert len(response.context["history_entries"]) == 20


# --- confidential data ---------------------------------------------------------------------------


def test_a_viewer_sees_the_objection_in_the_history_but_never_its_note(client):
    accreditation = factories.AccreditationFactory(non_objection=True)
    client.force_login(factories.StaffUserFactory(group=OFFICERS))
    recorded = client.post(
        reverse("admin:accreditation_accreditation_decide", args=[accreditation.pk, "record_objection"]),
        {"note": OBJECTION},
    )
    assert recorded.status_code == 302
    client.force_login(factories.StaffUserFactory(group=VIEWERS))

    response = client.get(change_url(accreditation))

    assert response.status_code == 200
    assert [entry.action for entry in response.context["history_entries"]] == ["accreditation.objection_recorded"]
    content = response.content.decode()
    assert "accreditation.objection_recorded" in content
    assert "Ruritania" not in content
    assert "Kowalczyk" not in content
    assert "armed group" not in content


def test_a_passport_number_logged_by_mistake_is_masked_in_the_history(superuser_client):
    letter = factories.VisaLetterFactory(issued=True, passport_number="X98765432")
    log_action(action="visa_letter.issued", target=letter, data={"passport_number": "X98765432"})

    response = superuser_client.get(change_url(letter))

    history = [entry.data for entry in response.context["history_entries"]]
    assert {"passport_number": "********"} in history
    # The superuser sees the number in the letter's field, once; never in the history.
    assert response.content.decode().count("X98765432") == 1


def test_no_history_for_staff_who_may_not_read_the_audit_log(client):
    from django.contrib.auth.models import Permission

    staff = factories.StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_forum"))
    client.force_login(staff)
    forum = factories.ForumFactory()
    log_action(action="test.marked", target=forum)

    response = client.get(change_url(forum))

    assert response.status_code == 200
    assert response.context["history_entries"] is None
    assert "test.marked" not in response.content.decode()


# --- admin edits are logged ----------------------------------------------------------------------


def test_an_admin_edit_of_an_organization_logs_the_changed_field_names_only(officer_client, officer):
    organization = factories.OrganizationFactory()
    url = change_url(organization)
    data = admin_form_data(officer_client.get(url))
    data.update({"name": "Red de Derechos de Migrantes Ñandú", "email": "secretaria@nandu.example.org"})

    response = officer_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    entry = _entries(organization).get()
    organization.refresh_from_db()
    assert (entry.action, entry.actor, entry.target_repr) == ("admin.changed", officer, str(organization))
    assert sorted(entry.data["fields"]) == ["email", "name"]
    assert entry.data == {"fields": entry.data["fields"]}
    logged = json.dumps(entry.data, ensure_ascii=False)
    assert "Ñandú" not in logged
    assert "secretaria@" not in logged
    # It then appears on the page.
    assert "admin.changed" in officer_client.get(url).content.decode()


def test_saving_an_organization_unchanged_logs_nothing(officer_client):
    organization = factories.OrganizationFactory()
    url = change_url(organization)

    response = officer_client.post(url, admin_form_data(officer_client.get(url)))

    assert response.status_code == 302
    assert not ActivityLog.objects.exists()


def test_an_admin_edit_of_a_delegate_logs_no_personal_data(officer_client):
    delegate = factories.DelegateFactory()
    url = change_url(delegate)
    data = admin_form_data(officer_client.get(url))
    data["accessibility_needs"] = "Wheelchair access; sign-language interpretation."

    response = officer_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    entry = _entries(delegate).get()
    assert (entry.action, entry.data) == ("delegate.details_corrected", {"fields": ["accessibility_needs"]})


def test_adding_a_forum_in_the_admin_is_logged(superuser_client):
    response = superuser_client.get(reverse("admin:events_forum_add"))
    assert response.status_code == 200
    forum = factories.ForumFactory.build()
    data = {
        name: str(getattr(forum, name))
        for name in [
            "name",
            "short_name",
            "slug",
            "starts_on",
            "ends_on",
            "venue",
            "city",
            "country",
            "time_zone",
            "delegate_cap",
            "minimum_age",
            "non_objection_days",
            "retention_days",
            "signatory_name",
            "signatory_title",
            "letter_template",
            "letter_template_fr",
            "letter_template_es",
        ]
    }
    for name in ["applications_close_at", "nominations_close_at", "visa_requests_close_at"]:
        moment = getattr(forum, name)
        data[f"{name}_0"], data[f"{name}_1"] = moment.date().isoformat(), moment.strftime("%H:%M:%S")

    response = superuser_client.post(reverse("admin:events_forum_add"), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    entry = ActivityLog.objects.get()
    assert entry.action == "admin.added"
    assert entry.target_repr == forum.name
    assert {"name", "short_name", "slug"} <= set(entry.data["fields"])


def test_deleting_an_organization_in_the_admin_is_logged(superuser_client):
    organization = factories.OrganizationFactory(name="Asociación Ñandú")
    pk = organization.pk

    response = superuser_client.post(reverse("admin:accreditation_organization_delete", args=[pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Organization.objects.filter(pk=pk).exists()
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.object_id, entry.target_repr, entry.data) == (
        "admin.deleted",
        str(pk),
        str(organization),
        {},
    )


def test_a_bulk_deletion_logs_each_object(client):
    manager = factories.StaffUserFactory(group=PROGRAMME)
    client.force_login(manager)
    sessions = factories.SessionFactory.create_batch(3)

    response = client.post(
        reverse("admin:events_session_changelist"),
        {"action": "delete_selected", "_selected_action": [s.pk for s in sessions[:2]], "post": "yes"},
    )

    assert response.status_code == 302
    assert list(Session.objects.all()) == [sessions[2]]
    entries = ActivityLog.objects.filter(action="admin.deleted")
    assert sorted(entry.object_id for entry in entries) == sorted(str(s.pk) for s in sessions[:2])
    assert {entry.actor for entry in entries} == {manager}


def test_a_password_set_in_the_admin_is_logged_without_it(superuser_client):
    user = factories.UserFactory()

    response = superuser_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Tr0ub4dor&3-Ñandú", "password2": "Tr0ub4dor&3-Ñandú", "usable_password": "true"},
    )

    assert response.status_code == 302
    entry = _entries(user).get()
    assert (entry.action, entry.data) == ("admin.changed", {"fields": ["password"]})


# --- focal points, through the services ----------------------------------------------------------


def _inline_row(data: dict, user) -> dict:
    total = int(data["memberships-TOTAL_FORMS"])
    return {
        **data,
        "memberships-TOTAL_FORMS": str(total + 1),
        f"memberships-{total}-user": str(user.pk),
        f"memberships-{total}-organization": data.get("memberships-0-organization", ""),
    }


def test_a_focal_point_added_in_the_organization_admin_goes_through_the_service(officer_client, officer):
    organization = factories.MembershipFactory().organization
    newcomer = factories.UserFactory()
    url = change_url(organization)

    response = officer_client.post(url, _inline_row(admin_form_data(officer_client.get(url)), newcomer))

    assert response.status_code == 302, response.context and response.context["inline_admin_formsets"][0].formset.errors
    membership = Membership.objects.get(organization=organization, user=newcomer)
    assert membership.added_by == officer
    entry = _entries(organization).get()
    assert (entry.action, entry.actor, entry.data) == (
        "organization.focal_point_added",
        officer,
        {"user": newcomer.email},
    )


def test_the_organization_admin_refuses_an_unconfirmed_focal_point(officer_client):
    organization = factories.MembershipFactory().organization
    newcomer = factories.UserFactory(verified=False)
    url = change_url(organization)

    response = officer_client.post(url, _inline_row(admin_form_data(officer_client.get(url)), newcomer))

    assert response.status_code == 200
    assert "No confirmed account uses this e-mail address" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not ActivityLog.objects.exists()


def test_a_focal_point_removed_in_the_organization_admin_goes_through_the_service(officer_client):
    first = factories.MembershipFactory()
    organization = first.organization
    factories.MembershipFactory(organization=organization)
    url = change_url(organization)
    data = admin_form_data(officer_client.get(url))
    data["memberships-0-DELETE"] = "on"

    response = officer_client.post(url, data)

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=first.pk).exists()
    entry = _entries(organization).get()
    assert (entry.action, entry.data) == ("organization.focal_point_removed", {"user": first.user.email})


def test_the_organization_admin_keeps_the_last_focal_point(officer_client):
    only = factories.MembershipFactory()
    url = change_url(only.organization)
    data = admin_form_data(officer_client.get(url))
    data["memberships-0-DELETE"] = "on"

    response = officer_client.post(url, data)

    assert response.status_code == 200
    assert "An organization needs at least one focal point." in response.content.decode()
    assert Membership.objects.filter(pk=only.pk).exists()
    assert not ActivityLog.objects.exists()


def test_a_focal_point_added_in_the_membership_admin_goes_through_the_service(officer_client, officer):
    organization = factories.OrganizationFactory()
    newcomer = factories.UserFactory()

    response = officer_client.post(
        reverse("admin:accreditation_membership_add"), {"organization": organization.pk, "user": newcomer.pk}
    )

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    membership = Membership.objects.get(user=newcomer)
    assert (membership.organization, membership.added_by) == (organization, officer)
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.object_id) == ("organization.focal_point_added", str(organization.pk))


def test_the_membership_admin_refuses_a_focal_point_of_another_organization(officer_client):
    elsewhere = factories.MembershipFactory()

    response = officer_client.post(
        reverse("admin:accreditation_membership_add"),
        {"organization": factories.OrganizationFactory().pk, "user": elsewhere.user.pk},
    )

    assert response.status_code == 200
    assert "already the focal point of another organization" in response.content.decode()
    assert Membership.objects.filter(user=elsewhere.user).count() == 1
    assert not ActivityLog.objects.exists()


def test_a_focal_point_deleted_in_the_membership_admin_goes_through_the_service(officer_client):
    first = factories.MembershipFactory()
    factories.MembershipFactory(organization=first.organization)

    response = officer_client.post(reverse("admin:accreditation_membership_delete", args=[first.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=first.pk).exists()
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.data) == ("organization.focal_point_removed", {"user": first.user.email})


def test_the_membership_admin_keeps_the_last_focal_point(officer_client):
    only = factories.MembershipFactory()

    response = officer_client.post(
        reverse("admin:accreditation_membership_delete", args=[only.pk]), {"post": "yes"}, follow=True
    )

    assert response.redirect_chain[0][0] == change_url(only)
    assert "An organization needs at least one focal point." in response.content.decode()
    assert Membership.objects.filter(pk=only.pk).exists()
    assert not ActivityLog.objects.exists()


def test_the_membership_admin_offers_no_bulk_deletion(officer_client):
    factories.MembershipFactory()

    response = officer_client.get(reverse("admin:accreditation_membership_changelist"))

    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
