"""Check-in at the venue: the signed codes (accreditation.checkin_codes), badge collection and
session attendance (accreditation.services.checkin). The pages that use them are tested in
tests/accreditation/admin/test_checkin.py."""

import secrets
import uuid
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from accreditation.checkin_codes import MAC_LENGTH, checkin_code, grouped, public_id_from_code
from accreditation.errors import AccreditationError
from accreditation.services.checkin import delegate_check_in, delegate_for_code, session_attendance
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    SessionFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
)
from tests.helpers import actions_of

pytestmark = pytest.mark.django_db

PROGRAMME = "Programme managers"


def _code(delegate) -> str:
    return checkin_code(delegate.public_id)


def _flip(char: str) -> str:
    return "0" if char != "0" else "1"


# --- codes -----------------------------------------------------------------------------------


def test_checkin_code_round_trip():
    public_id = uuid.uuid4()

    code = checkin_code(public_id)

    assert len(code) == 32 + MAC_LENGTH == 44
    assert set(code) <= set("0123456789abcdef")
    assert code.startswith(public_id.hex)
    assert public_id_from_code(code) == public_id


def test_checkin_code_is_grouped_in_fours_for_people_who_type_it():
    code = checkin_code(uuid.uuid4())

    assert grouped(code).split(" ") == [code[index : index + 4] for index in range(0, 44, 4)]


@pytest.mark.parametrize("index", [0, 17, 31, 32, 40, 43])
def test_public_id_from_code_refuses_a_code_with_one_character_changed(index):
    code = checkin_code(uuid.uuid4())

    changed = code[:index] + _flip(code[index]) + code[index + 1 :]

    assert public_id_from_code(changed) is None


@pytest.mark.parametrize("length", [0, 1, 32, 43])
def test_public_id_from_code_refuses_a_truncated_code(length):
    assert public_id_from_code(checkin_code(uuid.uuid4())[:length]) is None


def test_public_id_from_code_refuses_a_random_code():
    refused = [public_id_from_code(secrets.token_hex(22)) for _ in range(50)]

    assert refused == [None] * 50


def test_public_id_from_code_refuses_a_code_signed_for_another_id():
    genuine = checkin_code(uuid.uuid4())
    other = uuid.uuid4()

    assert public_id_from_code(other.hex + genuine[32:]) is None


def test_public_id_from_code_refuses_a_code_with_extra_characters():
    code = checkin_code(uuid.uuid4())

    assert public_id_from_code(code + "0") is None
    assert public_id_from_code("0" + code) is None


@pytest.mark.parametrize("garbage", [None, "", "not a code", "g" * 44, "💳" * 44])
def test_public_id_from_code_refuses_garbage(garbage):
    assert public_id_from_code(garbage) is None


@pytest.mark.parametrize(
    "spelling",
    [
        lambda code: grouped(code),
        lambda code: grouped(code).upper(),
        lambda code: "-".join(grouped(code).split(" ")),
        lambda code: f"  {code.upper()}\n",
        lambda code: " - ".join(code[i : i + 11] for i in range(0, 44, 11)),
    ],
    ids=["spaces", "upper", "dashes", "padded-upper", "mixed"],
)
def test_public_id_from_code_accepts_spaces_dashes_and_upper_case(spelling):
    public_id = uuid.uuid4()

    assert public_id_from_code(spelling(checkin_code(public_id))) == public_id


def test_checkin_code_depends_on_the_secret_key(settings):
    public_id = uuid.uuid4()
    code = checkin_code(public_id)

    settings.SECRET_KEY = "another-secret-key-" + "y" * 40

    assert public_id_from_code(code) is None


def test_delegate_for_code_refuses_a_valid_code_of_nobody():
    with pytest.raises(AccreditationError) as caught:
        delegate_for_code(checkin_code(uuid.uuid4()))

    assert caught.value.code == "unknown"
    assert caught.value.message == "This code is not a valid check-in code. Type it again or scan it."


# --- badge collection ------------------------------------------------------------------------


def test_delegate_check_in_marks_the_badge_collected_once(forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum)
    second_officer = StaffUserFactory(group=PROGRAMME)

    with freeze_time("2030-05-13 13:05:00"):
        first = delegate_check_in(code=grouped(_code(delegate)), actor=programme_manager)
    with freeze_time("2030-05-13 15:40:00"):
        second = delegate_check_in(code=_code(delegate), actor=second_officer)

    first_time = datetime(2030, 5, 13, 13, 5, tzinfo=UTC)
    assert (first.delegate.pk, first.already, first.at, first.by) == (delegate.pk, False, first_time, programme_manager)
    assert (second.delegate.pk, second.already, second.at, second.by) == (
        delegate.pk,
        True,
        first_time,
        programme_manager,
    )
    delegate.refresh_from_db()
    assert (delegate.badge_collected_at, delegate.badge_collected_by) == (first_time, programme_manager)
    assert actions_of(delegate).count("delegate.checked_in") == 1
    assert ActivityLog.objects.get(action="delegate.checked_in").actor == programme_manager


