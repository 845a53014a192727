"""The Secretariat's decisions on applications (accreditation.services.decisions)."""

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from accreditation.enums import (
    AccreditationStatus,
    Basis,
    DelegateStatus,
    RegistrationStatus,
    VisaLetterStatus,
)
from accreditation.errors import AccreditationError
from accreditation.services.decisions import (
    accreditation_approve,
    accreditation_circulate,
    accreditation_finalize,
    accreditation_record_objection,
    accreditation_reject,
    accreditation_request_info,
    accreditation_revoke,
)
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    ForumFactory,
    SessionRegistrationFactory,
    VisaLetterFactory,
)
from tests.helpers import focal_point_of, html_lang, log_of, sent_mail, state_message

pytestmark = pytest.mark.django_db

ALL_STATUSES = sorted(AccreditationStatus.values)
VERIFIED = [Basis.ECOSOC, Basis.GCM, Basis.NHRI]
NOW = datetime(2030, 3, 1, 15, 30, tzinfo=UTC)


def _application(status=AccreditationStatus.SUBMITTED, **fields):
    if fields.get("basis") == Basis.ECOSOC:
        fields.setdefault("ecosoc_category", "general")
        fields.setdefault("ecosoc_year", 2005)
    return AccreditationFactory(status=status, **fields)


def _logs(accreditation) -> list[tuple[str, dict]]:
    return [(entry.action, entry.data) for entry in log_of(accreditation)]


def _assert_refused_from(accreditation, caught, doing: str, status: str) -> None:
    assert caught.value.code == "state"
    assert caught.value.message == state_message(accreditation, doing)
    accreditation.refresh_from_db()
    assert accreditation.status == status
    assert _logs(accreditation) == []


# --- accreditation_approve -----------------------------------------------------------------


@pytest.mark.parametrize("basis", VERIFIED)
@freeze_time(NOW)
def test_accreditation_approve_accredits_a_submitted_verified_application(
    basis, django_capture_on_commit_callbacks, mailoutbox, officer
):
    accreditation = _application(basis=basis)
    focal_point_of(accreditation.organization, email="focal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_approve(accreditation=accreditation, actor=officer)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.ACCREDITED
    assert accreditation.decided_at == NOW
    assert accreditation.decided_by == officer
    assert accreditation.decision_reason == ""
    assert _logs(accreditation) == [("accreditation.approved", {})]
    assert sent_mail(mailoutbox) == [("[IMRF] Your organization is accredited", ["focal@example.org"])]


def test_accreditation_approve_emails_a_french_speaking_focal_point_in_french(
    django_capture_on_commit_callbacks, mailoutbox, officer
):
    accreditation = _application(basis=Basis.GCM)
    focal_point_of(accreditation.organization, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_approve(accreditation=accreditation, actor=officer)

    [message] = mailoutbox
    assert html_lang(message) == "fr"


def test_accreditation_approve_refuses_special_accreditation(django_capture_on_commit_callbacks, mailoutbox, officer):
    accreditation = _application(basis=Basis.SPECIAL)

    with pytest.raises(AccreditationError) as caught, django_capture_on_commit_callbacks(execute=True):
        accreditation_approve(accreditation=accreditation, actor=officer)

    assert caught.value.code == "basis"
    assert caught.value.message == (
        f"{accreditation.organization.name} applies for special accreditation: "
        "place it on the non-objection list instead."
    )
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED
    assert mailoutbox == []


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - {AccreditationStatus.SUBMITTED}))
def test_accreditation_approve_refuses_every_other_state(status, officer):
    accreditation = _application(status=status, basis=Basis.GCM)

    with pytest.raises(AccreditationError) as caught:
        accreditation_approve(accreditation=accreditation, actor=officer)

    _assert_refused_from(accreditation, caught, "approve", status)


# --- accreditation_request_info ------------------------------------------------------------


