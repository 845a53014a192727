"""Visa support letters (accreditation.services.letters): who may request one, the request's
rules at their exact boundaries, the gap-free numbering, the copy of what a letter prints frozen
at issue, reissue, the decisions, the visa outcome, the switch to virtual participation, the
revocation cascade, and the passport number's protection (encrypted column, masked display,
never in the audit log)."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from freezegun import freeze_time

from accreditation.enums import (
    DelegateStatus,
    ParticipationModality,
    RegistrationStatus,
    VisaLetterStatus,
    VisaOutcome,
)
from accreditation.errors import AccreditationError
from accreditation.models import Delegate, SessionRegistration, VisaLetter
from accreditation.services.decisions import accreditation_revoke
from accreditation.services.letters import (
    delegate_switch_to_virtual,
    visa_letter_decline,
    visa_letter_issue,
    visa_letter_reissue,
    visa_letter_report_outcome,
    visa_letter_request,
    visa_letter_revoke,
)
from accreditation.services.nominations import delegate_cancel, delegate_withdraw
from events.enums import Modality
from imrf.crypto import decrypt
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    ForumFactory,
    MembershipFactory,
    SessionFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
    VisaLetterFactory,
)
from tests.helpers import assert_no_passport_number_logged, printed_fields_of, refusal_of

pytestmark = pytest.mark.django_db

TYPED_PASSPORT = " c12 34 5678 "
PASSPORT = "C12345678"
VISA = "Visa officers"


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_passport_number_in_the_audit_log(db):
    """After every test: no ActivityLog row written in these flows carries a passport number,
    neither in its data (the JSON) nor in the target's description."""
    yield
    assert_no_passport_number_logged(PASSPORT, TYPED_PASSPORT.strip())


@pytest.fixture
def forum():
    """A forum with fixed dates: 5-8 May 2030, visa requests open for a while yet."""
    return ForumFactory(short_name="Imrf 2030", starts_on=date(2030, 5, 5), ends_on=date(2030, 5, 8))


@pytest.fixture
def delegate(forum):
    return DelegateFactory(accreditation__forum=forum)


def _data(**overrides) -> dict:
    """A complete, valid request for a forum on 5-8 May 2030 (travel window of 7 days)."""
    return {
        "passport_number": TYPED_PASSPORT,
        "passport_issuing_country": "VN",
        "passport_issued_on": date(2022, 1, 10),
        "passport_expires_on": date(2032, 1, 9),
        "place_of_birth": "Hà Nội",
        "consulate_country": "KE",
        "consulate_city": "Nairobi",
        "arrival_on": date(2030, 5, 3),
        "departure_on": date(2030, 5, 9),
        "language": "en",
        **overrides,
    }


def _refusal(delegate, **overrides) -> AccreditationError:
    refusal = refusal_of(visa_letter_request, delegate=delegate, data=_data(**overrides), actor=delegate.user)
    assert not VisaLetter.objects.filter(delegate=delegate, status=VisaLetterStatus.REQUESTED).exists()
    return refusal


@pytest.fixture(autouse=True)
def _travel_window(settings):
    settings.VISA_TRAVEL_WINDOW_DAYS = 7


# --- request: who may ask ------------------------------------------------------------------------


def test_request_by_an_approved_in_person_delegate_is_saved_as_requested(delegate):
    letter = visa_letter_request(delegate=delegate, data=_data(), actor=None)

    letter.refresh_from_db()
    assert letter.status == VisaLetterStatus.REQUESTED
    assert (letter.delegate, letter.forum) == (delegate, delegate.forum)
    assert (letter.sequence, letter.reference, letter.verification_token) == (None, None, None)
    assert (letter.consulate_city, letter.consulate_country.code, letter.place_of_birth) == ("Nairobi", "KE", "Hà Nội")
    entry = ActivityLog.objects.get(action="visa_letter.requested")
    assert (entry.object_id, entry.data) == (str(letter.pk), {"consulate": "Nairobi, KE"})


def test_request_normalizes_the_passport_number(delegate):
    letter = visa_letter_request(delegate=delegate, data=_data(passport_number=" c12 34\t5678 "), actor=None)

    assert VisaLetter.objects.get(pk=letter.pk).passport_number == PASSPORT


@pytest.mark.parametrize("status", ["nominated", "rejected", "withdrawn", "cancelled"])
def test_request_is_refused_unless_the_delegate_is_approved(forum, status):
    delegate = DelegateFactory(accreditation__forum=forum, **{status: True})

    error = _refusal(delegate)

    assert error.code == "state"
    assert error.message == "A visa support letter can be requested once your registration is approved."


def test_request_is_refused_to_a_virtual_participant(forum):
    delegate = DelegateFactory(accreditation__forum=forum, virtual=True)

    error = _refusal(delegate)

    assert error.code == "modality"
    assert error.message == "Visa support letters are for representatives who attend in person."


def test_request_is_accepted_until_the_last_moment_before_the_deadline(delegate, forum):
    with freeze_time(forum.visa_requests_close_at - timedelta(microseconds=1)):
        letter = visa_letter_request(delegate=delegate, data=_data(), actor=None)

    assert letter.status == VisaLetterStatus.REQUESTED


