"""What the NGO portal and the delegate's page show, what they cost in queries, and how the
private files (documents, photos) are served."""

import html
import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accreditation.enums import AccreditationStatus, DelegateStatus, DocumentKind
from accreditation.models import Delegate, Membership, Organization
from accreditation.services.decisions import accreditation_circulate, accreditation_record_objection
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActivityLogFactory,
    DelegateFactory,
    MembershipFactory,
    OrganizationFactory,
    StaffUserFactory,
    UserFactory,
    image_bytes,
    nomination_form_data,
    organization_form_data,
    pdf_bytes,
)
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership():
    return MembershipFactory()


def _section(response, title_id: str) -> str:
    """The text of one ``<section aria-labelledby=...>`` of the page."""
    page = response.content.decode()
    start = page.index(">", page.index(f'aria-labelledby="{title_id}"')) + 1
    end = page.index("</section>", start)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page[start:end])).split())


def _moment(forum, moment) -> str:
    with translation.override("en"):
        return date_format(timezone.localtime(moment, forum.tzinfo), "DATETIME_FORMAT")


# Dashboard: what it shows ---------------------------------------------------------------------


def test_dashboard_shows_the_status_what_is_missing_and_the_deadlines(client, forum, membership):
    AccreditationFactory(organization=membership.organization, forum=forum, draft=True, reason_for_participation="")
    client.force_login(membership.user)

    response = client.get(reverse("portal:dashboard"))

    assert response.status_code == 200
    application = _section(response, "application-title")
    assert "Status Draft" in application
    assert (
        "Still missing before you can submit The reason for your participation "
        "Your statutes or mission statement A letter from the head of your organization "
        "Your registration certificate"
    ) in application
    deadlines = _section(response, "deadlines-title")
    assert deadlines == (
        f"Deadlines "
        f"Applications close {_moment(forum, forum.applications_close_at)} "
        f"Nominations close {_moment(forum, forum.nominations_close_at)} "
        f"Visa-letter requests close {_moment(forum, forum.visa_requests_close_at)} "
        f"All times on this page are in {forum.time_zone}, the venue's time zone."
    )


def test_dashboard_of_a_complete_draft_lists_nothing_missing_and_offers_to_submit(client, forum, membership):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, draft=True)
    for kind in (DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.REGISTRATION_CERTIFICATE):
        AccreditationDocumentFactory(accreditation=accreditation, kind=kind)
    client.force_login(membership.user)

    response = client.get(reverse("portal:dashboard"))

    application = _section(response, "application-title")
    assert "Still missing" not in application
    assert "Submit the application" in application


def test_dashboard_history_leaves_out_the_confidential_objection(client, forum, membership):
    officer = StaffUserFactory(group="Accreditation officers", full_name="Ingrid Officer-Name")
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum)
    accreditation_circulate(accreditation=accreditation, actor=officer)
    note = "Objection by the Permanent Mission of Ruritania, 3 May"
    accreditation_record_objection(accreditation=accreditation, actor=officer, note=note)
    assert ActivityLog.objects.filter(action="accreditation.objection_recorded").count() == 1
    client.force_login(membership.user)

    response = client.get(reverse("portal:dashboard"))

    page = text_of(response)
    history = _section(response, "history-title")
    assert note not in page
    assert "Ruritania" not in page
    assert "objection_recorded" not in page
    assert "Officer-Name" not in page
    assert history.count(" — ") == 1
    assert history.endswith("Placed on the non-objection list circulated to Member States (Secretariat)")
    # The period's end is public; the objection is not.
    assert "Status On the non-objection list" in _section(response, "application-title")
    assert "Non-objection period ends" in _section(response, "application-title")


def test_dashboard_lists_the_representatives_with_their_statuses(client, forum, membership):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    approved = DelegateFactory(accreditation=accreditation)
    nominated = DelegateFactory(accreditation=accreditation, nominated=True)
    withdrawn = DelegateFactory(accreditation=accreditation, withdrawn=True)
    rejected = DelegateFactory(accreditation=accreditation, rejected=True)
    client.force_login(membership.user)

    response = client.get(reverse("portal:dashboard"))

    representatives = _section(response, "representatives-title")
    assert "2 of 3 places taken." in representatives
    # Active first, in slot order, then the others.
    rows = [
        f"{approved.full_name} Approved In person",
        f"{nominated.full_name} Nominated In person",
    ]
    assert all(row in representatives for row in rows)
    assert representatives.index(rows[0]) < representatives.index(rows[1])
    assert f"{withdrawn.full_name} Withdrawn In person" in representatives
    assert f"{rejected.full_name} Not approved {rejected.decision_reason} In person" in representatives
    assert representatives.index(rows[1]) < representatives.index(withdrawn.full_name)
    assert "Nominate a representative" in representatives


