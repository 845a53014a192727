"""What each staff group may see and do in the back office (DESIGN.md §5 "Roles"): the
decisions offered, the confidential objection note, passport numbers, documents, the audit log.
"""

import pytest
from django.urls import reverse

from accreditation.enums import AccreditationStatus, Basis, DelegateStatus, EcosocCategory
from accreditation.models import Accreditation, Delegate
from imrf.activity import log_action
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActivityLogFactory,
    DelegateFactory,
    StaffUserFactory,
    VisaLetterFactory,
)
from tests.helpers import change_url, decide_url, sign_in_staff

pytestmark = pytest.mark.django_db

OFFICERS = "Accreditation officers"
VISA = "Visa officers"
PROGRAMME = "Programme managers"
VIEWERS = "Viewers"
SUPERUSER = "superuser"
ALL_ROLES = [OFFICERS, VISA, PROGRAMME, VIEWERS, SUPERUSER]
NOT_DECIDING = [VISA, PROGRAMME, VIEWERS]

ACCREDITATION_ACTIONS = [
    "non_objection_list_as_pdf",
    "non_objection_list_as_csv",
    "decide_approve",
    "decide_request_info",
    "decide_circulate",
    "decide_record_objection",
    "decide_finalize",
    "decide_reject",
    "decide_revoke",
]
DELEGATE_ACTIONS = ["decide_approve", "decide_reject", "decide_cancel"]

OBJECTION = "Ruritania (Ambassador Zéphyrin Kowalczyk) objects: links to an armed group."
PASSPORT = "X98765432"
MASKED_PASSPORT = "•••••5432"


def _action_names(response) -> list[str]:
    action_form = response.context["action_form"]
    if action_form is None:
        return []
    return [name for name, _label in action_form.fields["action"].choices if name]


def _ecosoc(**fields):
    return AccreditationFactory(basis=Basis.ECOSOC, ecosoc_category=EcosocCategory.GENERAL, ecosoc_year=2001, **fields)


# --- decisions per group ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (OFFICERS, ACCREDITATION_ACTIONS),
        (SUPERUSER, ACCREDITATION_ACTIONS),
        (VISA, []),
        (PROGRAMME, []),
        (VIEWERS, []),
    ],
)
def test_accreditation_changelist_actions_per_group(client, role, expected):
    sign_in_staff(client, role)
    AccreditationFactory()

    response = client.get(reverse("admin:accreditation_accreditation_changelist"))

    assert response.status_code == 200
    assert sorted(_action_names(response)) == sorted(expected)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (OFFICERS, DELEGATE_ACTIONS),
        (SUPERUSER, DELEGATE_ACTIONS),
        (VISA, []),
        (PROGRAMME, []),
        (VIEWERS, []),
    ],
)
def test_delegate_changelist_actions_per_group(client, role, expected):
    sign_in_staff(client, role)
    DelegateFactory(nominated=True)

    response = client.get(reverse("admin:accreditation_delegate_changelist"))

    assert response.status_code == 200
    assert sorted(_action_names(response)) == sorted(expected)


LETTER_ACTIONS = ["download_letters_zip", "decide_issue", "decide_decline", "decide_reissue", "decide_revoke"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(VISA, LETTER_ACTIONS), (SUPERUSER, LETTER_ACTIONS), (OFFICERS, []), (PROGRAMME, []), (VIEWERS, [])],
)
def test_letter_changelist_actions_per_group(client, role, expected):
    sign_in_staff(client, role)
    VisaLetterFactory(issued=True)

    response = client.get(reverse("admin:accreditation_visaletter_changelist"))

    assert response.status_code == 200
    assert sorted(_action_names(response)) == sorted(expected)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_activity_log_changelist_offers_no_action_to_anyone(client, role):
    sign_in_staff(client, role)
    ActivityLogFactory()

    response = client.get(reverse("admin:imrf_activitylog_changelist"))

    assert response.status_code == 200
    assert _action_names(response) == []