def test_request_is_refused_from_the_deadline_on(delegate, forum):
    with freeze_time(forum.visa_requests_close_at):
        error = _refusal(delegate)

    assert error.code == "deadline"
    assert error.message.startswith("Requests for visa support letters closed on ")
    assert error.message.endswith(f"({forum.time_zone}).")


@pytest.mark.parametrize("status", ["requested", "issued"])
def test_request_is_refused_while_another_letter_is_open(delegate, status):
    VisaLetterFactory(delegate=delegate, issued=status == "issued")

    with pytest.raises(AccreditationError) as caught:
        visa_letter_request(delegate=delegate, data=_data(), actor=None)

    assert caught.value.code == "exists"
    assert VisaLetter.objects.filter(delegate=delegate).count() == 1


@pytest.mark.parametrize("trait", ["declined", "revoked"])
def test_request_is_accepted_after_a_declined_or_revoked_letter(delegate, trait):
    VisaLetterFactory(delegate=delegate, **{trait: True})

    letter = visa_letter_request(delegate=delegate, data=_data(), actor=None)

    assert letter.status == VisaLetterStatus.REQUESTED
    assert VisaLetter.objects.filter(delegate=delegate).count() == 2


# --- request: the passport -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends_on", "valid_until"),
    [
        (date(2030, 5, 8), date(2030, 11, 8)),
        # The end of a month: six months after 31 August is the last day of February.
        (date(2030, 8, 31), date(2031, 2, 28)),
        (date(2031, 8, 31), date(2032, 2, 29)),
        (date(2030, 12, 31), date(2031, 6, 30)),
    ],
)
def test_passport_valid_exactly_six_months_after_the_forum_is_accepted_a_day_less_is_not(ends_on, valid_until):
    forum = ForumFactory(starts_on=ends_on - timedelta(days=3), ends_on=ends_on)
    travel = {"arrival_on": forum.starts_on, "departure_on": forum.ends_on}
    refused = DelegateFactory(accreditation__forum=forum)
    accepted = DelegateFactory(accreditation__forum=forum)

    error = _refusal(refused, passport_expires_on=valid_until - timedelta(days=1), **travel)
    letter = visa_letter_request(delegate=accepted, data=_data(passport_expires_on=valid_until, **travel), actor=None)

    assert (error.field, error.code) == ("passport_expires_on", "passport_expiry")
    assert error.message == (
        f"The passport must be valid until at least {date_format(valid_until, 'DATE_FORMAT')} "
        "(six months after the forum ends)."
    )
    assert letter.passport_expires_on == valid_until


@pytest.mark.parametrize("number", ["C123", "C" * 21, "C123-4567", "C123/4567", "C123.4567", ""])
def test_passport_number_must_be_5_to_20_letters_and_digits(delegate, number):
    error = _refusal(delegate, passport_number=number)

    assert error.field == "passport_number"
    assert error.message == "Enter the passport number as printed: 5 to 20 letters and digits."


# Passport numbers are printed in Latin capitals and digits (ICAO Doc 9303): a Cyrillic "С" or a
# Greek "Α" looks the same on the letter, but a consular visa_officer typing the Latin letter into
# /verify/ would then be told the letter does not exist.
@pytest.mark.parametrize(
    "number",
    ["С1234567", "Α1234567", "Ç1234567", "C１234567", "C1234²67"],
    ids=["cyrillic-es", "greek-alpha", "c-cedilla", "fullwidth-one", "superscript-two"],
)
def test_passport_number_outside_latin_letters_and_ascii_digits_is_refused(delegate, number):
    error = _refusal(delegate, passport_number=number)

    assert error.field == "passport_number"


@pytest.mark.parametrize("number", ["C1234", "c" * 20, "12345678901234567890"])
def test_passport_number_of_5_or_20_characters_is_accepted(delegate, number):
    letter = visa_letter_request(delegate=delegate, data=_data(passport_number=number), actor=None)

    assert letter.passport_number == number.upper()


def test_passport_issued_in_the_future_is_refused(delegate):
    error = _refusal(delegate, passport_issued_on=timezone.localdate() + timedelta(days=1))

    assert error.field == "passport_issued_on"


# --- request: the travel window ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arrival", "departure", "field"),
    [
        (date(2030, 4, 28), date(2030, 5, 9), None),  # seven days before the start
        (date(2030, 4, 27), date(2030, 5, 9), "arrival_on"),
        (date(2030, 5, 8), date(2030, 5, 8), None),  # on the last day
        (date(2030, 5, 9), date(2030, 5, 10), "arrival_on"),
        (date(2030, 5, 3), date(2030, 5, 15), None),  # seven days after the end
        (date(2030, 5, 3), date(2030, 5, 16), "departure_on"),
        (date(2030, 5, 1), date(2030, 5, 5), None),  # leaving on the first day
        (date(2030, 5, 1), date(2030, 5, 4), "departure_on"),  # leaving before it starts
        (date(2030, 5, 7), date(2030, 5, 6), "departure_on"),  # before arriving
    ],
)
def test_travel_dates_must_lie_in_the_window_around_the_forum(delegate, arrival, departure, field):
    if field is None:
        letter = visa_letter_request(
            delegate=delegate, data=_data(arrival_on=arrival, departure_on=departure), actor=None
        )
        assert (letter.arrival_on, letter.departure_on) == (arrival, departure)
        return

    error = _refusal(delegate, arrival_on=arrival, departure_on=departure)

    assert (error.field, error.code) == (field, "travel_window")
    if field == "arrival_on":
        assert error.message == "Arrival must be between April 28, 2030 and May 8, 2030."
    else:
        assert error.message == "Departure must be after arrival, between May 5, 2030 and May 15, 2030."