# Query budgets --------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("grow", ["representatives", "documents", "both"])
def test_dashboard_runs_the_same_number_of_queries_whatever_the_rows(
    client, forum, membership, django_assert_num_queries, grow
):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    DelegateFactory(accreditation=accreditation)
    AccreditationDocumentFactory(accreditation=accreditation)
    ActivityLogFactory(target=accreditation, action="accreditation.approved", actor=StaffUserFactory())
    client.force_login(membership.user)
    path = reverse("portal:dashboard")
    client.get(path)  # warm the caches (content types, templates)
    budget = _queries(client, path)

    if grow in {"representatives", "both"}:
        DelegateFactory(accreditation=accreditation, nominated=True)
        DelegateFactory(accreditation=accreditation)
        DelegateFactory(accreditation=accreditation, withdrawn=True)
        MembershipFactory(organization=membership.organization)
        MembershipFactory(organization=membership.organization)
    if grow in {"documents", "both"}:
        for kind in [*DocumentKind.values, *DocumentKind.values][:9]:
            AccreditationDocumentFactory(accreditation=accreditation, kind=kind, uploaded_by=UserFactory())
        for _ in range(5):
            ActivityLogFactory(target=accreditation, action="accreditation.edited", actor=UserFactory())
    assert accreditation.delegates.count() in {1, 4}
    assert accreditation.documents.count() in {1, 10}

    with django_assert_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200


def test_delegate_home_runs_the_same_number_of_queries_whatever_the_rows(client, forum, django_assert_num_queries):
    user = UserFactory()
    accreditation = AccreditationFactory(forum=forum, accredited=True)
    DelegateFactory(accreditation=accreditation, user=user, email=user.email, with_photo=True)
    client.force_login(user)
    path = reverse("delegate:home")
    client.get(path)
    budget = _queries(client, path)
    # Two earlier nominations of the same person (by other organizations, withdrawn) and two
    # colleagues of their organization.
    for _ in range(2):
        other = AccreditationFactory(forum=forum, accredited=True)
        DelegateFactory(accreditation=other, user=user, email=user.email, withdrawn=True)
        DelegateFactory(accreditation=accreditation)

    with django_assert_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200
    assert Delegate.objects.filter(user=user).count() == 3


def test_delegate_home_shows_the_active_nomination_and_its_details(client, forum):
    user = UserFactory()
    earlier = DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True), user=user, email=user.email, withdrawn=True
    )
    current = DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True),
        user=user,
        email=user.email,
        date_of_birth=date(1985, 3, 9),
        with_photo=True,
    )
    client.force_login(user)

    response = client.get(reverse("delegate:home"))

    page = text_of(response)
    assert current.accreditation.organization.name in page
    assert earlier.accreditation.organization.name not in page
    assert "Your status Approved" in page
    assert f"Family name {current.family_name} Given names {current.given_names}" in page
    assert reverse("portal:delegate_photo", kwargs={"public_id": current.public_id}) in response.content.decode()


# Private files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original_name", "filename"),
    [
        ("statutes.pdf", "statutes.pdf"),
        ("Statuts de l'ONG – 2024.pdf", "statuts-de-l-ong-2024.pdf"),
        ("Nguyễn Łódź.PDF", "nguyen-lodz.pdf"),
        ('Статут "final"\r\n.pdf', "final.pdf"),
        ("../../etc/passwd", "document.pdf"),
        ("report.exe", "report.pdf"),
    ],
)
def test_document_download_is_an_uncached_attachment_with_a_safe_name_and_the_exact_bytes(
    client, forum, membership, original_name, filename
):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum)
    content = pdf_bytes() + b"%" + bytes(range(256))
    document = AccreditationDocumentFactory(
        accreditation=accreditation, original_name=original_name, file=ContentFile(content, name="x.pdf")
    )
    client.force_login(membership.user)

    response = client.get(reverse("portal:document_download", kwargs={"public_id": document.public_id}))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content


def test_photo_is_served_uncached_to_the_focal_point(client, forum, membership):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    photo = image_bytes(size=(320, 400))
    delegate = DelegateFactory(accreditation=accreditation, photo=ContentFile(photo, name="photo.jpg"))
    client.force_login(membership.user)

    response = client.get(reverse("portal:delegate_photo", kwargs={"public_id": delegate.public_id}))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == photo