@freeze_time(NOW)
def test_accreditation_request_info_moves_to_info_requested_with_the_message(
    django_capture_on_commit_callbacks, mailoutbox, officer
):
    accreditation = _application()
    focal_point_of(accreditation.organization, email="focal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_request_info(
            accreditation=accreditation, actor=officer, message="  Please upload signed statutes.  "
        )

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.INFO_REQUESTED
    assert accreditation.info_request_message == "Please upload signed statutes."
    assert accreditation.info_requested_at == NOW
    assert _logs(accreditation) == [("accreditation.info_requested", {"message": "Please upload signed statutes."})]
    assert sent_mail(mailoutbox) == [("[IMRF] More information is needed for your application", ["focal@example.org"])]


@pytest.mark.parametrize("message", ["", "   ", None])
def test_accreditation_request_info_needs_a_message(message, officer):
    accreditation = _application()

    with pytest.raises(AccreditationError) as caught:
        accreditation_request_info(accreditation=accreditation, actor=officer, message=message)

    assert (caught.value.code, caught.value.field) == ("message", "message")
    assert caught.value.message == "Write what the organization should add or correct."
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - {AccreditationStatus.SUBMITTED}))
def test_accreditation_request_info_refuses_every_other_state(status, officer):
    accreditation = _application(status=status)

    with pytest.raises(AccreditationError) as caught:
        accreditation_request_info(accreditation=accreditation, actor=officer, message="More please.")

    _assert_refused_from(accreditation, caught, "request information on", status)


# --- accreditation_reject ------------------------------------------------------------------

REJECTABLE = [AccreditationStatus.SUBMITTED, AccreditationStatus.INFO_REQUESTED, AccreditationStatus.NON_OBJECTION]


@pytest.mark.parametrize("status", REJECTABLE)
@freeze_time(NOW)
def test_accreditation_reject_refuses_an_open_application_with_the_reason(
    status, django_capture_on_commit_callbacks, mailoutbox, officer
):
    accreditation = _application(status=status)
    focal_point_of(accreditation.organization, email="focal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_reject(accreditation=accreditation, actor=officer, reason=" Not working on migration. ")

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.REJECTED
    assert accreditation.decided_at == NOW
    assert accreditation.decided_by == officer
    assert accreditation.decision_reason == "Not working on migration."
    assert _logs(accreditation) == [("accreditation.rejected", {"reason": "Not working on migration."})]
    assert sent_mail(mailoutbox) == [("[IMRF] Decision on your application for accreditation", ["focal@example.org"])]


@pytest.mark.parametrize("reason", ["", "  \n ", None])
def test_accreditation_reject_needs_a_reason(reason, officer):
    accreditation = _application()

    with pytest.raises(AccreditationError) as caught:
        accreditation_reject(accreditation=accreditation, actor=officer, reason=reason)

    assert (caught.value.code, caught.value.field) == ("reason", "reason")
    assert caught.value.message == "Give the reason; the organization will see it."
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - set(REJECTABLE)))
def test_accreditation_reject_refuses_every_other_state(status, officer):
    accreditation = _application(status=status)

    with pytest.raises(AccreditationError) as caught:
        accreditation_reject(accreditation=accreditation, actor=officer, reason="No.")

    _assert_refused_from(accreditation, caught, "refuse", status)


# --- accreditation_circulate ---------------------------------------------------------------


@freeze_time(NOW)
def test_accreditation_circulate_starts_the_non_objection_period_of_the_forum(officer):
    accreditation = _application(basis=Basis.SPECIAL, forum=ForumFactory(non_objection_days=7))

    accreditation_circulate(accreditation=accreditation, actor=officer)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.NON_OBJECTION
    assert accreditation.circulated_at == NOW
    assert accreditation.non_objection_ends_at == datetime(2030, 3, 8, 15, 30, tzinfo=UTC)
    assert _logs(accreditation) == [("accreditation.circulated", {"ends_at": "2030-03-08T15:30:00+00:00"})]