def test_travel_window_follows_the_setting(delegate, settings):
    settings.VISA_TRAVEL_WINDOW_DAYS = 3

    early = _refusal(delegate, arrival_on=date(2030, 5, 1))
    late = _refusal(delegate, departure_on=date(2030, 5, 12))
    letter = visa_letter_request(
        delegate=delegate, data=_data(arrival_on=date(2030, 5, 2), departure_on=date(2030, 5, 11)), actor=None
    )

    assert early.message == "Arrival must be between May 2, 2030 and May 8, 2030."
    assert late.message == "Departure must be after arrival, between May 5, 2030 and May 11, 2030."
    assert letter.status == VisaLetterStatus.REQUESTED


# --- issue ---------------------------------------------------------------------------------------


def _requested(forum, count: int) -> list[VisaLetter]:
    accreditation = AccreditationFactory(forum=forum, accredited=True)
    return [VisaLetterFactory(delegate__accreditation=accreditation) for _index in range(count)]


def test_issue_numbers_letters_one_two_three_per_forum(forum, visa_officer):
    other_forum = ForumFactory(short_name="IMRF2031")
    letters = _requested(forum, 3)
    other = _requested(other_forum, 2)

    issued = [
        visa_letter_issue(letter=letter, actor=visa_officer)
        for letter in [letters[0], other[0], *letters[1:], other[1]]
    ]

    numbered = sorted((letter.forum.short_name, letter.sequence, letter.reference) for letter in issued)
    assert numbered == [
        ("IMRF2031", 1, "IMRF2031-000001"),
        ("IMRF2031", 2, "IMRF2031-000002"),
        ("Imrf 2030", 1, "IMRF2030-000001"),
        ("Imrf 2030", 2, "IMRF2030-000002"),
        ("Imrf 2030", 3, "IMRF2030-000003"),
    ]
    stored = VisaLetter.objects.get(pk=letters[2].pk)
    assert (stored.status, stored.sequence, stored.reference) == (VisaLetterStatus.ISSUED, 3, "IMRF2030-000003")
    assert (stored.issued_by, stored.decided_by) == (visa_officer, visa_officer)
    assert stored.issued_at == stored.decided_at
    assert stored.issued_at is not None


def test_issue_gives_each_letter_a_long_url_safe_unique_token(forum, visa_officer):
    letters = [visa_letter_issue(letter=letter, actor=visa_officer) for letter in _requested(forum, 5)]

    tokens = [letter.verification_token for letter in letters]
    assert all(len(token) >= 40 and re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)
    assert len(set(tokens)) == 5


def test_issue_logs_the_reference(forum, visa_officer):
    letter = visa_letter_issue(letter=_requested(forum, 1)[0], actor=visa_officer)

    entry = ActivityLog.objects.get(action="visa_letter.issued")
    assert (entry.actor, entry.object_id, entry.data) == (
        visa_officer,
        str(letter.pk),
        {"reference": "IMRF2030-000001"},
    )


@pytest.mark.parametrize("trait", ["issued", "declined", "revoked"])
def test_issue_refuses_a_letter_that_is_not_requested(delegate, visa_officer, trait):
    letter = VisaLetterFactory(delegate=delegate, **{trait: True})
    before = (letter.status, letter.sequence, letter.reference, letter.verification_token)

    with pytest.raises(AccreditationError) as caught:
        visa_letter_issue(letter=letter, actor=visa_officer)

    assert caught.value.code == "state"
    letter.refresh_from_db()
    assert (letter.status, letter.sequence, letter.reference, letter.verification_token) == before


@pytest.mark.parametrize("trait", ["nominated", "withdrawn", "cancelled", "rejected", "virtual"])
def test_issue_refuses_when_the_delegate_is_no_longer_approved_in_person(forum, visa_officer, trait):
    letter = VisaLetterFactory(delegate=DelegateFactory(accreditation__forum=forum, **{trait: True}))

    with pytest.raises(AccreditationError) as caught:
        visa_letter_issue(letter=letter, actor=visa_officer)

    assert caught.value.code == "delegate_state"
    letter.refresh_from_db()
    assert (letter.status, letter.sequence) == (VisaLetterStatus.REQUESTED, None)
    assert not ActivityLog.objects.filter(action="visa_letter.issued").exists()


def test_refused_issue_takes_no_number(forum, visa_officer):
    refused = VisaLetterFactory(delegate=DelegateFactory(accreditation__forum=forum, virtual=True))
    letter = _requested(forum, 1)[0]

    with pytest.raises(AccreditationError):
        visa_letter_issue(letter=refused, actor=visa_officer)
    issued = visa_letter_issue(letter=letter, actor=visa_officer)

    assert issued.sequence == 1