def test_photo_is_served_uncached_to_the_representative_themself(client, forum):
    user = UserFactory()
    delegate = DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True), user=user, email=user.email, with_photo=True
    )
    client.force_login(user)

    response = client.get(reverse("portal:delegate_photo", kwargs={"public_id": delegate.public_id}))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    response.close()


# Nominations: the cap and the replacement -----------------------------------------------------


def test_nomination_beyond_the_cap_names_the_current_representatives(client, forum, membership):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    current = [DelegateFactory(accreditation=accreditation) for _ in range(3)]
    client.force_login(membership.user)

    response = client.post(reverse("portal:nominate"), nomination_form_data())

    assert response.status_code == 200
    names = ", ".join(delegate.full_name for delegate in current)
    message = (
        f"Your organization already has 3 of 3 representatives: {names}. "
        "To nominate someone else, first withdraw one of them."
    )
    assert response.context["form"].non_field_errors() == [message]
    assert message in text_of(response)
    assert Delegate.objects.filter(accreditation=accreditation).count() == 3


def test_withdrawing_a_representative_frees_the_slot_for_a_replacement(client, forum, membership):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    first, second, third = (DelegateFactory(accreditation=accreditation) for _ in range(3))
    client.force_login(membership.user)

    withdrawn = client.post(
        reverse("portal:delegate_withdraw", kwargs={"public_id": second.public_id}),
        {"confirm": "on", "reason": "Cannot travel."},
    )
    nominated = client.post(reverse("portal:nominate"), nomination_form_data())

    assert (withdrawn.status_code, withdrawn["Location"]) == (302, reverse("portal:dashboard"))
    assert (nominated.status_code, nominated["Location"]) == (302, reverse("portal:dashboard"))
    second.refresh_from_db()
    assert (second.status, second.slot, second.decision_reason) == (DelegateStatus.WITHDRAWN, 2, "Cannot travel.")
    replacement = Delegate.objects.get(accreditation=accreditation, family_name="Mensah")
    assert (replacement.status, replacement.slot) == (DelegateStatus.NOMINATED, 2)
    active = Delegate.objects.filter(accreditation=accreditation, status__in=DelegateStatus.ACTIVE)
    assert sorted(active.values_list("slot", flat=True)) == [1, 2, 3]
    assert {first.pk, third.pk, replacement.pk} == set(active.values_list("pk", flat=True))