@pytest.mark.parametrize(
    ("role", "accreditation_buttons", "delegate_buttons"),
    [
        (OFFICERS, ["approve", "request_info", "reject"], ["approve", "reject", "cancel"]),
        (SUPERUSER, ["approve", "request_info", "reject"], ["approve", "reject", "cancel"]),
        (VISA, [], []),
        (PROGRAMME, [], []),
        (VIEWERS, [], []),
    ],
)
def test_change_page_buttons_per_group(client, role, accreditation_buttons, delegate_buttons):
    sign_in_staff(client, role)
    accreditation = _ecosoc()
    delegate = DelegateFactory(nominated=True)

    accreditation_page = client.get(change_url(accreditation))
    delegate_page = client.get(change_url(delegate))

    assert [d.name for d in accreditation_page.context["decision_buttons"]] == accreditation_buttons
    assert [d.name for d in delegate_page.context["decision_buttons"]] == delegate_buttons
    assert accreditation_page.content.decode().count("/decide/") == len(accreditation_buttons)
    assert delegate_page.content.decode().count("/decide/") == len(delegate_buttons)


def test_record_objection_button_needs_the_objection_permission(client):
    sign_in_staff(client, OFFICERS)
    accreditation = AccreditationFactory(non_objection=True)

    response = client.get(change_url(accreditation))

    assert [d.name for d in response.context["decision_buttons"]] == ["record_objection", "reject"]


# Each decision with a state where it would succeed and the form data it would need.
ACCREDITATION_CASES = [
    ("approve", lambda: _ecosoc(), {}),
    ("request_info", lambda: AccreditationFactory(), {"message": "More."}),
    ("circulate", lambda: AccreditationFactory(), {}),
    ("record_objection", lambda: AccreditationFactory(non_objection=True), {"note": OBJECTION}),
    ("finalize", lambda: AccreditationFactory(non_objection=True, non_objection_ends_at=None), {}),
    ("reject", lambda: AccreditationFactory(), {"reason": "No."}),
    ("revoke", lambda: _ecosoc(accredited=True), {"reason": "No."}),
]