def test_issue_emails_the_delegate_in_the_letters_language(
    delegate, visa_officer, django_capture_on_commit_callbacks, mailoutbox
):
    letter = VisaLetterFactory(delegate=delegate, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        visa_letter_issue(letter=letter, actor=visa_officer)

    with translation.override("fr"):
        # French once the catalogue has the message; until then the source text.
        expected_subject = "[IMRF] " + gettext("Your visa support letter is ready")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [delegate.email]
    assert mailoutbox[0].subject == expected_subject
    assert "IMRF2030-000001" in mailoutbox[0].body
    assert letter.passport_number not in mailoutbox[0].body


def test_issue_sends_nothing_when_refused(forum, visa_officer, django_capture_on_commit_callbacks, mailoutbox):
    letter = VisaLetterFactory(delegate=DelegateFactory(accreditation__forum=forum, withdrawn=True))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AccreditationError):
        visa_letter_issue(letter=letter, actor=visa_officer)

    assert mailoutbox == []


# --- decline and revoke --------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_decline_needs_a_reason(delegate, visa_officer, reason):
    letter = VisaLetterFactory(delegate=delegate)

    with pytest.raises(AccreditationError) as caught:
        visa_letter_decline(letter=letter, actor=visa_officer, reason=reason)

    assert caught.value.field == "reason"
    letter.refresh_from_db()
    assert letter.status == VisaLetterStatus.REQUESTED


@pytest.mark.parametrize("trait", ["issued", "declined", "revoked"])
def test_decline_refuses_a_letter_that_is_not_requested(delegate, visa_officer, trait):
    letter = VisaLetterFactory(delegate=delegate, **{trait: True})

    with pytest.raises(AccreditationError) as caught:
        visa_letter_decline(letter=letter, actor=visa_officer, reason="Incomplete request.")

    assert caught.value.code == "state"
    assert VisaLetter.objects.get(pk=letter.pk).status == letter.status


def test_decline_records_the_reason_and_tells_the_delegate(
    delegate, visa_officer, django_capture_on_commit_callbacks, mailoutbox
):
    letter = VisaLetterFactory(delegate=delegate)

    with django_capture_on_commit_callbacks(execute=True):
        visa_letter_decline(letter=letter, actor=visa_officer, reason="  The passport scan is unreadable.  ")

    letter.refresh_from_db()
    assert (letter.status, letter.decision_reason, letter.decided_by) == (
        VisaLetterStatus.DECLINED,
        "The passport scan is unreadable.",
        visa_officer,
    )
    assert letter.sequence is None
    entry = ActivityLog.objects.get(action="visa_letter.declined")
    assert entry.data == {"reason": "The passport scan is unreadable."}
    assert [mail.to for mail in mailoutbox] == [[delegate.email]]
    assert "The passport scan is unreadable." in mailoutbox[0].body


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_revoke_needs_a_reason(delegate, visa_officer, reason):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    with pytest.raises(AccreditationError) as caught:
        visa_letter_revoke(letter=letter, actor=visa_officer, reason=reason)

    assert caught.value.field == "reason"
    assert VisaLetter.objects.get(pk=letter.pk).status == VisaLetterStatus.ISSUED


@pytest.mark.parametrize("trait", ["requested", "declined", "revoked"])
def test_revoke_refuses_a_letter_that_is_not_issued(delegate, visa_officer, trait):
    letter = VisaLetterFactory(delegate=delegate, **({} if trait == "requested" else {trait: True}))

    with pytest.raises(AccreditationError) as caught:
        visa_letter_revoke(letter=letter, actor=visa_officer, reason="Fraud.")

    assert caught.value.code == "state"
    assert VisaLetter.objects.get(pk=letter.pk).status == letter.status


def test_revoke_keeps_the_number_and_token_and_tells_the_delegate(
    delegate, visa_officer, django_capture_on_commit_callbacks, mailoutbox
):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    with django_capture_on_commit_callbacks(execute=True):
        visa_letter_revoke(letter=letter, actor=visa_officer, reason="The accreditation was withdrawn.")

    stored = VisaLetter.objects.get(pk=letter.pk)
    assert (stored.status, stored.revocation_reason, stored.revoked_by) == (
        VisaLetterStatus.REVOKED,
        "The accreditation was withdrawn.",
        visa_officer,
    )
    assert (stored.sequence, stored.reference, stored.verification_token) == (
        letter.sequence,
        letter.reference,
        letter.verification_token,
    )
    assert ActivityLog.objects.get(action="visa_letter.revoked").data == {"reason": "The accreditation was withdrawn."}
    assert [mail.to for mail in mailoutbox] == [[delegate.email]]


# --- what an issued letter prints is frozen on it ---------------------------------------------


