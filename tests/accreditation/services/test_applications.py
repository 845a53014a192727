"""The organization's side of an application (accreditation.services.applications)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from freezegun import freeze_time

from accreditation.enums import AccreditationStatus, Basis, DocumentKind, EcosocCategory
from accreditation.errors import AccreditationError
from accreditation.models import Accreditation, AccreditationDocument
from accreditation.services.applications import (
    accreditation_save_draft,
    accreditation_submit,
    accreditation_withdraw,
    document_delete,
    document_upload,
)
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ForumFactory,
    OrganizationFactory,
    image_bytes,
    pdf_bytes,
)
from tests.helpers import actions_of, focal_point_of, html_lang

pytestmark = pytest.mark.django_db

REGISTERED_PAPERS = [DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.REGISTRATION_CERTIFICATE]
UNREGISTERED_PAPERS = [DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.ALTERNATIVE_PROOF]


def _application(*, documents=(), status=AccreditationStatus.DRAFT, **fields) -> Accreditation:
    accreditation = AccreditationFactory(status=status, submitted_at=None, **fields)
    for kind in documents:
        AccreditationDocumentFactory(accreditation=accreditation, kind=kind)
    return accreditation


def _closed_forum(**fields):
    now = timezone.now()
    return ForumFactory(
        applications_close_at=now - timedelta(days=1), nominations_close_at=now + timedelta(days=30), **fields
    )


# --- accreditation_save_draft --------------------------------------------------------------


def test_accreditation_save_draft_creates_a_draft_and_logs_it():
    organization = OrganizationFactory()
    forum = ForumFactory()
    actor = focal_point_of(organization)

    accreditation = accreditation_save_draft(
        organization=organization,
        forum=forum,
        data={"basis": Basis.SPECIAL, "reason_for_participation": "Migrant workers' voices."},
        actor=actor,
    )

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.DRAFT
    assert accreditation.organization == organization
    assert accreditation.forum == forum
    assert accreditation.reason_for_participation == "Migrant workers' voices."
    [log] = ActivityLog.objects.filter(object_id=str(accreditation.pk), content_type__model="accreditation")
    assert (log.action, log.actor, log.data) == ("accreditation.drafted", actor, {"basis": "special"})


def test_accreditation_save_draft_refuses_a_new_application_after_the_deadline():
    organization = OrganizationFactory()
    forum = _closed_forum()

    with pytest.raises(AccreditationError) as caught:
        accreditation_save_draft(
            organization=organization, forum=forum, data={"basis": Basis.GCM}, actor=focal_point_of(organization)
        )

    assert caught.value.code == "deadline"
    assert caught.value.message == (
        f"Applications for {forum.name} closed on {forum.format_moment(forum.applications_close_at)}."
    )
    assert Accreditation.objects.count() == 0


def test_accreditation_save_draft_refuses_a_new_application_once_time_passes_the_deadline():
    organization = OrganizationFactory()
    forum = ForumFactory()

    with freeze_time(forum.applications_close_at), pytest.raises(AccreditationError) as caught:
        accreditation_save_draft(organization=organization, forum=forum, data={"basis": Basis.GCM}, actor=None)

    assert caught.value.code == "deadline"


def test_accreditation_save_draft_accepts_a_new_application_just_before_the_deadline():
    organization = OrganizationFactory()
    forum = ForumFactory()

    with freeze_time(forum.applications_close_at - timedelta(seconds=1)):
        accreditation = accreditation_save_draft(
            organization=organization, forum=forum, data={"basis": Basis.GCM}, actor=None
        )

    assert accreditation.status == AccreditationStatus.DRAFT


def test_accreditation_save_draft_edits_the_existing_draft_and_logs_the_fields():
    accreditation = _application(basis=Basis.SPECIAL, reason_for_participation="Old reason.")
    actor = focal_point_of(accreditation.organization)

    saved = accreditation_save_draft(
        organization=accreditation.organization,
        forum=accreditation.forum,
        data={"basis": Basis.SPECIAL, "reason_for_participation": "New reason."},
        actor=actor,
    )

    assert saved.pk == accreditation.pk
    saved.refresh_from_db()
    assert saved.reason_for_participation == "New reason."
    [log] = ActivityLog.objects.filter(object_id=str(accreditation.pk), content_type__model="accreditation")
    assert (log.action, log.actor, log.data) == (
        "accreditation.edited",
        actor,
        {"fields": ["reason_for_participation"]},
    )


def test_accreditation_save_draft_without_change_writes_no_log():
    accreditation = _application(basis=Basis.SPECIAL, reason_for_participation="Same.")

    accreditation_save_draft(
        organization=accreditation.organization,
        forum=accreditation.forum,
        data={"basis": Basis.SPECIAL, "reason_for_participation": "Same."},
        actor=None,
    )

    assert actions_of(accreditation) == []


def test_accreditation_save_draft_leaving_ecosoc_clears_the_category_and_year():
    accreditation = _application(basis=Basis.ECOSOC, ecosoc_category=EcosocCategory.GENERAL, ecosoc_year=2001)

    accreditation_save_draft(
        organization=accreditation.organization,
        forum=accreditation.forum,
        data={"basis": Basis.GCM, "ecosoc_category": EcosocCategory.GENERAL, "ecosoc_year": 2001},
        actor=None,
    )

    accreditation.refresh_from_db()
    assert (accreditation.basis, accreditation.ecosoc_category, accreditation.ecosoc_year) == (Basis.GCM, "", None)


def test_accreditation_save_draft_edits_an_answer_after_the_deadline():
    accreditation = _application(status=AccreditationStatus.INFO_REQUESTED, forum=_closed_forum())

    accreditation_save_draft(
        organization=accreditation.organization,
        forum=accreditation.forum,
        data={"reason_for_participation": "Completed as asked."},
        actor=None,
    )

    accreditation.refresh_from_db()
    assert accreditation.reason_for_participation == "Completed as asked."


@pytest.mark.parametrize(
    "status", sorted(set(AccreditationStatus.values) - {AccreditationStatus.DRAFT, AccreditationStatus.INFO_REQUESTED})
)
def test_accreditation_save_draft_refuses_an_application_that_is_not_editable(status):
    accreditation = _application(status=status, reason_for_participation="Before.")

    with pytest.raises(AccreditationError) as caught:
        accreditation_save_draft(
            organization=accreditation.organization,
            forum=accreditation.forum,
            data={"reason_for_participation": "After."},
            actor=None,
        )

    assert caught.value.code == "not_editable"
    accreditation.refresh_from_db()
    assert accreditation.reason_for_participation == "Before."


# --- accreditation_submit ------------------------------------------------------------------


@freeze_time("2030-01-02 10:00:00+00:00")
def test_accreditation_submit_sends_a_complete_special_application(django_capture_on_commit_callbacks, mailoutbox):
    accreditation = _application(documents=REGISTERED_PAPERS)
    actor = focal_point_of(accreditation.organization, email="focal@example.org")
    focal_point_of(accreditation.organization, email="second@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_submit(accreditation=accreditation, actor=actor)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED
    assert accreditation.submitted_at.isoformat() == "2030-01-02T10:00:00+00:00"
    assert accreditation.submitted_by == actor
    assert actions_of(accreditation) == ["accreditation.submitted"]
    assert sorted((message.subject, message.to[0]) for message in mailoutbox) == [
        ("[IMRF] Your application has been received", "focal@example.org"),
        ("[IMRF] Your application has been received", "second@example.org"),
    ]


def test_accreditation_submit_emails_a_french_speaking_focal_point_in_french(
    django_capture_on_commit_callbacks, mailoutbox
):
    accreditation = _application(documents=REGISTERED_PAPERS)
    actor = focal_point_of(accreditation.organization, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_submit(accreditation=accreditation, actor=actor)

    [message] = mailoutbox
    assert message.to == [actor.email]
    assert html_lang(message) == "fr"


def test_accreditation_submit_refuses_an_incomplete_special_application_listing_what_is_missing():
    accreditation = _application(documents=[DocumentKind.STATUTES], reason_for_participation="")

    with pytest.raises(AccreditationError) as caught:
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.code == "incomplete"
    assert caught.value.message == (
        "The application is not complete. Still missing: the reason for your participation; "
        "a letter from the head of your organization; your registration certificate."
    )
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.DRAFT
    assert actions_of(accreditation) == []


@pytest.mark.parametrize("missing_kind", REGISTERED_PAPERS)
def test_accreditation_submit_refuses_a_registered_organization_without_each_paper(missing_kind):
    accreditation = _application(documents=[kind for kind in REGISTERED_PAPERS if kind != missing_kind])

    with pytest.raises(AccreditationError) as caught:
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.code == "incomplete"


def test_accreditation_submit_accepts_an_unregistered_organization_with_the_alternative_proof():
    organization = OrganizationFactory(
        is_registered=False, registration_number="", registration_explanation="Associations are banned here."
    )
    accreditation = _application(organization=organization, documents=UNREGISTERED_PAPERS)

    accreditation_submit(accreditation=accreditation, actor=None)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED


def test_accreditation_submit_refuses_an_unregistered_organization_without_an_explanation():
    organization = OrganizationFactory(is_registered=False, registration_explanation="  ")
    accreditation = _application(organization=organization, documents=UNREGISTERED_PAPERS)

    with pytest.raises(AccreditationError) as caught:
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.message == (
        "The application is not complete. Still missing: "
        "an explanation of why your organization is not registered (in its profile)."
    )


def test_accreditation_submit_refuses_an_unregistered_organization_without_the_alternative_proof():
    organization = OrganizationFactory(is_registered=False, registration_explanation="Banned.")
    accreditation = _application(
        organization=organization,
        documents=[DocumentKind.STATUTES, DocumentKind.HEAD_LETTER, DocumentKind.REGISTRATION_CERTIFICATE],
    )

    with pytest.raises(AccreditationError) as caught:
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.message == (
        "The application is not complete. Still missing: an alternative proof of your organization's existence."
    )


@pytest.mark.parametrize(
    ("category", "year", "missing"),
    [
        (
            "",
            None,
            "the category of your ECOSOC consultative status; the year your ECOSOC consultative status was granted",
        ),
        (EcosocCategory.ROSTER, None, "the year your ECOSOC consultative status was granted"),
        ("", 2015, "the category of your ECOSOC consultative status"),
    ],
)
def test_accreditation_submit_refuses_ecosoc_without_category_and_year(category, year, missing):
    accreditation = _application(basis=Basis.ECOSOC, ecosoc_category=category, ecosoc_year=year)

    with pytest.raises(AccreditationError) as caught:
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.code == "incomplete"
    assert caught.value.message == f"The application is not complete. Still missing: {missing}."


def test_accreditation_submit_accepts_ecosoc_with_category_and_year_and_no_documents():
    accreditation = _application(basis=Basis.ECOSOC, ecosoc_category=EcosocCategory.GENERAL, ecosoc_year=1998)

    accreditation_submit(accreditation=accreditation, actor=None)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED


def test_accreditation_submit_refuses_a_draft_after_the_deadline():
    accreditation = _application(documents=REGISTERED_PAPERS, forum=_closed_forum())

    with pytest.raises(AccreditationError) as caught:
        accreditation_submit(accreditation=accreditation, actor=None)

    forum = accreditation.forum
    assert caught.value.code == "deadline"
    assert caught.value.message == (
        f"Applications for {forum.name} closed on {forum.format_moment(forum.applications_close_at)}."
    )
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.DRAFT


def test_accreditation_submit_refuses_a_draft_once_time_passes_the_deadline():
    accreditation = _application(documents=REGISTERED_PAPERS)

    with (
        freeze_time(accreditation.forum.applications_close_at + timedelta(minutes=1)),
        pytest.raises(AccreditationError) as caught,
    ):
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.code == "deadline"


def test_accreditation_submit_resubmits_an_answer_even_after_the_deadline(
    django_capture_on_commit_callbacks, mailoutbox
):
    accreditation = _application(
        status=AccreditationStatus.INFO_REQUESTED, documents=REGISTERED_PAPERS, forum=_closed_forum()
    )
    actor = focal_point_of(accreditation.organization, email="focal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_submit(accreditation=accreditation, actor=actor)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED
    assert accreditation.submitted_by == actor
    assert actions_of(accreditation) == ["accreditation.resubmitted"]
    assert [(message.subject, message.to) for message in mailoutbox] == [
        ("[IMRF] Your answer has been received", ["focal@example.org"])
    ]


def test_accreditation_submit_refuses_an_incomplete_answer():
    accreditation = _application(status=AccreditationStatus.INFO_REQUESTED, documents=[DocumentKind.STATUTES])

    with pytest.raises(AccreditationError) as caught:
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.code == "incomplete"


@pytest.mark.parametrize(
    "status", sorted(set(AccreditationStatus.values) - {AccreditationStatus.DRAFT, AccreditationStatus.INFO_REQUESTED})
)
def test_accreditation_submit_refuses_every_other_state(status, django_capture_on_commit_callbacks, mailoutbox):
    accreditation = _application(status=status, documents=REGISTERED_PAPERS)

    with pytest.raises(AccreditationError) as caught, django_capture_on_commit_callbacks(execute=True):
        accreditation_submit(accreditation=accreditation, actor=None)

    assert caught.value.code == "state"
    assert caught.value.message == "Only a draft or an application awaiting your answer can be submitted."
    accreditation.refresh_from_db()
    assert accreditation.status == status
    assert mailoutbox == []


# --- accreditation_withdraw ----------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(AccreditationStatus.OPEN))
def test_accreditation_withdraw_withdraws_an_open_application(status):
    accreditation = _application(status=status)
    actor = focal_point_of(accreditation.organization)

    with freeze_time("2030-05-06 07:08:09+00:00"):
        accreditation_withdraw(accreditation=accreditation, actor=actor, reason="We merged with another network.")

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.WITHDRAWN
    assert accreditation.decided_at.isoformat() == "2030-05-06T07:08:09+00:00"
    assert accreditation.decision_reason == "We merged with another network."
    [log] = ActivityLog.objects.filter(object_id=str(accreditation.pk), content_type__model="accreditation")
    assert (log.action, log.actor, log.data) == (
        "accreditation.withdrawn",
        actor,
        {"reason": "We merged with another network."},
    )


@pytest.mark.parametrize("status", sorted(set(AccreditationStatus.values) - AccreditationStatus.OPEN))
def test_accreditation_withdraw_refuses_a_decided_application(status):
    accreditation = _application(status=status)

    with pytest.raises(AccreditationError) as caught:
        accreditation_withdraw(accreditation=accreditation, actor=None)

    assert caught.value.code == "state"
    assert caught.value.message == "Only an application that has not been decided can be withdrawn."
    accreditation.refresh_from_db()
    assert accreditation.status == status
    assert actions_of(accreditation) == []


# --- documents -----------------------------------------------------------------------------


def _pdf_upload(name="Statuts de l'association.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.mark.parametrize("status", sorted(AccreditationStatus.EDITABLE))
def test_document_upload_attaches_the_file_and_logs_it(status):
    accreditation = _application(status=status)
    actor = focal_point_of(accreditation.organization)

    document = document_upload(
        accreditation=accreditation,
        kind=DocumentKind.STATUTES,
        upload=_pdf_upload(),
        content_type="application/pdf",
        actor=actor,
    )

    document.refresh_from_db()
    assert document.accreditation == accreditation
    assert document.kind == DocumentKind.STATUTES
    assert document.original_name == "Statuts de l'association.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(pdf_bytes())
    assert document.uploaded_by == actor
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    with document.file.open("rb") as stored:
        assert stored.read() == pdf_bytes()
    [log] = ActivityLog.objects.filter(object_id=str(accreditation.pk), content_type__model="accreditation")
    assert (log.action, log.actor, log.data) == (
        "accreditation.document_uploaded",
        actor,
        {"kind": "statutes", "file": "Statuts de l'association.pdf", "size": len(pdf_bytes())},
    )


def test_document_upload_names_the_stored_file_by_its_content_type():
    accreditation = _application()
    upload = SimpleUploadedFile("scan.pdf", image_bytes(fmt="PNG"), content_type="application/pdf")

    document = document_upload(
        accreditation=accreditation, kind=DocumentKind.HEAD_LETTER, upload=upload, content_type="image/png", actor=None
    )

    assert document.file.name.endswith(".png")


@pytest.mark.parametrize("status", sorted(set(AccreditationStatus.values) - AccreditationStatus.EDITABLE))
def test_document_upload_refuses_an_application_that_is_not_editable(status):
    accreditation = _application(status=status)

    with pytest.raises(AccreditationError) as caught:
        document_upload(
            accreditation=accreditation,
            kind=DocumentKind.STATUTES,
            upload=_pdf_upload(),
            content_type="application/pdf",
            actor=None,
        )

    assert caught.value.code == "not_editable"
    assert AccreditationDocument.objects.count() == 0
    assert actions_of(accreditation) == []


@pytest.mark.parametrize("status", sorted(AccreditationStatus.EDITABLE))
def test_document_delete_removes_the_row_and_the_file_after_commit(status, django_capture_on_commit_callbacks):
    accreditation = _application(status=status)
    document = AccreditationDocumentFactory(accreditation=accreditation, original_name="old statutes.pdf")
    storage, stored = document.file.storage, document.file.name
    actor = focal_point_of(accreditation.organization)

    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, actor=actor)

    assert AccreditationDocument.objects.filter(pk=document.pk).exists() is False
    assert storage.exists(stored) is False
    [log] = ActivityLog.objects.filter(object_id=str(accreditation.pk), content_type__model="accreditation")
    assert (log.action, log.actor, log.data) == (
        "accreditation.document_removed",
        actor,
        {"kind": "statutes", "file": "old statutes.pdf"},
    )


@pytest.mark.parametrize("status", sorted(set(AccreditationStatus.values) - AccreditationStatus.EDITABLE))
def test_document_delete_refuses_an_application_that_is_not_editable(status):
    document = AccreditationDocumentFactory(accreditation=_application(status=status))

    with pytest.raises(AccreditationError) as caught:
        document_delete(document=document, actor=None)

    assert caught.value.code == "not_editable"
    assert AccreditationDocument.objects.filter(pk=document.pk).exists() is True
    assert document.file.storage.exists(document.file.name) is True


def test_document_upload_refuses_once_the_application_was_submitted_in_another_request():
    # Two focal points: one submits while the other's upload page (and its copy of the
    # application, still a draft) is open. The service must check the current status.
    accreditation = _application(documents=REGISTERED_PAPERS)
    seen_by_uploader = Accreditation.objects.get(pk=accreditation.pk)
    accreditation_submit(accreditation=Accreditation.objects.get(pk=accreditation.pk), actor=None)

    with pytest.raises(AccreditationError) as caught:
        document_upload(
            accreditation=seen_by_uploader,
            kind=DocumentKind.ANNUAL_REPORT,
            upload=_pdf_upload(),
            content_type="application/pdf",
            actor=None,
        )

    assert caught.value.code == "not_editable"
    assert AccreditationDocument.objects.filter(accreditation=accreditation).count() == 3


def test_document_delete_refuses_once_the_application_was_submitted_in_another_request():
    accreditation = _application(documents=REGISTERED_PAPERS)
    document = AccreditationDocument.objects.select_related("accreditation").get(
        accreditation=accreditation, kind=DocumentKind.STATUTES
    )
    accreditation_submit(accreditation=Accreditation.objects.get(pk=accreditation.pk), actor=None)

    with pytest.raises(AccreditationError) as caught:
        document_delete(document=document, actor=None)

    assert caught.value.code == "not_editable"
    assert AccreditationDocument.objects.filter(pk=document.pk).exists() is True