def test_accreditation_circulate_counts_from_the_given_moment(officer):
    accreditation = _application(basis=Basis.SPECIAL)
    moment = datetime(2030, 2, 20, 9, 0, tzinfo=UTC)

    accreditation_circulate(accreditation=accreditation, actor=officer, circulated_at=moment)

    accreditation.refresh_from_db()
    assert accreditation.circulated_at == moment
    assert accreditation.non_objection_ends_at == moment + timedelta(days=10)


def test_accreditation_circulate_sends_no_email(django_capture_on_commit_callbacks, mailoutbox, officer):
    accreditation = _application(basis=Basis.SPECIAL)
    focal_point_of(accreditation.organization)

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_circulate(accreditation=accreditation, actor=officer)

    assert mailoutbox == []


@pytest.mark.parametrize("basis", VERIFIED)
def test_accreditation_circulate_refuses_a_verified_basis(basis, officer):
    accreditation = _application(basis=basis)

    with pytest.raises(AccreditationError) as caught:
        accreditation_circulate(accreditation=accreditation, actor=officer)

    assert caught.value.code == "basis"
    assert caught.value.message == (
        f"{accreditation.organization.name} does not apply for special accreditation; approve it once verified."
    )
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUBMITTED


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - {AccreditationStatus.SUBMITTED}))
def test_accreditation_circulate_refuses_every_other_state(status, officer):
    accreditation = _application(status=status, basis=Basis.SPECIAL)

    with pytest.raises(AccreditationError) as caught:
        accreditation_circulate(accreditation=accreditation, actor=officer)

    _assert_refused_from(accreditation, caught, "circulate", status)


# --- accreditation_record_objection --------------------------------------------------------


def _circulated(*, at=NOW, **fields):
    return _application(
        status=AccreditationStatus.NON_OBJECTION,
        basis=Basis.SPECIAL,
        circulated_at=at,
        non_objection_ends_at=at + timedelta(days=10),
        **fields,
    )


@freeze_time(NOW + timedelta(days=3))
def test_accreditation_record_objection_stores_the_note_but_keeps_it_out_of_the_log(officer):
    accreditation = _circulated()

    accreditation_record_objection(
        accreditation=accreditation, actor=officer, note="  Member State X: links to a banned group.  "
    )

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.NON_OBJECTION
    assert accreditation.objection_note == "Member State X: links to a banned group."
    assert accreditation.objection_recorded_at == NOW + timedelta(days=3)
    [log] = ActivityLog.objects.filter(object_id=str(accreditation.pk), content_type__model="accreditation")
    assert (log.action, log.actor, log.data) == ("accreditation.objection_recorded", officer, {})
    assert "Member State X" not in log.target_repr


def test_accreditation_record_objection_emails_nobody(django_capture_on_commit_callbacks, mailoutbox, officer):
    accreditation = _circulated()
    focal_point_of(accreditation.organization)

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_record_objection(accreditation=accreditation, actor=officer, note="Member State X.")

    assert mailoutbox == []


@pytest.mark.parametrize("note", ["", "   ", None])
def test_accreditation_record_objection_needs_a_note(note, officer):
    accreditation = _circulated()

    with pytest.raises(AccreditationError) as caught:
        accreditation_record_objection(accreditation=accreditation, actor=officer, note=note)

    assert (caught.value.code, caught.value.field) == ("note", "note")
    assert caught.value.message == "Record who objected and why."


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - {AccreditationStatus.NON_OBJECTION}))
def test_accreditation_record_objection_refuses_every_other_state(status, officer):
    accreditation = _application(status=status, basis=Basis.SPECIAL)

    with pytest.raises(AccreditationError) as caught:
        accreditation_record_objection(accreditation=accreditation, actor=officer, note="Member State X.")

    _assert_refused_from(accreditation, caught, "record an objection on", status)
    assert accreditation.objection_note == ""


# --- accreditation_finalize ----------------------------------------------------------------