@freeze_time("2030-03-01 02:00:00+00:00")  # still 28 February in New York
def test_issue_copies_everything_the_letter_prints(officer):
    forum = ForumFactory(
        name="International Migration Review Forum 2030",
        short_name="IMRF2030",
        starts_on=date(2030, 5, 5),
        ends_on=date(2030, 5, 8),
        venue="United Nations Headquarters",
        city="New York",
        country="US",
        signatory_name="Ana López Ortega",
        signatory_title="Chief, Civil Society Liaison",
        letter_template_fr="Lettre pour {full_name}.",
    )
    delegate = DelegateFactory(
        accreditation__forum=forum,
        accreditation__basis="ecosoc",
        accreditation__organization__name="Red de Mujeres Migrantes",
        family_name="Nguyễn",
        given_names="Thị Ánh",
        date_of_birth=date(1985, 3, 14),
        nationality="VN",
    )
    letter = VisaLetterFactory(delegate=delegate, language="fr")

    visa_letter_issue(letter=letter, actor=officer)

    stored = VisaLetter.objects.get(pk=letter.pk)
    assert printed_fields_of(stored) == {
        "holder_family_name": "Nguyễn",
        "holder_given_names": "Thị Ánh",
        "holder_date_of_birth": date(1985, 3, 14),
        "holder_nationality": "VN",
        "organization_name": "Red de Mujeres Migrantes",
        "accreditation_basis": "ecosoc",
        "forum_name": "International Migration Review Forum 2030",
        "forum_starts_on": date(2030, 5, 5),
        "forum_ends_on": date(2030, 5, 8),
        "forum_venue": "United Nations Headquarters",
        "forum_city": "New York",
        "forum_country": "US",
        "dated_on": date(2030, 2, 28),
        "signatory_name": "Ana López Ortega",
        "signatory_title": "Chief, Civil Society Liaison",
        "letter_template": "Lettre pour {full_name}.",
    }
    assert (stored.holder_full_name, stored.valid_until) == ("Thị Ánh NGUYỄN", date(2030, 6, 7))


def test_a_requested_letter_has_no_printed_copy(delegate):
    letter = visa_letter_request(delegate=delegate, data=_data(), actor=None)

    assert VisaLetter.objects.get(pk=letter.pk).dated_on is None
    assert VisaLetter.objects.get(pk=letter.pk).forum_ends_on is None


def test_issue_is_refused_once_the_forums_letters_have_expired(delegate, officer):
    letter = VisaLetterFactory(delegate=delegate)

    # 5-8 May 2030: letters valid until 7 June, at the venue (New York).
    with freeze_time("2030-06-08 03:59:59+00:00"):
        issued = visa_letter_issue(letter=letter, actor=officer)
    late = VisaLetterFactory(delegate=DelegateFactory(accreditation__forum=delegate.forum))
    with freeze_time("2030-06-08 04:00:00+00:00"), pytest.raises(AccreditationError) as caught:
        visa_letter_issue(letter=late, actor=officer)

    assert issued.status == VisaLetterStatus.ISSUED
    assert (caught.value.code, caught.value.message) == (
        "expired",
        f"Letters for the {delegate.forum.name} were valid until June 7, 2030: no new letter can be issued.",
    )
    assert VisaLetter.objects.get(pk=late.pk).status == VisaLetterStatus.REQUESTED


# --- reissue -------------------------------------------------------------------------------------


def test_reissue_gives_the_next_number_and_revokes_the_old_letter_as_superseded(
    forum, officer, django_capture_on_commit_callbacks, mailoutbox
):
    accreditation = AccreditationFactory(forum=forum, accredited=True, organization__name="Migrant Voices")
    old = visa_letter_issue(
        letter=VisaLetterFactory(delegate__accreditation=accreditation, passport_number=PASSPORT), actor=officer
    )
    visa_letter_issue(letter=VisaLetterFactory(delegate__accreditation__forum=forum), actor=officer)
    delegate = old.delegate
    Delegate.objects.filter(pk=delegate.pk).update(family_name="Nguyen", date_of_birth=date(1985, 3, 15))
    accreditation.organization.name = "Migrant Voices International"
    accreditation.organization.save()

    with django_capture_on_commit_callbacks(execute=True):
        new = visa_letter_reissue(letter=old, actor=officer, reason="  The family name was misspelt.  ")

    old.refresh_from_db()
    new = VisaLetter.objects.get(pk=new.pk)
    assert (old.status, old.revocation_reason, old.revoked_by) == (
        VisaLetterStatus.REVOKED,
        "Superseded by letter IMRF2030-000003: The family name was misspelt.",
        officer,
    )
    assert (old.sequence, old.reference, old.holder_family_name, old.organization_name) == (
        1,
        "IMRF2030-000001",
        delegate.family_name,
        "Migrant Voices",
    )
    assert (new.status, new.sequence, new.reference, new.supersedes, old.superseded_by_reference) == (
        VisaLetterStatus.ISSUED,
        3,
        "IMRF2030-000003",
        old,
        "IMRF2030-000003",
    )
    assert (new.delegate, new.issued_by, new.decided_by) == (delegate, officer, officer)
    assert (new.holder_family_name, new.holder_date_of_birth, new.organization_name) == (
        "Nguyen",
        date(1985, 3, 15),
        "Migrant Voices International",
    )
    assert new.verification_token not in (None, old.verification_token)
    assert [getattr(new, name) for name in VisaLetter.REQUEST_FIELDS] == [
        getattr(old, name) for name in VisaLetter.REQUEST_FIELDS
    ]
    assert new.passport_number == PASSPORT
    logged = ActivityLog.objects.filter(action__in=["visa_letter.revoked", "visa_letter.reissued"]).order_by("pk")
    assert [(entry.action, entry.object_id, entry.actor, entry.data) for entry in logged] == [
        (
            "visa_letter.revoked",
            str(old.pk),
            officer,
            {"reason": "The family name was misspelt.", "superseded_by": "IMRF2030-000003"},
        ),
        (
            "visa_letter.reissued",
            str(new.pk),
            officer,
            {"reference": "IMRF2030-000003", "replaces": "IMRF2030-000001", "reason": "The family name was misspelt."},
        ),
    ]
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        ([delegate.email], "[IMRF] Your visa support letter has been reissued")
    ]
    assert (
        "The new letter has the reference IMRF2030-000003; the previous letter, IMRF2030-000001, has been revoked"
        in " ".join(mailoutbox[0].body.split())
    )
    assert "Reason: The family name was misspelt." in mailoutbox[0].body
    assert PASSPORT not in mailoutbox[0].body