def test_nomination_page_when_full_says_so_instead_of_showing_the_form(client, forum, membership):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    delegates = [DelegateFactory(accreditation=accreditation) for _ in range(3)]
    client.force_login(membership.user)

    response = client.get(reverse("portal:nominate"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Your organization may register at most 3 representatives, and has them all:" in text
    assert [delegate.full_name in text for delegate in delegates] == [True, True, True]
    assert 'name="family_name"' not in response.content.decode()


def test_nomination_form_counts_the_places_taken(client, forum, membership):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    DelegateFactory(accreditation=accreditation)
    client.force_login(membership.user)

    response = client.get(reverse("portal:nominate"))

    assert response.status_code == 200
    assert "Your organization has 1 of 3 representatives." in text_of(response)


def test_nomination_is_refused_before_accreditation(client, forum, membership):
    AccreditationFactory(organization=membership.organization, forum=forum, status=AccreditationStatus.SUBMITTED)
    client.force_login(membership.user)

    response = client.post(reverse("portal:nominate"), nomination_form_data())

    assert (response.status_code, response["Location"]) == (302, reverse("portal:dashboard"))
    assert Delegate.objects.count() == 0


def test_a_nomination_reads_nothing_twice_and_costs_the_same_whatever_the_data(client, forum, membership):
    """The surge path: no existence checks of the rows just read under the lock (accreditation,
    forum, user), no uniqueness check of a fresh uuid, no list of representatives before the
    service; and the same number of queries with one or many rows around."""
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)
    client.get(reverse("portal:nominate"))  # warm-up: per-process caches (content types, session renewal)

    def nominate(family_name: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("portal:nominate"), nomination_form_data(family_name=family_name))
        assert (response.status_code, response["Location"]) == (302, reverse("portal:dashboard"))
        return [query["sql"] for query in queries.captured_queries]

    nominate("Boateng")  # warm-up of the POST path (the content type of the audit entry)
    first = nominate("Mensah")
    DelegateFactory.create_batch(20, accreditation=accreditation, withdrawn=True)
    for _ in range(10):
        DelegateFactory(accreditation=AccreditationFactory(forum=forum, accredited=True))
    second = nominate("Owusu")

    rechecks = re.compile(r'^SELECT 1 AS "a" FROM "(accreditation_accreditation|events_forum|imrf_user)" WHERE')
    assert [sql for sql in first if rechecks.match(sql) or '"public_id" =' in sql] == []
    lists = [sql for sql in first if 'ORDER BY "accreditation_delegate"."slot"' in sql]
    assert len(lists) == 1  # the service's, under the lock
    assert len(second) == len(first)
    assert Delegate.objects.filter(accreditation=accreditation, status__in=DelegateStatus.ACTIVE).count() == 3


# Names: invisible characters and look-alike letters (issue 13, finding 8) ---------------------

JOIN_HINT = (
    "To act for it, ask one of its focal points to invite you: they can do so from their portal, "
    "under “Focal points”, with your e-mail address."
)


def _error_next_to(response, name: str) -> list[str]:
    """The errors of one field, after checking the page marks that very field as invalid."""
    page = response.content.decode()
    field = re.search(rf'<(input|select|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    return response.context["form"].errors[name]


@pytest.mark.parametrize(
    "name",
    [
        "Soli\u200bdarity Network",  # zero-width space
        "S\u043elid\u0430rity Network",  # Cyrillic о and а
        "Soli\u00addarity Net\u00adwork",  # soft hyphens
    ],
)
def test_registering_a_disguised_copy_of_a_name_taken_in_the_country_is_refused(client, forum, name):
    OrganizationFactory(name="Solidarity Network", country="KE")
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("portal:organization_new"), organization_form_data(name=name))

    assert response.status_code == 200
    assert _error_next_to(response, "name") == [f"Solidarity Network (Kenya) is already registered. {JOIN_HINT}"]
    assert Organization.objects.count() == 1
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.parametrize("field", ["name", "head_name"])
def test_registering_a_name_made_only_of_zero_width_characters_is_refused_as_missing(client, forum, field):
    client.force_login(UserFactory())

    response = client.post(
        reverse("portal:organization_new"), organization_form_data(**{field: "\u200b\u200c\u200d\u2060"})
    )

    assert response.status_code == 200
    assert _error_next_to(response, field) == ["This field is required."]
    assert Organization.objects.count() == 0


def test_registering_stores_the_name_without_its_invisible_characters(client, forum):
    client.force_login(UserFactory())

    response = client.post(
        reverse("portal:organization_new"), organization_form_data(name="\ufeffSoli\u200bdarity\u00a0 Network\u202e")
    )

    assert (response.status_code, response["Location"]) == (302, reverse("portal:dashboard"))
    assert list(Organization.objects.values_list("name", "name_key")) == [("Solidarity Network", "solidarity network")]


def test_renaming_to_a_disguised_copy_of_a_name_taken_in_the_country_is_refused(client, forum, membership):
    OrganizationFactory(name="Solidarity Network", country="KE")
    client.force_login(membership.user)

    response = client.post(reverse("portal:organization_edit"), organization_form_data(name="Solidarity Netw\u043erk"))

    assert response.status_code == 200
    assert _error_next_to(response, "name") == [f"Solidarity Network (Kenya) is already registered. {JOIN_HINT}"]
    membership.organization.refresh_from_db()
    assert membership.organization.name != "Solidarity Netw\u043erk"


@pytest.mark.parametrize(
    ("family_name", "given_names"),
    [("Men\u200bsah", "Kofi Atta"), ("Mensah", "K\u043efi\u00ad Atta"), ("Men\u2060sah", "Ko\u200bfi At\ufeffta")],
)
def test_nominating_a_person_already_nominated_with_a_disguised_name_is_refused(
    client, forum, membership, family_name, given_names
):
    DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True),
        family_name="Mensah",
        given_names="Kofi Atta",
        date_of_birth=date(1980, 5, 17),
    )
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)

    response = client.post(
        reverse("portal:nominate"), nomination_form_data(family_name=family_name, given_names=given_names)
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This person (same names and date of birth) is already nominated for this forum, by your "
        "organization or another. A person may represent only one organization."
    ]
    assert Delegate.objects.filter(accreditation=accreditation).count() == 0


@pytest.mark.parametrize("field", ["family_name", "given_names"])
def test_nominating_a_name_made_only_of_zero_width_characters_is_refused_as_missing(client, forum, membership, field):
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)

    response = client.post(reverse("portal:nominate"), nomination_form_data(**{field: "\u200b\u00ad\ufeff"}))

    assert response.status_code == 200
    assert _error_next_to(response, field) == ["This field is required."]
    assert Delegate.objects.filter(accreditation=accreditation).count() == 0
