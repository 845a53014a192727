"""The Secretariat's corrections of a representative (accreditation.services.corrections): a
corrected detail that an issued letter prints reissues the letter; a change to online
participation ends the representative's travel; anything else is only saved and logged."""

from datetime import date

import pytest
from freezegun import freeze_time

from accreditation.enums import ParticipationModality, RegistrationStatus, VisaLetterStatus
from accreditation.models import Delegate, VisaLetter
from accreditation.services.corrections import delegate_correct_details
from events.enums import Modality
from imrf.models import ActivityLog
from tests.factories import (
    DelegateFactory,
    ForumFactory,
    SessionFactory,
    SessionRegistrationFactory,
    VisaLetterFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory(short_name="IMRF2030", starts_on=date(2030, 5, 5), ends_on=date(2030, 5, 8))


@pytest.fixture
def delegate(forum):
    return DelegateFactory(
        accreditation__forum=forum, family_name="Nguyen", given_names="Thi Anh", date_of_birth=date(1985, 3, 14)
    )


def _letters(delegate) -> list[tuple]:
    return list(
        VisaLetter.objects.filter(delegate=delegate)
        .order_by("pk")
        .values_list("sequence", "status", "holder_family_name", "holder_date_of_birth")
    )


@pytest.mark.parametrize(
    ("changes", "labels"),
    [
        ({"family_name": "Nguyễn"}, "family name (as in passport)"),
        ({"given_names": "Thị Ánh"}, "given names (as in passport)"),
        ({"date_of_birth": date(1985, 3, 15)}, "date of birth"),
        ({"nationality": "KH"}, "nationality"),
        ({"family_name": "Nguyễn", "date_of_birth": date(1985, 3, 15)}, "date of birth, family name (as in passport)"),
    ],
)
def test_correcting_a_printed_detail_reissues_the_issued_letter(
    delegate, officer, changes, labels, django_capture_on_commit_callbacks, mailoutbox
):
    old = VisaLetterFactory(delegate=delegate, issued=True)

    with django_capture_on_commit_callbacks(execute=True):
        result = delegate_correct_details(delegate=delegate, changes=changes, actor=officer)

    stored = Delegate.objects.get(pk=delegate.pk)
    assert {name: getattr(stored, name) for name in changes} == changes
    new = VisaLetter.objects.get(status=VisaLetterStatus.ISSUED)
    assert (result.reissued, result.travel_ended, result.fields) == (new, False, tuple(sorted(changes)))
    assert (new.sequence, new.reference, new.supersedes) == (2, "IMRF2030-000002", old)
    assert (new.holder_full_name, new.holder_date_of_birth, new.holder_nationality) == (
        stored.full_name,
        stored.date_of_birth,
        stored.nationality,
    )
    old.refresh_from_db()
    assert (old.status, old.revocation_reason) == (
        VisaLetterStatus.REVOKED,
        f"Superseded by letter IMRF2030-000002: The representative's details were corrected ({labels}).",
    )
    assert ActivityLog.objects.get(action="delegate.details_corrected").data == {"fields": sorted(changes)}
    assert ActivityLog.objects.get(action="visa_letter.reissued").data["replaces"] == "IMRF2030-000001"
    assert [mail.subject for mail in mailoutbox] == ["[IMRF] Your visa support letter has been reissued"]


@pytest.mark.parametrize(
    "changes",
    [
        {"phone": "+33 1 00 00 00 00"},
        {"email": "new@example.org"},
        {"gender": "other"},
        {"job_title": "Director"},
        {"accessibility_needs": "Step-free access."},
        {"country_of_residence": "FR"},
        {"is_head_of_delegation": True},
    ],
)
def test_correcting_a_detail_the_letter_does_not_print_keeps_the_letter(delegate, officer, changes):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    result = delegate_correct_details(delegate=delegate, changes=changes, actor=officer)

    assert result.reissued is None
    assert _letters(delegate) == [(1, VisaLetterStatus.ISSUED, "Nguyen", date(1985, 3, 14))]
    assert VisaLetter.objects.get().verification_token == letter.verification_token
    stored = Delegate.objects.get(pk=delegate.pk)
    assert {name: getattr(stored, name) for name in changes} == changes


def test_correcting_the_names_to_what_they_are_changes_nothing(delegate, officer):
    VisaLetterFactory(delegate=delegate, issued=True)

    result = delegate_correct_details(
        delegate=delegate, changes={"family_name": "Nguyen", "given_names": "Thi Anh"}, actor=officer
    )

    assert (result.fields, result.reissued) == ((), None)
    assert not ActivityLog.objects.exists()


def test_correcting_names_without_an_issued_letter_reissues_nothing(delegate, officer):
    requested = VisaLetterFactory(delegate=delegate)
    revoked = VisaLetterFactory(delegate=delegate, revoked=True)

    result = delegate_correct_details(delegate=delegate, changes={"family_name": "Nguyễn"}, actor=officer)

    assert result.reissued is None
    assert _letters(delegate) == [
        (None, VisaLetterStatus.REQUESTED, "", None),
        (1, VisaLetterStatus.REVOKED, "Nguyen", date(1985, 3, 14)),
    ]
    assert (requested.pk, revoked.pk) == tuple(VisaLetter.objects.order_by("pk").values_list("pk", flat=True))


def test_an_expired_letter_stays_as_it_was_printed(delegate, officer):
    VisaLetterFactory(delegate=delegate, issued=True)

    with freeze_time("2030-06-09"):
        result = delegate_correct_details(delegate=delegate, changes={"family_name": "Nguyễn"}, actor=officer)

    assert result.reissued is None
    assert _letters(delegate) == [(1, VisaLetterStatus.ISSUED, "Nguyen", date(1985, 3, 14))]
    assert Delegate.objects.get(pk=delegate.pk).family_name == "Nguyễn"


def test_changing_to_online_participation_ends_the_travel(
    delegate, forum, officer, django_capture_on_commit_callbacks, mailoutbox
):
    letter = VisaLetterFactory(delegate=delegate, issued=True)
    session = SessionFactory(forum=forum, modality=Modality.IN_PERSON, stakeholder_seats=1)
    seat = SessionRegistrationFactory(delegate=delegate, session=session, in_person=True)
    waiting = SessionRegistrationFactory(
        delegate=DelegateFactory(accreditation__forum=forum), session=session, waitlisted=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = delegate_correct_details(
            delegate=delegate,
            changes={"modality": ParticipationModality.VIRTUAL, "family_name": "Nguyễn"},
            actor=officer,
        )

    assert (result.travel_ended, result.reissued, result.fields) == (True, None, ("family_name", "modality"))
    assert Delegate.objects.get(pk=delegate.pk).modality == ParticipationModality.VIRTUAL
    letter.refresh_from_db()
    assert (letter.status, letter.revocation_reason) == (VisaLetterStatus.REVOKED, "Participation changed to online.")
    assert VisaLetter.objects.count() == 1
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert [entry.action for entry in ActivityLog.objects.order_by("pk")][:3] == [
        "delegate.details_corrected",
        "delegate.switched_to_virtual",
        "visa_letter.revoked",
    ]
    assert sorted((mail.to[0], mail.subject) for mail in mailoutbox if mail.to == [delegate.email]) == [
        (delegate.email, "[IMRF] Your visa support letter has been revoked")
    ]


def test_changing_to_online_participation_declines_a_pending_request(delegate, officer):
    request = VisaLetterFactory(delegate=delegate)

    delegate_correct_details(delegate=delegate, changes={"modality": ParticipationModality.VIRTUAL}, actor=officer)

    request.refresh_from_db()
    assert (request.status, request.decision_reason) == (
        VisaLetterStatus.DECLINED,
        "Participation changed to online.",
    )


def test_changing_an_inactive_representative_to_online_only_saves_it(forum, officer):
    withdrawn = DelegateFactory(accreditation__forum=forum, withdrawn=True)

    result = delegate_correct_details(
        delegate=withdrawn, changes={"modality": ParticipationModality.VIRTUAL}, actor=officer
    )

    assert (result.travel_ended, result.fields) == (False, ("modality",))
    assert Delegate.objects.get(pk=withdrawn.pk).modality == ParticipationModality.VIRTUAL
    assert ActivityLog.objects.get().data == {"fields": ["modality"]}


def test_status_and_audit_fields_are_not_corrected_here(delegate, officer):
    with pytest.raises(ValueError, match=r"^Not correctable here: slot, status\.$"):
        delegate_correct_details(delegate=delegate, changes={"status": "withdrawn", "slot": 3}, actor=officer)

    assert Delegate.objects.get(pk=delegate.pk).status == delegate.status