def test_a_reissued_letter_can_be_reissued_again(delegate, officer):
    first = VisaLetterFactory(delegate=delegate, issued=True)

    second = visa_letter_reissue(letter=first, actor=officer, reason="Name.")
    third = visa_letter_reissue(letter=second, actor=officer, reason="Date of birth.")

    statuses = VisaLetter.objects.filter(delegate=delegate).order_by("sequence")
    assert [(letter.sequence, letter.status, letter.supersedes_id) for letter in statuses] == [
        (1, VisaLetterStatus.REVOKED, None),
        (2, VisaLetterStatus.REVOKED, first.pk),
        (3, VisaLetterStatus.ISSUED, second.pk),
    ]
    assert third.reference == "IMRF2030-000003"


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_reissue_needs_a_reason(delegate, officer, reason):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    with pytest.raises(AccreditationError) as caught:
        visa_letter_reissue(letter=letter, actor=officer, reason=reason)

    assert (caught.value.field, caught.value.message) == (
        "reason",
        "Give the reason for the new letter; the representative will see it.",
    )
    assert VisaLetter.objects.get() == letter


@pytest.mark.parametrize("trait", ["requested", "declined", "revoked"])
def test_reissue_refuses_a_letter_that_is_not_issued(delegate, officer, trait):
    letter = VisaLetterFactory(delegate=delegate, **({} if trait == "requested" else {trait: True}))

    with pytest.raises(AccreditationError) as caught:
        visa_letter_reissue(letter=letter, actor=officer, reason="Name.")

    assert (caught.value.code, caught.value.message) == ("state", "Only an issued letter can be reissued.")
    assert list(VisaLetter.objects.values_list("pk", "status")) == [(letter.pk, letter.status)]


def test_reissue_refuses_a_representative_who_no_longer_travels(forum, officer):
    letter = VisaLetterFactory(delegate=DelegateFactory(accreditation__forum=forum, virtual=True), issued=True)

    with pytest.raises(AccreditationError) as caught:
        visa_letter_reissue(letter=letter, actor=officer, reason="Name.")

    assert caught.value.code == "delegate_state"
    assert VisaLetter.objects.get().status == VisaLetterStatus.ISSUED


def test_reissue_refuses_an_expired_letter(delegate, officer):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    with freeze_time("2030-06-09"), pytest.raises(AccreditationError) as caught:
        visa_letter_reissue(letter=letter, actor=officer, reason="Name.")

    assert caught.value.code == "expired"
    assert VisaLetter.objects.get().status == VisaLetterStatus.ISSUED


# --- the visa outcome ----------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", [VisaOutcome.GRANTED, VisaOutcome.REFUSED])
def test_report_outcome_records_it(delegate, outcome):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    visa_letter_report_outcome(letter=letter, actor=delegate.user, outcome=outcome)

    letter.refresh_from_db()
    assert letter.visa_outcome == outcome
    assert letter.visa_outcome_at is not None
    assert ActivityLog.objects.get(action="visa_letter.outcome_reported").data == {"outcome": outcome}


@pytest.mark.parametrize("outcome", ["", "maybe", None])
def test_report_outcome_refuses_an_unknown_outcome(delegate, outcome):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    with pytest.raises(AccreditationError) as caught:
        visa_letter_report_outcome(letter=letter, actor=None, outcome=outcome)

    assert caught.value.field == "outcome"
    assert VisaLetter.objects.get(pk=letter.pk).visa_outcome == VisaOutcome.PENDING


@pytest.mark.parametrize("trait", ["requested", "declined"])
def test_report_outcome_needs_an_issued_letter(delegate, trait):
    letter = VisaLetterFactory(delegate=delegate, **({} if trait == "requested" else {trait: True}))

    with pytest.raises(AccreditationError) as caught:
        visa_letter_report_outcome(letter=letter, actor=None, outcome=VisaOutcome.REFUSED)

    assert caught.value.code == "state"
    assert VisaLetter.objects.get(pk=letter.pk).visa_outcome == VisaOutcome.PENDING


# --- switching to virtual participation ----------------------------------------------------------


