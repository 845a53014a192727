"""Decisions in the back office (imrf/admin_decisions.py): change-page buttons, their
confirmation pages, and the bulk actions of the accreditation and representative changelists.

Every decision calls its service: the status changes, one ActivityLog entry names the officer,
a refusal is shown and changes nothing, and a bulk action reports each failing row while the
others succeed.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.admin import accreditations as accreditation_admin
from accreditation.enums import AccreditationStatus, Basis, DelegateStatus, VisaLetterStatus
from accreditation.models import Accreditation, Delegate, VisaLetter
from imrf.models import ActivityLog
from tests.factories import AccreditationFactory, DelegateFactory, StaffUserFactory, VisaLetterFactory
from tests.helpers import change_url, decide_url, leveled_messages_of, log_of, state_message

pytestmark = pytest.mark.django_db

ACCREDITATION_DECISIONS = ["approve", "request_info", "circulate", "record_objection", "finalize", "reject", "revoke"]
DELEGATE_DECISIONS = ["approve", "reject", "cancel"]
ACCREDITATION_CHANGELIST = "admin:accreditation_accreditation_changelist"
DELEGATE_CHANGELIST = "admin:accreditation_delegate_changelist"


# --- helpers ---------------------------------------------------------------------------------


def _ecosoc(**fields):
    return AccreditationFactory(ecosoc=True, **fields)


def _circulated(*, ended: bool, **fields):
    """On the non-objection list; the period ended a minute ago, or ends in a minute."""
    ends_at = timezone.now() + (timedelta(minutes=-1) if ended else timedelta(minutes=1))
    return AccreditationFactory(
        status=AccreditationStatus.NON_OBJECTION,
        circulated_at=ends_at - timedelta(days=10),
        non_objection_ends_at=ends_at,
        **fields,
    )


# One application per state a button depends on.
ACCREDITATION_MAKERS = {
    "ecosoc_submitted": lambda: _ecosoc(),
    "special_submitted": lambda: AccreditationFactory(),
    "draft": lambda: AccreditationFactory(draft=True),
    "info_requested": lambda: AccreditationFactory(info_requested=True),
    "period_running": lambda: _circulated(ended=False),
    "period_ended": lambda: _circulated(ended=True),
    "accredited": lambda: _ecosoc(accredited=True),
    "rejected": lambda: AccreditationFactory(rejected=True),
    "revoked": lambda: AccreditationFactory(revoked=True),
    "objected": lambda: AccreditationFactory(status=AccreditationStatus.OBJECTED),
    "withdrawn": lambda: AccreditationFactory(status=AccreditationStatus.WITHDRAWN),
}


def _buttons(response) -> list[str]:
    return [decision.name for decision in response.context["decision_buttons"]]


def _logs(obj) -> list[tuple[str, object]]:
    return [(entry.action, entry.actor) for entry in log_of(obj)]


def _bulk(client, changelist: str, action: str, objects, **data):
    return client.post(reverse(changelist), {"action": action, "_selected_action": [obj.pk for obj in objects], **data})


# --- accreditation: change-page buttons ------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("ecosoc_submitted", ["approve", "request_info", "reject"]),
        ("special_submitted", ["request_info", "circulate", "reject"]),
        ("draft", []),
        ("info_requested", ["reject"]),
        ("period_running", ["record_objection", "reject"]),
        ("period_ended", ["record_objection", "finalize", "reject"]),
        ("accredited", ["revoke"]),
        ("rejected", []),
        ("revoked", []),
        ("objected", []),
        ("withdrawn", []),
    ],
)
def test_accreditation_change_page_shows_only_the_available_buttons(officer_client, state, expected):
    accreditation = ACCREDITATION_MAKERS[state]()

    response = officer_client.get(change_url(accreditation))

    assert response.status_code == 200
    assert _buttons(response) == expected
    content = response.content.decode()
    for name in ACCREDITATION_DECISIONS:
        assert (f'href="{decide_url(accreditation, name)}"' in content) is (name in expected), name


def test_finalize_button_appears_only_once_the_period_ended(officer_client):
    running = _circulated(ended=False)
    ended = _circulated(ended=True)

    running_page = officer_client.get(change_url(running))
    ended_page = officer_client.get(change_url(ended))

    assert "finalize" not in _buttons(running_page)
    assert decide_url(running, "finalize") not in running_page.content.decode()
    assert "finalize" in _buttons(ended_page)
    assert decide_url(ended, "finalize") in ended_page.content.decode()


@pytest.mark.parametrize("group", ["Visa officers", "Programme managers", "Viewers"])
def test_accreditation_change_page_shows_no_button_without_the_permission(client, group):
    client.force_login(StaffUserFactory(group=group))
    accreditation = _ecosoc()

    response = client.get(change_url(accreditation))

    assert response.status_code == 200
    assert _buttons(response) == []
    assert "/decide/" not in response.content.decode()


# --- accreditation: confirmation pages -------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "decision", "form_field"),
    [
        ("ecosoc_submitted", "approve", None),
        ("special_submitted", "request_info", "message"),
        ("special_submitted", "circulate", None),
        ("period_running", "record_objection", "note"),
        ("period_ended", "finalize", None),
        ("special_submitted", "reject", "reason"),
        ("accredited", "revoke", "reason"),
    ],
)
def test_accreditation_decision_get_shows_the_confirmation_page(officer_client, state, decision, form_field):
    accreditation = ACCREDITATION_MAKERS[state]()

    response = officer_client.get(decide_url(accreditation, decision))

    assert response.status_code == 200
    assert response.templates[0].name == "admin/decisions/confirm.html"
    assert response.context["decision"].name == decision
    assert response.context["object"] == accreditation
    assert response.context["error"] is None
    content = response.content.decode()
    assert str(response.context["decision"].label) in content
    if form_field is None:
        assert response.context["form"] is None
        assert "<textarea" not in content
    else:
        assert list(response.context["form"].fields) == [form_field]
        assert f'name="{form_field}"' in content
    # Looking changes nothing.
    assert Accreditation.objects.get(pk=accreditation.pk).status == accreditation.status
    assert _logs(accreditation) == []


@pytest.mark.parametrize(
    ("state", "decision", "data", "status", "action"),
    [
        ("ecosoc_submitted", "approve", {}, AccreditationStatus.ACCREDITED, "accreditation.approved"),
        (
            "special_submitted",
            "request_info",
            {"message": "Please upload your statutes."},
            AccreditationStatus.INFO_REQUESTED,
            "accreditation.info_requested",
        ),
        ("special_submitted", "circulate", {}, AccreditationStatus.NON_OBJECTION, "accreditation.circulated"),
        (
            "period_running",
            "record_objection",
            {"note": "Member State X: not independent."},
            AccreditationStatus.NON_OBJECTION,
            "accreditation.objection_recorded",
        ),
        (
            "period_ended",
            "finalize",
            {},
            AccreditationStatus.ACCREDITED,
            "accreditation.accredited_without_objection",
        ),
        (
            "special_submitted",
            "reject",
            {"reason": "No work on migration."},
            AccreditationStatus.REJECTED,
            "accreditation.rejected",
        ),
        (
            "accredited",
            "revoke",
            {"reason": "Misused the accreditation."},
            AccreditationStatus.REVOKED,
            "accreditation.revoked",
        ),
    ],
)
def test_accreditation_decision_post_runs_the_service(officer_client, officer, state, decision, data, status, action):
    accreditation = ACCREDITATION_MAKERS[state]()

    response = officer_client.post(decide_url(accreditation, decision), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(accreditation)
    accreditation.refresh_from_db()
    assert accreditation.status == status
    assert _logs(accreditation) == [(action, officer)]
    label = next(d.label for d in accreditation_admin.ACCREDITATION_DECISIONS if d.name == decision)
    assert leveled_messages_of(response) == [("success", f"{label}: done.")]


def test_accreditation_request_info_post_stores_the_message(officer_client):
    accreditation = AccreditationFactory()

    officer_client.post(decide_url(accreditation, "request_info"), {"message": "  Please upload your statutes. "})

    accreditation.refresh_from_db()
    assert accreditation.info_request_message == "Please upload your statutes."


def test_accreditation_reject_post_stores_the_reason_and_the_officer(officer_client, officer):
    accreditation = AccreditationFactory()

    officer_client.post(decide_url(accreditation, "reject"), {"reason": "No work on migration."})

    accreditation.refresh_from_db()
    assert (accreditation.decision_reason, accreditation.decided_by) == ("No work on migration.", officer)


def test_accreditation_record_objection_then_finalize_ends_objected(officer_client, officer):
    accreditation = _circulated(ended=True)

    officer_client.post(decide_url(accreditation, "record_objection"), {"note": "Member State X objects."})
    response = officer_client.post(decide_url(accreditation, "finalize"))

    assert response.status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.OBJECTED
    assert accreditation.objection_note == "Member State X objects."
    assert _logs(accreditation) == [
        ("accreditation.objection_recorded", officer),
        ("accreditation.objected", officer),
    ]


@pytest.mark.parametrize(
    ("state", "decision", "field"),
    [
        ("special_submitted", "request_info", "message"),
        ("period_running", "record_objection", "note"),
        ("special_submitted", "reject", "reason"),
        ("accredited", "revoke", "reason"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   \n  "])
def test_accreditation_decision_post_with_an_empty_field_reshows_the_form(
    officer_client, state, decision, field, blank
):
    accreditation = ACCREDITATION_MAKERS[state]()
    before = Accreditation.objects.values().get(pk=accreditation.pk)

    response = officer_client.post(decide_url(accreditation, decision), {field: blank})

    assert response.status_code == 200
    assert response.context["form"].errors == {field: ["This field is required."]}
    assert "This field is required." in response.content.decode()
    assert Accreditation.objects.values().get(pk=accreditation.pk) == before
    assert _logs(accreditation) == []


@pytest.mark.parametrize(
    ("state", "decision", "data", "doing"),
    [
        ("accredited", "approve", {}, "approve"),
        ("rejected", "approve", {}, "approve"),
        ("info_requested", "request_info", {"message": "More."}, "request information on"),
        ("ecosoc_submitted", "record_objection", {"note": "X objects."}, "record an objection on"),
        ("accredited", "circulate", {}, "circulate"),
        ("special_submitted", "finalize", {}, "finalize"),
        ("draft", "reject", {"reason": "No."}, "refuse"),
        ("accredited", "reject", {"reason": "No."}, "refuse"),
        ("special_submitted", "revoke", {"reason": "No."}, "revoke"),
        ("revoked", "revoke", {"reason": "Again."}, "revoke"),
    ],
)
def test_accreditation_refused_transition_shows_the_error_and_changes_nothing(
    officer_client, state, decision, data, doing
):
    accreditation = ACCREDITATION_MAKERS[state]()
    before = Accreditation.objects.values().get(pk=accreditation.pk)

    response = officer_client.post(decide_url(accreditation, decision), data)

    assert response.status_code == 200
    expected = state_message(accreditation, doing)
    assert response.context["error"] == expected
    assert f'<p class="errornote">{expected}</p>' in response.content.decode()
    assert Accreditation.objects.values().get(pk=accreditation.pk) == before
    assert _logs(accreditation) == []


def test_accreditation_approve_of_a_special_application_is_refused(officer_client):
    accreditation = AccreditationFactory(basis=Basis.SPECIAL)

    response = officer_client.post(decide_url(accreditation, "approve"))

    assert response.context["error"] == (
        f"{accreditation.organization.name} applies for special accreditation: "
        "place it on the non-objection list instead."
    )
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.SUBMITTED


def test_accreditation_circulate_of_an_ecosoc_application_is_refused(officer_client):
    accreditation = _ecosoc()

    response = officer_client.post(decide_url(accreditation, "circulate"))

    assert response.context["error"] == (
        f"{accreditation.organization.name} does not apply for special accreditation; approve it once verified."
    )
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.SUBMITTED


def test_accreditation_finalize_before_the_period_ends_is_refused(officer_client):
    accreditation = _circulated(ended=False)

    response = officer_client.post(decide_url(accreditation, "finalize"))

    assert response.status_code == 200
    expected = (
        f"{accreditation.organization.name}: the non-objection period ends on "
        f"{accreditation.forum.format_moment(accreditation.non_objection_ends_at)}."
    )
    assert response.context["error"] == expected
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.NON_OBJECTION
    assert _logs(accreditation) == []


def test_unknown_decision_name_answers_404(officer_client):
    accreditation = _ecosoc()

    response = officer_client.get(decide_url(accreditation, "delete_everything"))

    assert response.status_code == 404


def test_unknown_object_answers_404(officer_client):
    response = officer_client.get(reverse("admin:accreditation_accreditation_decide", args=[987654, "approve"]))

    assert response.status_code == 404


# --- accreditation: revocation cascades ------------------------------------------------------


def test_revocation_through_the_admin_cancels_delegates_and_revokes_letters(officer_client, officer):
    accreditation = _ecosoc(accredited=True)
    approved = DelegateFactory(accreditation=accreditation)
    nominated = DelegateFactory(accreditation=accreditation, nominated=True)
    withdrawn = DelegateFactory(accreditation=accreditation, withdrawn=True)
    issued = VisaLetterFactory(delegate=approved, issued=True)
    requested = VisaLetterFactory(delegate=nominated)

    response = officer_client.post(decide_url(accreditation, "revoke"), {"reason": "Misused the accreditation."})

    assert response.status_code == 302
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.REVOKED
    statuses = dict(Delegate.objects.filter(accreditation=accreditation).values_list("pk", "status"))
    assert statuses == {
        approved.pk: DelegateStatus.CANCELLED,
        nominated.pk: DelegateStatus.CANCELLED,
        withdrawn.pk: DelegateStatus.WITHDRAWN,
    }
    issued.refresh_from_db()
    requested.refresh_from_db()
    assert (issued.status, issued.revoked_by, issued.revocation_reason) == (
        VisaLetterStatus.REVOKED,
        officer,
        "Misused the accreditation.",
    )
    assert requested.status == VisaLetterStatus.DECLINED
    assert _logs(approved) == [("delegate.cancelled", officer)]
    assert _logs(issued) == [("visa_letter.revoked", officer)]


# --- delegates: change-page buttons, confirmation, refusals ----------------------------------

DELEGATE_MAKERS = {
    "nominated": lambda: DelegateFactory(nominated=True),
    "approved": lambda: DelegateFactory(),
    "rejected": lambda: DelegateFactory(rejected=True),
    "withdrawn": lambda: DelegateFactory(withdrawn=True),
    "cancelled": lambda: DelegateFactory(cancelled=True),
}


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("nominated", ["approve", "reject", "cancel"]),
        ("approved", ["cancel"]),
        ("rejected", []),
        ("withdrawn", []),
        ("cancelled", []),
    ],
)
def test_delegate_change_page_shows_only_the_available_buttons(officer_client, state, expected):
    delegate = DELEGATE_MAKERS[state]()

    response = officer_client.get(change_url(delegate))

    assert response.status_code == 200
    assert _buttons(response) == expected
    content = response.content.decode()
    for name in DELEGATE_DECISIONS:
        assert (f'href="{decide_url(delegate, name)}"' in content) is (name in expected), name


@pytest.mark.parametrize("group", ["Visa officers", "Programme managers", "Viewers"])
def test_delegate_change_page_shows_no_button_without_the_permission(client, group):
    client.force_login(StaffUserFactory(group=group))
    delegate = DelegateFactory(nominated=True)

    response = client.get(change_url(delegate))

    assert response.status_code == 200
    assert _buttons(response) == []
    assert "/decide/" not in response.content.decode()


@pytest.mark.parametrize(
    ("decision", "form_field"),
    [("approve", None), ("reject", "reason"), ("cancel", "reason")],
)
def test_delegate_decision_get_shows_the_confirmation_page(officer_client, decision, form_field):
    delegate = DelegateFactory(nominated=True)

    response = officer_client.get(decide_url(delegate, decision))

    assert response.status_code == 200
    assert response.context["object"] == delegate
    if form_field is None:
        assert response.context["form"] is None
    else:
        assert list(response.context["form"].fields) == [form_field]
        assert f'name="{form_field}"' in response.content.decode()
    assert Delegate.objects.get(pk=delegate.pk).status == DelegateStatus.NOMINATED


@pytest.mark.parametrize(
    ("state", "decision", "data", "status", "action"),
    [
        ("nominated", "approve", {}, DelegateStatus.APPROVED, "delegate.approved"),
        ("nominated", "reject", {"reason": "Not a member."}, DelegateStatus.REJECTED, "delegate.rejected"),
        ("nominated", "cancel", {"reason": "Left the organization."}, DelegateStatus.CANCELLED, "delegate.cancelled"),
        ("approved", "cancel", {"reason": "Left the organization."}, DelegateStatus.CANCELLED, "delegate.cancelled"),
    ],
)
def test_delegate_decision_post_runs_the_service(officer_client, officer, state, decision, data, status, action):
    delegate = DELEGATE_MAKERS[state]()

    response = officer_client.post(decide_url(delegate, decision), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(delegate)
    delegate.refresh_from_db()
    assert (delegate.status, delegate.decided_by) == (status, officer)
    assert delegate.decision_reason == data.get("reason", "")
    assert _logs(delegate) == [(action, officer)]
    assert [level for level, _text in leveled_messages_of(response)] == ["success"]


@pytest.mark.parametrize("decision", ["reject", "cancel"])
def test_delegate_decision_post_with_an_empty_reason_reshows_the_form(officer_client, decision):
    delegate = DelegateFactory(nominated=True)
    before = Delegate.objects.values().get(pk=delegate.pk)

    response = officer_client.post(decide_url(delegate, decision), {"reason": " "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert Delegate.objects.values().get(pk=delegate.pk) == before
    assert _logs(delegate) == []


@pytest.mark.parametrize(
    ("state", "decision", "data", "error"),
    [
        ("approved", "approve", {}, "Only a nominated representative can be approved."),
        ("rejected", "approve", {}, "Only a nominated representative can be approved."),
        ("approved", "reject", {"reason": "No."}, "Only a nominated representative can be refused."),
        ("withdrawn", "cancel", {"reason": "No."}, "Only an active representative can be cancelled."),
        ("cancelled", "cancel", {"reason": "No."}, "Only an active representative can be cancelled."),
    ],
)
def test_delegate_refused_transition_shows_the_error_and_changes_nothing(officer_client, state, decision, data, error):
    delegate = DELEGATE_MAKERS[state]()
    before = Delegate.objects.values().get(pk=delegate.pk)

    response = officer_client.post(decide_url(delegate, decision), data)

    assert response.status_code == 200
    assert response.context["error"] == error
    assert f'<p class="errornote">{error}</p>' in response.content.decode()
    assert Delegate.objects.values().get(pk=delegate.pk) == before
    assert _logs(delegate) == []


def test_delegate_approve_of_a_revoked_organization_is_refused(officer_client):
    delegate = DelegateFactory(nominated=True, accreditation=AccreditationFactory(revoked=True))

    response = officer_client.post(decide_url(delegate, "approve"))

    assert response.context["error"] == "The organization is not accredited."
    assert Delegate.objects.get(pk=delegate.pk).status == DelegateStatus.NOMINATED


# --- bulk actions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "field"),
    [
        ("decide_request_info", "message"),
        ("decide_reject", "reason"),
        ("decide_revoke", "reason"),
        ("decide_record_objection", "note"),
    ],
)
def test_bulk_accreditation_action_needing_input_shows_the_intermediate_page(officer_client, action, field):
    selected = AccreditationFactory.create_batch(2)
    other = AccreditationFactory()

    response = _bulk(officer_client, ACCREDITATION_CHANGELIST, action, selected)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/decisions/intermediate.html"
    assert sorted(obj.pk for obj in response.context["objects"]) == sorted(obj.pk for obj in selected)
    assert response.context["action_name"] == action
    assert list(response.context["form"].fields) == [field]
    assert response.context["form"].errors == {}
    content = response.content.decode()
    for obj in selected:
        assert f"<li>{obj}</li>" in content
        assert f'name="_selected_action" value="{obj.pk}"' in content
    assert f"<li>{other}</li>" not in content
    assert f'name="action" value="{action}"' in content
    assert 'name="apply"' in content
    assert "This applies to 2 items" in content
    assert set(Accreditation.objects.values_list("status", flat=True)) == {AccreditationStatus.SUBMITTED}


@pytest.mark.parametrize(("action", "field"), [("decide_reject", "reason"), ("decide_cancel", "reason")])
def test_bulk_delegate_action_needing_input_shows_the_intermediate_page(officer_client, action, field):
    selected = DelegateFactory.create_batch(2, nominated=True)

    response = _bulk(officer_client, DELEGATE_CHANGELIST, action, selected)

    assert response.status_code == 200
    assert sorted(obj.pk for obj in response.context["objects"]) == sorted(obj.pk for obj in selected)
    assert list(response.context["form"].fields) == [field]


def test_bulk_approve_reports_the_already_accredited_row_and_approves_the_others(officer_client, officer):
    first, second = _ecosoc(), _ecosoc()
    already = _ecosoc(accredited=True)

    response = _bulk(officer_client, ACCREDITATION_CHANGELIST, "decide_approve", [first, second, already])

    assert response.status_code == 302
    assert set(Accreditation.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {
        AccreditationStatus.ACCREDITED
    }
    assert _logs(first) == [("accreditation.approved", officer)]
    assert _logs(second) == [("accreditation.approved", officer)]
    assert _logs(already) == []
    assert leveled_messages_of(response) == [
        ("success", "Accredit (verified ECOSOC, GCM or NHRI status): done for 2."),
        ("error", f"{already}: {state_message(already, 'approve')}"),
    ]


def test_bulk_reject_with_a_reason_runs_per_row_and_reports_the_failures(officer_client, officer):
    submitted = AccreditationFactory()
    circulated = _circulated(ended=False)
    draft = AccreditationFactory(draft=True)
    accredited = _ecosoc(accredited=True)

    response = _bulk(
        officer_client,
        ACCREDITATION_CHANGELIST,
        "decide_reject",
        [submitted, circulated, draft, accredited],
        apply="1",
        reason="Not eligible.",
    )

    assert response.status_code == 302
    statuses = dict(Accreditation.objects.values_list("pk", "status"))
    assert statuses == {
        submitted.pk: AccreditationStatus.REJECTED,
        circulated.pk: AccreditationStatus.REJECTED,
        draft.pk: AccreditationStatus.DRAFT,
        accredited.pk: AccreditationStatus.ACCREDITED,
    }
    assert set(Accreditation.objects.filter(status="rejected").values_list("decision_reason", flat=True)) == {
        "Not eligible."
    }
    messages = leveled_messages_of(response)
    assert messages[0] == ("success", "Do not accredit: done for 2.")
    assert sorted(messages[1:]) == sorted(
        [
            ("error", f"{draft}: {state_message(draft, 'refuse')}"),
            ("error", f"{accredited}: {state_message(accredited, 'refuse')}"),
        ]
    )


def test_bulk_action_with_an_empty_reason_reshows_the_form_and_changes_nothing(officer_client):
    selected = AccreditationFactory.create_batch(2)

    response = _bulk(officer_client, ACCREDITATION_CHANGELIST, "decide_reject", selected, apply="1", reason="  ")

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert len(response.context["objects"]) == 2
    assert set(Accreditation.objects.values_list("status", flat=True)) == {AccreditationStatus.SUBMITTED}
    assert not ActivityLog.objects.filter(action__startswith="accreditation.").exists()


def test_bulk_action_without_input_runs_at_once(officer_client, officer):
    special = AccreditationFactory.create_batch(2)
    ecosoc = _ecosoc()

    response = _bulk(officer_client, ACCREDITATION_CHANGELIST, "decide_circulate", [*special, ecosoc])

    assert response.status_code == 302
    assert set(Accreditation.objects.filter(pk__in=[a.pk for a in special]).values_list("status", flat=True)) == {
        AccreditationStatus.NON_OBJECTION
    }
    assert Accreditation.objects.get(pk=ecosoc.pk).status == AccreditationStatus.SUBMITTED
    assert leveled_messages_of(response) == [
        ("success", "Place on the non-objection list: done for 2."),
        (
            "error",
            f"{ecosoc}: {ecosoc.organization.name} does not apply for special accreditation; approve it once verified.",
        ),
    ]


def test_bulk_request_info_sends_the_same_message_to_each(officer_client, officer):
    selected = AccreditationFactory.create_batch(3)

    _bulk(
        officer_client,
        ACCREDITATION_CHANGELIST,
        "decide_request_info",
        selected,
        apply="1",
        message="Upload your statutes.",
    )

    rows = Accreditation.objects.values_list("status", "info_request_message")
    assert set(rows) == {(AccreditationStatus.INFO_REQUESTED, "Upload your statutes.")}
    assert ActivityLog.objects.filter(action="accreditation.info_requested", actor=officer).count() == 3


def test_bulk_revoke_cascades_to_each_accreditation(officer_client, officer):
    first, second = _ecosoc(accredited=True), _ecosoc(accredited=True)
    letter = VisaLetterFactory(delegate=DelegateFactory(accreditation=first), issued=True)
    nominated = DelegateFactory(accreditation=second, nominated=True)

    _bulk(officer_client, ACCREDITATION_CHANGELIST, "decide_revoke", [first, second], apply="1", reason="Misuse.")

    assert set(Accreditation.objects.values_list("status", flat=True)) == {AccreditationStatus.REVOKED}
    assert VisaLetter.objects.get(pk=letter.pk).status == VisaLetterStatus.REVOKED
    assert set(Delegate.objects.values_list("status", flat=True)) == {DelegateStatus.CANCELLED}
    assert Delegate.objects.get(pk=nominated.pk).decision_reason == "Misuse."


def test_bulk_delegate_approve_reports_each_failure(officer_client, officer):
    nominated = DelegateFactory.create_batch(2, nominated=True)
    rejected = DelegateFactory(rejected=True)

    response = _bulk(officer_client, DELEGATE_CHANGELIST, "decide_approve", [*nominated, rejected])

    statuses = dict(Delegate.objects.values_list("pk", "status"))
    assert statuses == {
        nominated[0].pk: DelegateStatus.APPROVED,
        nominated[1].pk: DelegateStatus.APPROVED,
        rejected.pk: DelegateStatus.REJECTED,
    }
    assert leveled_messages_of(response) == [
        ("success", "Approve the representative: done for 2."),
        ("error", f"{rejected}: Only a nominated representative can be approved."),
    ]


def test_bulk_delegate_cancel_with_a_reason(officer_client, officer):
    approved = DelegateFactory()
    letter = VisaLetterFactory(delegate=approved, issued=True)
    withdrawn = DelegateFactory(withdrawn=True)

    response = _bulk(
        officer_client, DELEGATE_CHANGELIST, "decide_cancel", [approved, withdrawn], apply="1", reason="Left."
    )

    assert Delegate.objects.get(pk=approved.pk).status == DelegateStatus.CANCELLED
    assert VisaLetter.objects.get(pk=letter.pk).status == VisaLetterStatus.REVOKED
    assert Delegate.objects.get(pk=withdrawn.pk).status == DelegateStatus.WITHDRAWN
    assert leveled_messages_of(response) == [
        ("success", "Cancel the representative: done for 1."),
        ("error", f"{withdrawn}: Only an active representative can be cancelled."),
    ]