@pytest.mark.parametrize("role", NOT_DECIDING)
@pytest.mark.parametrize(("decision", "make", "data"), ACCREDITATION_CASES, ids=[c[0] for c in ACCREDITATION_CASES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_accreditation_decision_url_answers_403_without_the_permission(client, role, decision, make, data, method):
    sign_in_staff(client, role)
    accreditation = make()
    before = Accreditation.objects.values().get(pk=accreditation.pk)

    response = getattr(client, method)(decide_url(accreditation, decision), data)

    assert response.status_code == 403
    assert Accreditation.objects.values().get(pk=accreditation.pk) == before
    assert not ActivityLog.objects.exists()


DELEGATE_CASES = [
    ("approve", {}),
    ("reject", {"reason": "No."}),
    ("cancel", {"reason": "No."}),
]


@pytest.mark.parametrize("role", NOT_DECIDING)
@pytest.mark.parametrize(("decision", "data"), DELEGATE_CASES, ids=[c[0] for c in DELEGATE_CASES])
def test_delegate_decision_url_answers_403_without_the_permission(client, role, decision, data):
    sign_in_staff(client, role)
    delegate = DelegateFactory(nominated=True)

    response = client.post(decide_url(delegate, decision), data)

    assert response.status_code == 403
    assert Delegate.objects.get(pk=delegate.pk).status == DelegateStatus.NOMINATED
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize("role", NOT_DECIDING)
def test_bulk_action_posted_without_the_permission_changes_nothing(client, role):
    sign_in_staff(client, role)
    accreditation = _ecosoc()

    response = client.post(
        reverse("admin:accreditation_accreditation_changelist"),
        {"action": "decide_approve", "_selected_action": [accreditation.pk]},
    )

    assert response.status_code in {200, 302}
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.SUBMITTED
    assert not ActivityLog.objects.exists()


def test_viewers_can_trigger_nothing(client):
    sign_in_staff(client, VIEWERS)
    accreditation = _ecosoc()
    delegate = DelegateFactory(nominated=True)

    pages = [
        client.get(change_url(accreditation)),
        client.get(change_url(delegate)),
        client.get(reverse("admin:accreditation_accreditation_changelist")),
        client.get(reverse("admin:accreditation_delegate_changelist")),
    ]
    change_post = client.post(change_url(accreditation), {"reason_for_participation": "Changed."})

    for page in pages:
        content = page.content.decode()
        assert "/decide/" not in content
        assert 'name="_save"' not in content
    assert [_action_names(page) for page in pages[2:]] == [[], []]
    assert change_post.status_code == 403
    assert not ActivityLog.objects.exists()


# --- the objection note ------------------------------------------------------------------------


@pytest.fixture
def objected(client):
    """An application with an objection recorded by an officer through the admin."""
    accreditation = AccreditationFactory(non_objection=True)
    officer = StaffUserFactory(group=OFFICERS)
    client.force_login(officer)
    response = client.post(decide_url(accreditation, "record_objection"), {"note": OBJECTION})
    assert response.status_code == 302
    client.logout()
    accreditation.refresh_from_db()
    assert accreditation.objection_note == OBJECTION
    return accreditation


@pytest.mark.parametrize(
    ("role", "visible"),
    [(OFFICERS, True), (SUPERUSER, True), (VISA, False), (PROGRAMME, False), (VIEWERS, False)],
)
def test_objection_note_is_shown_only_to_accreditation_officers(client, objected, role, visible):
    sign_in_staff(client, role)

    response = client.get(change_url(objected))

    assert response.status_code == 200
    content = response.content.decode()
    assert ("Zéphyrin Kowalczyk" in content) is visible
    assert ("Ruritania" in content) is visible
    assert ("links to an armed group" in content) is visible


@pytest.mark.parametrize("role", [VISA, PROGRAMME, VIEWERS])
def test_objection_note_stays_hidden_after_finalizing(client, objected, role):
    Accreditation.objects.filter(pk=objected.pk).update(non_objection_ends_at=None)
    client.force_login(StaffUserFactory(group=OFFICERS))
    client.post(decide_url(objected, "finalize"))
    assert Accreditation.objects.get(pk=objected.pk).status == AccreditationStatus.OBJECTED
    sign_in_staff(client, role)

    pages = [
        client.get(change_url(objected)),
        client.get(reverse("admin:accreditation_accreditation_changelist")),
        client.get(reverse("admin:imrf_activitylog_changelist")),
    ]

    for page in pages:
        assert page.status_code == 200
        assert "Ruritania" not in page.content.decode()


# --- passport numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_export_full_numbers"),
    [(VISA, True), (SUPERUSER, True), (OFFICERS, False), (PROGRAMME, False), (VIEWERS, False)],
)
def test_only_visa_officers_are_offered_the_full_passport_export(client, role, may_export_full_numbers):
    sign_in_staff(client, role)
    VisaLetterFactory(issued=True, passport_number=PASSPORT)

    response = client.get(reverse("admin:accreditation_visaletter_export"))

    assert response.status_code == 200
    labels = [str(label) for _value, label in response.context["form"].fields["resource"].choices]
    expected = ["Letters (passport numbers masked)"]
    if may_export_full_numbers:
        expected.append("Letters with full passport numbers (Visa officers; logged)")
    assert labels == expected
    assert ("with full passport numbers" in response.content.decode()) is may_export_full_numbers


@pytest.mark.parametrize("role", [OFFICERS, PROGRAMME, VIEWERS])
def test_choosing_the_full_passport_export_without_the_permission_exports_nothing(client, role):
    sign_in_staff(client, role)
    VisaLetterFactory(issued=True, passport_number=PASSPORT)
    data = {"format": "0", "resource": "1"}
    data.update({f"visaletterwithpassportresource_{name}": "on" for name in ["reference", "passport"]})

    response = client.post(reverse("admin:accreditation_visaletter_export"), data)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert PASSPORT not in response.content.decode()
    assert not ActivityLog.objects.filter(action="visa_letter.exported_with_passport_numbers").exists()


def _letter_pages(client, letter) -> dict:
    return {
        "change": client.get(change_url(letter)),
        "changelist": client.get(reverse("admin:accreditation_visaletter_changelist")),
        "history": client.get(reverse("admin:accreditation_visaletter_history", args=[letter.pk])),
        "export": client.get(reverse("admin:accreditation_visaletter_export")),
        "delegate": client.get(change_url(letter.delegate)),
        "log": client.get(reverse("admin:imrf_activitylog_changelist")),
    }


@pytest.fixture
def letter():
    letter = VisaLetterFactory(issued=True, passport_number=PASSPORT)
    # What a careless caller might log: log_action masks keys that look secret.
    log_action(action="visa_letter.issued", target=letter, data={"passport_number": PASSPORT})
    return letter


@pytest.mark.parametrize("role", [OFFICERS, PROGRAMME, VIEWERS])
def test_passport_number_never_appears_unmasked_on_letter_pages(client, letter, role):
    sign_in_staff(client, role)

    pages = _letter_pages(client, letter)

    for name, page in pages.items():
        assert page.status_code == 200, name
        assert PASSPORT not in page.content.decode(), name
        assert "98765432" not in page.content.decode(), name
    assert MASKED_PASSPORT in pages["change"].content.decode()
    assert not ActivityLog.objects.filter(action="visa_letter.passport_viewed").exists()


@pytest.mark.parametrize("role", [VISA, SUPERUSER])
def test_passport_number_is_unmasked_only_on_the_change_page_of_a_visa_officer_and_logged(client, letter, role):
    """DESIGN.md §5: masked everywhere except the letter and the visa officers' view."""
    user = sign_in_staff(client, role)

    pages = _letter_pages(client, letter)

    for name, page in pages.items():
        assert page.status_code == 200, name
        assert (PASSPORT in page.content.decode()) is (name == "change"), name
    viewed = ActivityLog.objects.get(action="visa_letter.passport_viewed")
    assert (viewed.actor, viewed.object_id, viewed.data) == (user, str(letter.pk), {})


# --- documents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_documents"),
    [(OFFICERS, True), (VIEWERS, True), (SUPERUSER, True), (PROGRAMME, False), (VISA, False)],
)
def test_document_inline_rows_only_for_groups_allowed_to_read_documents(client, role, sees_documents):
    sign_in_staff(client, role)
    document = AccreditationDocumentFactory(original_name="statuts-association-Ñandú.pdf")

    response = client.get(change_url(document.accreditation))

    assert response.status_code == 200
    content = response.content.decode()
    download = reverse("portal:document_download", args=[document.public_id])
    assert (download in content) is sees_documents
    assert ("statuts-association-Ñandú.pdf" in content) is sees_documents
    inline_names = [formset.opts.__class__.__name__ for formset in response.context["inline_admin_formsets"]]
    assert inline_names == (["DocumentInline"] if sees_documents else [])