def test_switch_to_virtual_keeps_the_slot_and_the_approval(delegate):
    VisaLetterFactory(delegate=delegate, visa_refused=True)

    delegate_switch_to_virtual(delegate=delegate, actor=None)

    stored = Delegate.objects.get(pk=delegate.pk)
    assert (stored.status, stored.slot, stored.modality) == (
        DelegateStatus.APPROVED,
        delegate.slot,
        ParticipationModality.VIRTUAL,
    )
    assert ActivityLog.objects.filter(action="delegate.switched_to_virtual", object_id=str(delegate.pk)).count() == 1


def test_switch_to_virtual_declines_an_open_request_and_tells_the_delegate(
    delegate, django_capture_on_commit_callbacks, mailoutbox
):
    letter = VisaLetterFactory(delegate=delegate)

    with django_capture_on_commit_callbacks(execute=True):
        delegate_switch_to_virtual(delegate=delegate, actor=None)

    letter.refresh_from_db()
    assert (letter.status, letter.decision_reason) == (VisaLetterStatus.DECLINED, "Participation changed to online.")
    assert ActivityLog.objects.get(action="visa_letter.declined").data == {"reason": "Participation changed to online."}
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        ([delegate.email], "[IMRF] Your request for a visa support letter")
    ]
    assert "Reason: Participation changed to online." in mailoutbox[0].body


def test_switch_to_virtual_revokes_an_issued_letter_and_tells_the_delegate(
    delegate, django_capture_on_commit_callbacks, mailoutbox
):
    letter = VisaLetterFactory(delegate=delegate, issued=True)

    with django_capture_on_commit_callbacks(execute=True):
        delegate_switch_to_virtual(delegate=delegate, actor=delegate.user)

    letter.refresh_from_db()
    assert (letter.status, letter.revocation_reason) == (VisaLetterStatus.REVOKED, "Participation changed to online.")
    assert (letter.sequence, letter.reference) == (1, "IMRF2030-000001")
    assert ActivityLog.objects.get(action="visa_letter.revoked").data == {"reason": "Participation changed to online."}
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        ([delegate.email], "[IMRF] Your visa support letter has been revoked")
    ]
    assert "Your visa support letter IMRF2030-000001 for the" in mailoutbox[0].body
    assert "Reason: Participation changed to online." in mailoutbox[0].body


def test_switch_to_virtual_leaves_final_letters_as_they_were(delegate):
    declined = VisaLetterFactory(delegate=delegate, declined=True)
    revoked = VisaLetterFactory(delegate=delegate, revoked=True)

    delegate_switch_to_virtual(delegate=delegate, actor=None)

    assert VisaLetter.objects.get(pk=declined.pk).decision_reason == "The passport has expired."
    assert VisaLetter.objects.get(pk=revoked.pk).revocation_reason == "The accreditation was revoked."
    assert not ActivityLog.objects.filter(action__startswith="visa_letter.").exists()


def test_switch_to_virtual_releases_in_person_seats_to_the_waitlist(delegate, forum):
    in_person = SessionFactory(forum=forum, modality=Modality.IN_PERSON, stakeholder_seats=1)
    hybrid = SessionFactory(
        forum=forum,
        modality=Modality.HYBRID,
        stakeholder_seats=1,
        starts_at=in_person.ends_at + timedelta(hours=1),
    )
    virtual = SessionFactory(forum=forum, virtual=True, starts_at=hybrid.ends_at + timedelta(hours=1))
    mine = {
        session: SessionRegistrationFactory(delegate=delegate, session=session, in_person=session != virtual)
        for session in (in_person, hybrid, virtual)
    }
    first = {
        session: SessionRegistrationFactory(
            delegate=DelegateFactory(accreditation__forum=forum), session=session, waitlisted=True, position=1
        )
        for session in (in_person, hybrid)
    }
    second = SessionRegistrationFactory(
        delegate=DelegateFactory(accreditation__forum=forum), session=in_person, waitlisted=True, position=2
    )

    delegate_switch_to_virtual(delegate=delegate, actor=None)

    def state(registration):
        registration.refresh_from_db()
        return registration.status, registration.in_person

    assert state(mine[in_person]) == (RegistrationStatus.CANCELLED, False)
    assert state(mine[hybrid]) == (RegistrationStatus.CONFIRMED, False)
    assert state(mine[virtual]) == (RegistrationStatus.CONFIRMED, False)
    assert state(first[in_person]) == (RegistrationStatus.CONFIRMED, True)
    assert state(first[hybrid]) == (RegistrationStatus.CONFIRMED, True)
    assert state(second) == (RegistrationStatus.WAITLISTED, True)
    for session in (in_person, hybrid):
        confirmed = SessionRegistration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED, in_person=True
        )
        assert list(confirmed) == [first[session]]


def test_switch_to_virtual_refuses_a_virtual_or_inactive_delegate(forum):
    virtual = DelegateFactory(accreditation__forum=forum, virtual=True)
    withdrawn = DelegateFactory(accreditation__forum=forum, withdrawn=True)

    with pytest.raises(AccreditationError) as already:
        delegate_switch_to_virtual(delegate=virtual, actor=None)
    with pytest.raises(AccreditationError) as inactive:
        delegate_switch_to_virtual(delegate=withdrawn, actor=None)

    assert (already.value.code, inactive.value.code) == ("already_virtual", "state")
    assert Delegate.objects.get(pk=withdrawn.pk).modality == ParticipationModality.IN_PERSON