def test_accreditation_finalize_refuses_before_the_period_ends(officer):
    accreditation = _circulated()

    with (
        freeze_time(accreditation.non_objection_ends_at - timedelta(seconds=1)),
        pytest.raises(AccreditationError) as caught,
    ):
        accreditation_finalize(accreditation=accreditation, actor=officer)

    assert caught.value.code == "period"
    assert caught.value.message == (
        f"{accreditation.organization.name}: the non-objection period ends on "
        f"{accreditation.forum.format_moment(accreditation.non_objection_ends_at)}."
    )
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.NON_OBJECTION


def test_accreditation_finalize_accredits_without_objection_once_the_period_ends(
    django_capture_on_commit_callbacks, mailoutbox, officer
):
    accreditation = _circulated()
    focal_point_of(accreditation.organization, email="focal@example.org")
    end = accreditation.non_objection_ends_at

    with freeze_time(end), django_capture_on_commit_callbacks(execute=True):
        accreditation_finalize(accreditation=accreditation, actor=officer)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.ACCREDITED
    assert accreditation.decided_at == end
    assert accreditation.decided_by == officer
    assert _logs(accreditation) == [("accreditation.accredited_without_objection", {})]
    assert sent_mail(mailoutbox) == [("[IMRF] Your organization is accredited", ["focal@example.org"])]