@pytest.mark.parametrize(
    ("trait", "status_label"),
    [("cancelled", "Cancelled"), ("withdrawn", "Withdrawn"), ("rejected", "Not approved"), ("nominated", "Nominated")],
)
def test_delegate_check_in_refuses_a_delegate_not_approved(forum, programme_manager, trait, status_label):
    delegate = DelegateFactory(accreditation__forum=forum, **{trait: True})

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=_code(delegate), actor=programme_manager)

    assert caught.value.code == "refused"
    assert caught.value.message.startswith("NOT ADMITTED")
    assert f"{delegate.full_name} is “{status_label}”" in caught.value.message
    delegate.refresh_from_db()
    assert (delegate.badge_collected_at, delegate.badge_collected_by) == (None, None)
    assert not ActivityLog.objects.filter(action="delegate.checked_in").exists()


def test_delegate_check_in_refusal_gives_the_decision_reason(forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum, cancelled=True, decision_reason="Security clearance refused")

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=_code(delegate), actor=programme_manager)

    assert caught.value.message == f"NOT ADMITTED: {delegate.full_name} is “Cancelled” (Security clearance refused)."


def test_delegate_check_in_refuses_a_delegate_of_a_revoked_accreditation(forum, programme_manager):
    accreditation = AccreditationFactory(forum=forum, revoked=True, organization__name="Revoked Society")
    delegate = DelegateFactory(accreditation=accreditation)

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=_code(delegate), actor=programme_manager)

    assert caught.value.message == "NOT ADMITTED: the accreditation of Revoked Society is “Revoked”."
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


def test_delegate_check_in_refuses_a_forged_code(forum, programme_manager):
    delegate = DelegateFactory(accreditation__forum=forum)
    code = _code(delegate)

    with pytest.raises(AccreditationError) as caught:
        delegate_check_in(code=code[:-1] + _flip(code[-1]), actor=programme_manager)

    assert caught.value.code == "unknown"
    delegate.refresh_from_db()
    assert delegate.badge_collected_at is None


# --- session attendance ----------------------------------------------------------------------


def test_session_attendance_is_recorded_once_for_a_confirmed_seat(forum, programme_manager):
    session = SessionFactory(forum=forum)
    registration = SessionRegistrationFactory(delegate=DelegateFactory(accreditation__forum=forum), session=session)
    code = _code(registration.delegate)

    with freeze_time("2030-05-13 14:02:00"):
        first = session_attendance(code=code, session=session, actor=programme_manager)
    with freeze_time("2030-05-13 14:30:00"):
        second = session_attendance(code=code, session=session, actor=StaffUserFactory(group=PROGRAMME))

    first_time = datetime(2030, 5, 13, 14, 2, tzinfo=UTC)
    assert (first.already, first.at, first.by, first.session) == (False, first_time, programme_manager, session)
    assert (second.already, second.at, second.by, second.session) == (True, first_time, programme_manager, session)
    registration.refresh_from_db()
    assert (registration.attended_at, registration.attendance_recorded_by) == (first_time, programme_manager)
    assert actions_of(registration) == ["session_registration.attended"]
    assert ActivityLog.objects.get(action="session_registration.attended").data == {"session": session.title}


@pytest.mark.parametrize("registration_state", ["none", "waitlisted", "cancelled", "other session"])
def test_session_attendance_requires_a_confirmed_seat_in_that_session(forum, programme_manager, registration_state):
    session = SessionFactory(forum=forum, title="Round table 2")
    delegate = DelegateFactory(accreditation__forum=forum)
    if registration_state == "waitlisted":
        SessionRegistrationFactory(delegate=delegate, session=session, waitlisted=True)
    elif registration_state == "cancelled":
        SessionRegistrationFactory(delegate=delegate, session=session, cancelled=True)
    elif registration_state == "other session":
        SessionRegistrationFactory(delegate=delegate, session=SessionFactory(forum=forum))

    with pytest.raises(AccreditationError) as caught:
        session_attendance(code=_code(delegate), session=session, actor=programme_manager)

    assert caught.value.code == "no_seat"
    assert caught.value.message == f"NOT ADMITTED to “Round table 2”: {delegate.full_name} has no confirmed seat in it."
    assert not ActivityLog.objects.filter(action="session_registration.attended").exists()


def test_session_attendance_refuses_a_cancelled_delegate_even_with_a_seat(forum, programme_manager):
    session = SessionFactory(forum=forum)
    delegate = DelegateFactory(accreditation__forum=forum, cancelled=True)
    registration = SessionRegistrationFactory(delegate=delegate, session=session)

    with pytest.raises(AccreditationError) as caught:
        session_attendance(code=_code(delegate), session=session, actor=programme_manager)

    assert caught.value.message.startswith("NOT ADMITTED")
    registration.refresh_from_db()
    assert registration.attended_at is None