# --- the revocation cascade ----------------------------------------------------------------------


def _withdraw(delegate, reason):
    focal_point = MembershipFactory(organization=delegate.accreditation.organization).user
    delegate_withdraw(delegate=delegate, actor=focal_point, reason=reason)


def _cancel(delegate, reason):
    delegate_cancel(delegate=delegate, actor=StaffUserFactory(group="Accreditation officers"), reason=reason)


def _revoke_accreditation(delegate, reason):
    accreditation_revoke(
        accreditation=delegate.accreditation, actor=StaffUserFactory(group="Accreditation officers"), reason=reason
    )


@pytest.mark.parametrize("end", [_withdraw, _cancel, _revoke_accreditation])
def test_ending_a_nomination_revokes_its_issued_letter_and_declines_a_request(forum, end):
    accreditation = AccreditationFactory(forum=forum, accredited=True)
    issued = VisaLetterFactory(delegate__accreditation=accreditation, issued=True)
    requested = VisaLetterFactory(delegate__accreditation=accreditation)
    elsewhere = [
        VisaLetterFactory(delegate__accreditation__forum=forum, issued=True),
        VisaLetterFactory(delegate__accreditation__forum=forum),
    ]
    reason = "The nomination ended."

    end(issued.delegate, reason)
    if end is not _revoke_accreditation:  # revoking the accreditation ended both nominations
        end(requested.delegate, reason)

    issued.refresh_from_db()
    requested.refresh_from_db()
    assert (issued.status, issued.revocation_reason) == (VisaLetterStatus.REVOKED, reason)
    assert issued.revoked_at is not None
    assert (issued.sequence, issued.reference) == (1, f"{forum.reference_prefix}-000001")
    assert (requested.status, requested.decision_reason) == (VisaLetterStatus.DECLINED, reason)
    assert [VisaLetter.objects.get(pk=letter.pk).status for letter in elsewhere] == [
        VisaLetterStatus.ISSUED,
        VisaLetterStatus.REQUESTED,
    ]
    cascaded = ActivityLog.objects.filter(action__in=["visa_letter.revoked", "visa_letter.declined"])
    assert sorted((entry.action, entry.object_id, entry.data["cascade"]) for entry in cascaded) == sorted(
        [
            ("visa_letter.revoked", str(issued.pk), True),
            ("visa_letter.declined", str(requested.pk), True),
        ]
    )


def test_withdrawing_one_delegate_leaves_the_colleagues_letter_alone(forum):
    accreditation = AccreditationFactory(forum=forum, accredited=True)
    mine = VisaLetterFactory(delegate__accreditation=accreditation, issued=True)
    colleague = VisaLetterFactory(delegate__accreditation=accreditation, issued=True)

    _withdraw(mine.delegate, "Changed jobs.")

    assert VisaLetter.objects.get(pk=mine.pk).status == VisaLetterStatus.REVOKED
    assert VisaLetter.objects.get(pk=colleague.pk).status == VisaLetterStatus.ISSUED


# --- the passport number at rest and on screen ---------------------------------------------------


def test_passport_number_column_holds_only_ciphertext(delegate):
    letter = visa_letter_request(delegate=delegate, data=_data(), actor=None)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT passport_number FROM {VisaLetter._meta.db_table} WHERE id = %s", [letter.pk])
        (raw,) = cursor.fetchone()

    assert PASSPORT not in raw
    assert "12345678" not in raw
    assert raw.startswith("gAAAAA")  # a Fernet token
    assert decrypt(raw) == PASSPORT
    assert VisaLetter.objects.get(pk=letter.pk).passport_number == PASSPORT


def test_equal_passport_numbers_encrypt_differently(forum):
    first = VisaLetterFactory(delegate__accreditation__forum=forum, passport_number=PASSPORT)
    second = VisaLetterFactory(delegate__accreditation__forum=forum, passport_number=PASSPORT)

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT passport_number FROM {VisaLetter._meta.db_table} WHERE id IN (%s, %s)", [first.pk, second.pk]
        )
        raws = [row[0] for row in cursor.fetchall()]

    assert len(set(raws)) == 2


@pytest.mark.parametrize(
    ("number", "masked"),
    [("C12345678", "•••••5678"), ("X1234567", "••••4567"), ("AB12345678901234567Z", "••••••••••••••••567Z")],
)
def test_masked_passport_number_shows_only_the_last_four_characters(number, masked):
    letter = VisaLetter(passport_number=number)

    assert letter.masked_passport_number == masked
    assert masked[-4:] == number[-4:]
    assert set(masked[:-4]) == {"•"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "La date d’arrivée doit être comprise entre le 28 avril 2030 et le 8 mai 2030."),
        ("es", "La fecha de llegada debe estar comprendida entre el 28 de abril de 2030 y el 8 de mayo de 2030."),
    ],
)
def test_the_dates_of_a_refusal_are_written_in_the_readers_language(delegate, language, expected):
    with translation.override(language):
        error = _refusal(delegate, arrival_on=date(2030, 4, 27))

    assert error.message == expected