@pytest.mark.parametrize(
    ("role", "status"),
    [(OFFICERS, 200), (VIEWERS, 200), (SUPERUSER, 200), (PROGRAMME, 403), (VISA, 403)],
)
def test_document_changelist_and_change_page_per_group(client, role, status):
    sign_in_staff(client, role)
    document = AccreditationDocumentFactory()

    changelist = client.get(reverse("admin:accreditation_accreditationdocument_changelist"))
    change = client.get(reverse("admin:accreditation_accreditationdocument_change", args=[document.pk]))

    assert (changelist.status_code, change.status_code) == (status, status)


@pytest.mark.parametrize(
    ("role", "status"),
    [(OFFICERS, 200), (VIEWERS, 200), (SUPERUSER, 200), (PROGRAMME, 404), (VISA, 404)],
)
def test_document_download_per_group(client, role, status):
    sign_in_staff(client, role)
    document = AccreditationDocumentFactory()

    response = client.get(reverse("portal:document_download", args=[document.public_id]))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- the audit log -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_activity_log_changelist_is_read_only(client, role):
    sign_in_staff(client, role)
    entry = ActivityLogFactory(action="accreditation.approved")

    changelist = client.get(reverse("admin:imrf_activitylog_changelist"))
    add = client.get(reverse("admin:imrf_activitylog_add"))
    change = client.get(reverse("admin:imrf_activitylog_change", args=[entry.pk]))
    post = client.post(reverse("admin:imrf_activitylog_change", args=[entry.pk]), {"action": "forged.entry"})
    delete = client.post(reverse("admin:imrf_activitylog_delete", args=[entry.pk]), {"post": "yes"})

    assert changelist.status_code == 200
    assert changelist.context["has_add_permission"] is False
    assert reverse("admin:imrf_activitylog_add") not in changelist.content.decode()
    assert add.status_code == 403
    assert change.status_code == 200
    content = change.content.decode()
    assert 'name="_save"' not in content
    assert 'name="_continue"' not in content
    assert "deletelink" not in content
    assert post.status_code == 403
    assert delete.status_code == 403
    assert ActivityLog.objects.get(pk=entry.pk).action == "accreditation.approved"


def test_activity_log_changelist_filters_by_action(client):
    sign_in_staff(client, VIEWERS)
    approved = ActivityLogFactory.create_batch(2, action="accreditation.approved")
    ActivityLogFactory(action="delegate.cancelled")

    response = client.get(reverse("admin:imrf_activitylog_changelist"), {"action": "accreditation.approved"})

    assert response.status_code == 200
    assert sorted(entry.pk for entry in response.context["cl"].result_list) == sorted(e.pk for e in approved)
    filter_titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert "action" in filter_titles