def test_accreditation_finalize_records_the_objection_once_the_period_ends(
    django_capture_on_commit_callbacks, mailoutbox, officer
):
    accreditation = _circulated(objection_note="Member State X: links to a banned group.")
    focal_point_of(accreditation.organization, email="focal@example.org")

    with (
        freeze_time(accreditation.non_objection_ends_at + timedelta(days=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        accreditation_finalize(accreditation=accreditation, actor=officer)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.OBJECTED
    assert accreditation.decided_by == officer
    assert accreditation.decision_reason == "A Member State objected to the accreditation."
    assert _logs(accreditation) == [("accreditation.objected", {})]
    assert sent_mail(mailoutbox) == [("[IMRF] Decision on your application for accreditation", ["focal@example.org"])]
    assert "Member State X" not in mailoutbox[0].body


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - {AccreditationStatus.NON_OBJECTION}))
def test_accreditation_finalize_refuses_every_other_state(status, officer):
    accreditation = _application(status=status, basis=Basis.SPECIAL)

    with pytest.raises(AccreditationError) as caught:
        accreditation_finalize(accreditation=accreditation, actor=officer)

    _assert_refused_from(accreditation, caught, "finalize", status)


def test_circulate_then_object_then_finalize_gives_objected(officer):
    accreditation = _application(basis=Basis.SPECIAL, forum=ForumFactory(non_objection_days=5))
    with freeze_time(NOW) as clock:
        accreditation_circulate(accreditation=accreditation, actor=officer)
        clock.tick(timedelta(days=2))
        accreditation_record_objection(accreditation=accreditation, actor=officer, note="Member State Y.")
        clock.tick(timedelta(days=3))
        accreditation_finalize(accreditation=accreditation, actor=officer)

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.OBJECTED
    assert [action for action, _data in _logs(accreditation)] == [
        "accreditation.circulated",
        "accreditation.objection_recorded",
        "accreditation.objected",
    ]


# --- accreditation_revoke ------------------------------------------------------------------


@freeze_time(NOW)
def test_accreditation_revoke_revokes_and_logs_the_reason(officer):
    accreditation = _application(status=AccreditationStatus.ACCREDITED)

    accreditation_revoke(accreditation=accreditation, actor=officer, reason=" False statements. ")

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.REVOKED
    assert accreditation.decided_at == NOW
    assert accreditation.decided_by == officer
    assert accreditation.decision_reason == "False statements."
    assert _logs(accreditation) == [("accreditation.revoked", {"reason": "False statements."})]


@freeze_time(NOW)
def test_accreditation_revoke_cancels_every_active_delegate_and_what_depends_on_them(officer):
    accreditation = _application(status=AccreditationStatus.ACCREDITED)
    approved = DelegateFactory(accreditation=accreditation)
    nominated = DelegateFactory(accreditation=accreditation, nominated=True)
    withdrawn = DelegateFactory(accreditation=accreditation, status=DelegateStatus.WITHDRAWN)
    issued = VisaLetterFactory(delegate=approved, issued=True)
    requested = VisaLetterFactory(delegate=nominated)
    seat = SessionRegistrationFactory(delegate=approved)
    waitlisted = SessionRegistrationFactory(delegate=nominated, status=RegistrationStatus.WAITLISTED, position=1)
    elsewhere = DelegateFactory()

    accreditation_revoke(accreditation=accreditation, actor=officer, reason="False statements.")

    for row in (approved, nominated, withdrawn, issued, requested, seat, waitlisted, elsewhere):
        row.refresh_from_db()
    assert [(d.status, d.decided_by, d.decision_reason) for d in (approved, nominated)] == [
        (DelegateStatus.CANCELLED, officer, "False statements."),
        (DelegateStatus.CANCELLED, officer, "False statements."),
    ]
    assert withdrawn.status == DelegateStatus.WITHDRAWN
    assert elsewhere.status == DelegateStatus.APPROVED
    assert (issued.status, issued.revoked_at, issued.revoked_by, issued.revocation_reason) == (
        VisaLetterStatus.REVOKED,
        NOW,
        officer,
        "False statements.",
    )
    assert (requested.status, requested.decision_reason) == (VisaLetterStatus.DECLINED, "False statements.")
    assert (seat.status, seat.cancelled_at) == (RegistrationStatus.CANCELLED, NOW)
    assert waitlisted.status == RegistrationStatus.CANCELLED
    assert list(
        ActivityLog.objects.filter(object_id=str(approved.pk), content_type__model="delegate").values_list(
            "action", "data"
        )
    ) == [("delegate.cancelled", {"reason": "False statements.", "cascade": True})]


def test_accreditation_revoke_emails_the_delegates_and_the_focal_points(
    django_capture_on_commit_callbacks, mailoutbox, officer
):
    accreditation = _application(status=AccreditationStatus.ACCREDITED)
    focal_point_of(accreditation.organization, email="focal@example.org")
    DelegateFactory(accreditation=accreditation, email="first@example.org")
    DelegateFactory(accreditation=accreditation, email="second@example.org", nominated=True)
    DelegateFactory(accreditation=accreditation, email="gone@example.org", status=DelegateStatus.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        accreditation_revoke(accreditation=accreditation, actor=officer, reason="False statements.")

    assert sorted(sent_mail(mailoutbox)) == [
        ("[IMRF] Your organization's accreditation has been revoked", ["focal@example.org"]),
        ("[IMRF] Your registration has been cancelled", ["first@example.org"]),
        ("[IMRF] Your registration has been cancelled", ["second@example.org"]),
    ]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_accreditation_revoke_needs_a_reason(reason, officer):
    accreditation = _application(status=AccreditationStatus.ACCREDITED)
    delegate = DelegateFactory(accreditation=accreditation)

    with pytest.raises(AccreditationError) as caught:
        accreditation_revoke(accreditation=accreditation, actor=officer, reason=reason)

    assert (caught.value.code, caught.value.field) == ("reason", "reason")
    accreditation.refresh_from_db()
    delegate.refresh_from_db()
    assert accreditation.status == AccreditationStatus.ACCREDITED
    assert delegate.status == DelegateStatus.APPROVED


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - {AccreditationStatus.ACCREDITED}))
def test_accreditation_revoke_refuses_every_other_state(status, officer):
    accreditation = _application(status=status)

    with pytest.raises(AccreditationError) as caught:
        accreditation_revoke(accreditation=accreditation, actor=officer, reason="False statements.")

    _assert_refused_from(accreditation, caught, "revoke", status)
