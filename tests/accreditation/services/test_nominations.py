"""Nominating representatives within the cap, and ending nominations (accreditation.services.nominations)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from accreditation.enums import (
    AccreditationStatus,
    DelegateStatus,
    RegistrationStatus,
    VisaLetterStatus,
)
from accreditation.errors import AccreditationError
from accreditation.models import Delegate
from accreditation.services.nominations import (
    delegate_approve,
    delegate_cancel,
    delegate_nominate,
    delegate_reject,
    delegate_withdraw,
)
from imrf.models import ActivityLog
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    ForumFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
    nominee_data,
)
from tests.helpers import actions_of, focal_point_of, html_lang, sent_mail

pytestmark = pytest.mark.django_db

INACTIVE = sorted(set(DelegateStatus.values) - DelegateStatus.ACTIVE)


def _accredited(**fields):
    return AccreditationFactory(accredited=True, **fields)


def _closed_nominations_forum():
    now = timezone.now()
    return ForumFactory(nominations_close_at=now - timedelta(hours=1), applications_close_at=now - timedelta(days=9))


# --- delegate_nominate ---------------------------------------------------------------------


def test_delegate_nominate_puts_the_first_representative_in_slot_one():
    accreditation = _accredited()
    actor = focal_point_of(accreditation.organization)

    delegate = delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=actor)

    delegate.refresh_from_db()
    assert delegate.slot == 1
    assert delegate.status == DelegateStatus.NOMINATED
    assert delegate.forum == accreditation.forum
    assert delegate.nominated_by == actor
    assert delegate.full_name == "Amina WANJIKU"
    assert delegate.name_key == "amina wanjiku|1990-05-17"
    assert delegate.is_head_of_delegation is True


def test_delegate_nominate_logs_the_nomination_and_the_invitation():
    accreditation = _accredited()
    actor = focal_point_of(accreditation.organization)

    delegate = delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=actor)

    logs = list(ActivityLog.objects.filter(object_id=str(delegate.pk), content_type__model="delegate").order_by("id"))
    assert [(log.action, log.actor, log.data) for log in logs] == [
        ("delegate.nominated", actor, {"slot": 1, "organization": accreditation.organization.name}),
        ("delegate.invited", actor, {}),
    ]


def test_delegate_nominate_invites_the_delegate_and_tells_the_focal_points(
    django_capture_on_commit_callbacks, mailoutbox
):
    forum = ForumFactory(name="International Migration Review Forum 2030")
    accreditation = _accredited(forum=forum)
    actor = focal_point_of(accreditation.organization, email="focal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        delegate_nominate(accreditation=accreditation, data=nominee_data(email="amina@example.org"), actor=actor)

    assert sent_mail(mailoutbox) == [
        ("[IMRF] You are nominated to the International Migration Review Forum 2030", ["amina@example.org"]),
        ("[IMRF] A representative has been nominated", ["focal@example.org"]),
    ]


def test_delegate_nominate_tells_a_french_speaking_focal_point_in_french(
    django_capture_on_commit_callbacks, mailoutbox
):
    accreditation = _accredited()
    actor = focal_point_of(accreditation.organization, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=actor)

    focal_mail = [message for message in mailoutbox if message.to == [actor.email]]
    assert [html_lang(message) for message in focal_mail] == ["fr"]


def test_delegate_nominate_takes_the_lowest_free_slot():
    accreditation = _accredited()
    DelegateFactory(accreditation=accreditation, slot=1)
    DelegateFactory(accreditation=accreditation, slot=3)

    delegate = delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=None)

    assert delegate.slot == 2


def test_delegate_nominate_does_not_count_ended_nominations_against_the_cap():
    accreditation = _accredited()
    for status in INACTIVE:
        DelegateFactory(accreditation=accreditation, slot=1, status=status)
    DelegateFactory(accreditation=accreditation, slot=2)
    DelegateFactory(accreditation=accreditation, slot=3)

    delegate = delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=None)

    assert delegate.slot == 1


def test_delegate_nominate_refuses_beyond_the_cap_naming_the_current_representatives(
    django_capture_on_commit_callbacks, mailoutbox
):
    accreditation = _accredited()
    DelegateFactory(accreditation=accreditation, given_names="Brian", family_name="Otieno")
    DelegateFactory(accreditation=accreditation, given_names="Li", family_name="Chen", status=DelegateStatus.NOMINATED)
    DelegateFactory(accreditation=accreditation, given_names="María José", family_name="Pérez")

    with pytest.raises(AccreditationError) as caught, django_capture_on_commit_callbacks(execute=True):
        delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=None)

    assert caught.value.code == "cap"
    assert caught.value.message == (
        "Your organization already has 3 of 3 representatives: Brian OTIENO, Li CHEN, María José PÉREZ. "
        "To nominate someone else, first withdraw one of them."
    )
    assert Delegate.objects.filter(accreditation=accreditation).count() == 3
    assert mailoutbox == []


def test_delegate_nominate_follows_the_cap_of_the_forum():
    accreditation = _accredited(forum=ForumFactory(delegate_cap=1))
    DelegateFactory(accreditation=accreditation, given_names="Brian", family_name="Otieno")

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=None)

    assert caught.value.message == (
        "Your organization already has 1 of 1 representatives: Brian OTIENO. "
        "To nominate someone else, first withdraw one of them."
    )


def test_delegate_nominate_keeps_the_cap_for_staff_after_the_deadline(officer):
    accreditation = _accredited(forum=_closed_nominations_forum())
    for _ in range(3):
        DelegateFactory(accreditation=accreditation)

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=officer)

    assert caught.value.code == "cap"


@pytest.mark.parametrize("status", sorted(set(AccreditationStatus.values) - {AccreditationStatus.ACCREDITED}))
def test_delegate_nominate_refuses_an_organization_that_is_not_accredited(status, officer):
    accreditation = AccreditationFactory(status=status)

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=officer)

    assert caught.value.code == "state"
    assert caught.value.message == "Representatives can be nominated only once the organization is accredited."
    assert Delegate.objects.count() == 0


def test_delegate_nominate_refuses_a_focal_point_after_the_deadline():
    forum = _closed_nominations_forum()
    accreditation = _accredited(forum=forum)

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(
            accreditation=accreditation, data=nominee_data(), actor=focal_point_of(accreditation.organization)
        )

    assert caught.value.code == "deadline"
    assert caught.value.message == (
        f"Nominations closed on {forum.format_moment(forum.nominations_close_at)}. "
        "Only the Secretariat can change representatives now."
    )
    assert Delegate.objects.count() == 0


def test_delegate_nominate_refuses_a_focal_point_once_time_reaches_the_deadline():
    accreditation = _accredited()

    with freeze_time(accreditation.forum.nominations_close_at), pytest.raises(AccreditationError) as caught:
        delegate_nominate(
            accreditation=accreditation, data=nominee_data(), actor=focal_point_of(accreditation.organization)
        )

    assert caught.value.code == "deadline"


def test_delegate_nominate_refuses_staff_without_the_decide_permission_after_the_deadline():
    accreditation = _accredited(forum=_closed_nominations_forum())

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=StaffUserFactory(group="Viewers"))

    assert caught.value.code == "deadline"


def test_delegate_nominate_lets_an_accreditation_officer_nominate_after_the_deadline(officer):
    accreditation = _accredited(forum=_closed_nominations_forum())

    delegate = delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=officer)

    assert (delegate.slot, delegate.status, delegate.nominated_by) == (1, DelegateStatus.NOMINATED, officer)


@pytest.mark.parametrize(
    ("family_name", "given_names"),
    [
        ("Nguyễn", "Thị Ánh"),
        ("NGUYEN", "thi anh"),
        ("Thị Ánh", "Nguyễn"),
        ("anh", "Nguyen  Thi"),
    ],
)
def test_delegate_nominate_refuses_a_person_already_nominated_by_another_organization(family_name, given_names):
    forum = ForumFactory()
    DelegateFactory(
        accreditation=_accredited(forum=forum),
        family_name="Nguyễn",
        given_names="Thị Ánh",
        date_of_birth=date(1988, 3, 14),
    )
    accreditation = _accredited(forum=forum)

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(
            accreditation=accreditation,
            data=nominee_data(family_name=family_name, given_names=given_names, date_of_birth=date(1988, 3, 14)),
            actor=None,
        )

    assert caught.value.code == "duplicate_person"
    assert caught.value.message == (
        "This person (same names and date of birth) is already nominated for this forum, by your "
        "organization or another. A person may represent only one organization."
    )
    assert Delegate.objects.filter(accreditation=accreditation).count() == 0


def test_delegate_nominate_refuses_the_same_person_twice_in_one_organization():
    accreditation = _accredited()
    delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=None)

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=nominee_data(email="other@example.org"), actor=None)

    assert caught.value.code == "duplicate_person"


@pytest.mark.parametrize(
    ("family_name", "given_names"),
    [
        ("Wan\u200bjiku", "Amina"),  # zero-width space
        ("Wanjiku", "Ami\u00adna\u2060"),  # soft hyphen, word joiner
        ("W\u0430njiku", "\u0410min\u0430"),  # Cyrillic а and А
    ],
)
def test_delegate_nominate_refuses_the_same_person_with_invisible_characters_or_look_alike_letters(
    family_name, given_names
):
    forum = ForumFactory()
    delegate_nominate(accreditation=_accredited(forum=forum), data=nominee_data(), actor=None)
    accreditation = _accredited(forum=forum)

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(
            accreditation=accreditation, data=nominee_data(family_name=family_name, given_names=given_names), actor=None
        )

    assert caught.value.code == "duplicate_person"
    assert Delegate.objects.filter(accreditation=accreditation).count() == 0


def test_delegate_nominate_stores_the_names_without_invisible_characters():
    delegate = delegate_nominate(
        accreditation=_accredited(),
        data=nominee_data(family_name=" Wan\u200bjiku\ufeff", given_names="Amina\u00a0\u00a0Njeri\u202c"),
        actor=None,
    )

    delegate.refresh_from_db()
    assert (delegate.family_name, delegate.given_names, delegate.name_key) == (
        "Wanjiku",
        "Amina Njeri",
        "amina njeri wanjiku|1990-05-17",
    )


@pytest.mark.parametrize("field", ["family_name", "given_names"])
def test_delegate_nominate_refuses_a_name_made_only_of_invisible_characters_as_missing(field):
    accreditation = _accredited()

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=nominee_data(**{field: "\u200b\u2060\u00ad"}), actor=None)

    assert (caught.value.field, caught.value.code, str(caught.value.message)) == (
        field,
        "required",
        "This field cannot be blank.",
    )
    assert Delegate.objects.count() == 0


def test_delegate_nominate_allows_the_same_names_with_another_date_of_birth():
    forum = ForumFactory()
    DelegateFactory(accreditation=_accredited(forum=forum), family_name="Nguyễn", given_names="Thị Ánh")

    delegate = delegate_nominate(
        accreditation=_accredited(forum=forum),
        data=nominee_data(family_name="Nguyễn", given_names="Thị Ánh", date_of_birth=date(1988, 3, 15)),
        actor=None,
    )

    assert delegate.status == DelegateStatus.NOMINATED


def test_delegate_nominate_allows_the_same_person_at_another_forum():
    DelegateFactory(family_name="Wanjiku", given_names="Amina", date_of_birth=date(1990, 5, 17))

    delegate = delegate_nominate(accreditation=_accredited(), data=nominee_data(), actor=None)

    assert delegate.status == DelegateStatus.NOMINATED


@pytest.mark.parametrize("status", INACTIVE)
def test_delegate_nominate_allows_a_person_whose_earlier_nomination_ended(status):
    forum = ForumFactory()
    DelegateFactory(
        accreditation=_accredited(forum=forum),
        family_name="Wanjiku",
        given_names="Amina",
        date_of_birth=date(1990, 5, 17),
        status=status,
    )

    delegate = delegate_nominate(accreditation=_accredited(forum=forum), data=nominee_data(), actor=None)

    assert delegate.status == DelegateStatus.NOMINATED


def test_delegate_nominate_reuses_the_slot_freed_by_a_withdrawal():
    accreditation = _accredited()
    actor = focal_point_of(accreditation.organization)
    first = delegate_nominate(
        accreditation=accreditation, data=nominee_data(family_name="One", email="1@ex.org"), actor=actor
    )
    second = delegate_nominate(
        accreditation=accreditation, data=nominee_data(family_name="Two", email="2@ex.org"), actor=actor
    )
    third = delegate_nominate(
        accreditation=accreditation, data=nominee_data(family_name="Three", email="3@ex.org"), actor=actor
    )
    delegate_withdraw(delegate=second, actor=actor)

    replacement = delegate_nominate(
        accreditation=accreditation, data=nominee_data(family_name="Four", email="4@ex.org"), actor=actor
    )

    assert [first.slot, second.slot, third.slot, replacement.slot] == [1, 2, 3, 2]
    assert list(
        Delegate.objects.filter(accreditation=accreditation, status__in=DelegateStatus.ACTIVE)
        .order_by("slot")
        .values_list("family_name", "slot")
    ) == [("One", 1), ("Four", 2), ("Three", 3)]


def test_delegate_nominate_refuses_invalid_data_with_the_field_messages():
    accreditation = _accredited()

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=nominee_data(email="not-an-address"), actor=None)

    assert caught.value.code == "invalid"
    assert caught.value.message == "Enter a valid email address."
    assert Delegate.objects.count() == 0


def test_delegate_nominate_accepts_a_representative_who_is_exactly_the_minimum_age_on_the_first_day():
    forum = ForumFactory(starts_on=date(2030, 5, 10), ends_on=date(2030, 5, 13))

    delegate = delegate_nominate(
        accreditation=_accredited(forum=forum), data=nominee_data(date_of_birth=date(2012, 5, 10)), actor=None
    )

    assert delegate.status == DelegateStatus.NOMINATED


def test_delegate_nominate_refuses_a_representative_under_the_minimum_age(officer):
    forum = ForumFactory(starts_on=date(2030, 5, 10), ends_on=date(2030, 5, 13))

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(
            accreditation=_accredited(forum=forum), data=nominee_data(date_of_birth=date(2012, 5, 11)), actor=officer
        )

    assert (caught.value.code, caught.value.field) == ("age", "date_of_birth")
    assert caught.value.message == "Representatives must be at least 18 years old when the forum starts."
    assert Delegate.objects.count() == 0


def test_delegate_nominate_follows_the_minimum_age_of_the_forum():
    forum = ForumFactory(starts_on=date(2030, 5, 10), ends_on=date(2030, 5, 13), minimum_age=21)

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(
            accreditation=_accredited(forum=forum), data=nominee_data(date_of_birth=date(2010, 1, 1)), actor=None
        )

    assert caught.value.message == "Representatives must be at least 21 years old when the forum starts."


def test_delegate_nominate_refuses_a_representative_without_a_date_of_birth():
    data = nominee_data()
    del data["date_of_birth"]

    with pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=_accredited(), data=data, actor=None)

    assert (caught.value.code, caught.value.field) == ("age", "date_of_birth")


# --- delegate_withdraw ---------------------------------------------------------------------


@freeze_time("2030-01-01 12:00:00+00:00")
@pytest.mark.parametrize("status", sorted(DelegateStatus.ACTIVE))
def test_delegate_withdraw_frees_the_slot_and_logs(status):
    delegate = DelegateFactory(status=status)
    actor = focal_point_of(delegate.accreditation.organization)

    delegate_withdraw(delegate=delegate, actor=actor, reason="Cannot travel.")

    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.WITHDRAWN
    assert delegate.decided_at.isoformat() == "2030-01-01T12:00:00+00:00"
    assert delegate.decided_by == actor
    assert delegate.decision_reason == "Cannot travel."
    [log] = ActivityLog.objects.filter(
        object_id=str(delegate.pk), content_type__model="delegate", action__startswith="delegate."
    )
    assert (log.action, log.actor, log.data) == ("delegate.withdrawn", actor, {"reason": "Cannot travel."})


def test_delegate_withdraw_emails_the_delegate_and_the_focal_points(django_capture_on_commit_callbacks, mailoutbox):
    delegate = DelegateFactory(email="amina@example.org")
    actor = focal_point_of(delegate.accreditation.organization, email="focal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        delegate_withdraw(delegate=delegate, actor=actor)

    assert sent_mail(mailoutbox) == [
        ("[IMRF] Your registration has been withdrawn", ["amina@example.org"]),
        ("[IMRF] A representative has been withdrawn", ["focal@example.org"]),
    ]


def test_delegate_withdraw_emails_a_french_speaking_delegate_in_french(django_capture_on_commit_callbacks, mailoutbox):
    delegate = DelegateFactory(email="claire@example.org", user=UserFactory(email="claire@example.org", language="fr"))

    with django_capture_on_commit_callbacks(execute=True):
        delegate_withdraw(delegate=delegate, actor=None)

    [message] = mailoutbox
    assert message.to == ["claire@example.org"]
    assert html_lang(message) == "fr"


def test_delegate_withdraw_refuses_a_focal_point_after_the_deadline(django_capture_on_commit_callbacks, mailoutbox):
    forum = _closed_nominations_forum()
    delegate = DelegateFactory(accreditation=_accredited(forum=forum))

    with pytest.raises(AccreditationError) as caught, django_capture_on_commit_callbacks(execute=True):
        delegate_withdraw(delegate=delegate, actor=focal_point_of(delegate.accreditation.organization))

    assert caught.value.code == "deadline"
    assert caught.value.message == (
        f"Nominations closed on {forum.format_moment(forum.nominations_close_at)}. "
        "Ask the Secretariat to withdraw a representative."
    )
    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.APPROVED
    assert mailoutbox == []


def test_delegate_withdraw_lets_an_accreditation_officer_withdraw_after_the_deadline(officer):
    delegate = DelegateFactory(accreditation=_accredited(forum=_closed_nominations_forum()))

    delegate_withdraw(delegate=delegate, actor=officer, reason="At the organization's request.")

    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.WITHDRAWN


@pytest.mark.parametrize("status", INACTIVE)
def test_delegate_withdraw_refuses_a_representative_who_is_no_longer_active(status):
    delegate = DelegateFactory(status=status)

    with pytest.raises(AccreditationError) as caught:
        delegate_withdraw(delegate=delegate, actor=None)

    assert caught.value.code == "state"
    assert caught.value.message == "This representative is no longer active."
    delegate.refresh_from_db()
    assert delegate.status == status


@freeze_time("2030-01-01 12:00:00+00:00")
def test_delegate_withdraw_revokes_an_issued_letter():
    letter = VisaLetterFactory(issued=True)
    actor = focal_point_of(letter.delegate.accreditation.organization)

    delegate_withdraw(delegate=letter.delegate, actor=actor, reason="Cannot travel.")

    letter.refresh_from_db()
    assert letter.status == VisaLetterStatus.REVOKED
    assert letter.revoked_by == actor
    assert letter.revocation_reason == "Cannot travel."
    assert letter.revoked_at.isoformat() == "2030-01-01T12:00:00+00:00"
    assert letter.reference is not None
    [log] = ActivityLog.objects.filter(object_id=str(letter.pk), content_type__model="visaletter")
    assert (log.action, log.data) == ("visa_letter.revoked", {"reason": "Cannot travel.", "cascade": True})


@freeze_time("2030-01-01 12:00:00+00:00")
def test_delegate_withdraw_declines_a_requested_letter():
    letter = VisaLetterFactory()
    actor = focal_point_of(letter.delegate.accreditation.organization)

    delegate_withdraw(delegate=letter.delegate, actor=actor, reason="Cannot travel.")

    letter.refresh_from_db()
    assert letter.status == VisaLetterStatus.DECLINED
    assert letter.decided_by == actor
    assert letter.decided_at.isoformat() == "2030-01-01T12:00:00+00:00"
    assert letter.decision_reason == "Cannot travel."
    [log] = ActivityLog.objects.filter(object_id=str(letter.pk), content_type__model="visaletter")
    assert (log.action, log.data) == ("visa_letter.declined", {"reason": "Cannot travel.", "cascade": True})


def test_delegate_withdraw_leaves_ended_letters_alone():
    delegate = DelegateFactory()
    declined = VisaLetterFactory(delegate=delegate, status=VisaLetterStatus.DECLINED)

    delegate_withdraw(delegate=delegate, actor=None)

    declined.refresh_from_db()
    assert declined.status == VisaLetterStatus.DECLINED
    assert actions_of(declined) == []


@freeze_time("2030-01-01 12:00:00+00:00")
def test_delegate_withdraw_cancels_the_active_session_registrations():
    delegate = DelegateFactory()
    confirmed = SessionRegistrationFactory(delegate=delegate)
    waitlisted = SessionRegistrationFactory(delegate=delegate, status=RegistrationStatus.WAITLISTED, position=1)
    cancelled_before = SessionRegistrationFactory(
        delegate=delegate, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now() - timedelta(days=3)
    )
    other = SessionRegistrationFactory()

    delegate_withdraw(delegate=delegate, actor=None)

    for registration in (confirmed, waitlisted, cancelled_before, other):
        registration.refresh_from_db()
    assert (confirmed.status, confirmed.cancelled_at.isoformat()) == (
        RegistrationStatus.CANCELLED,
        "2030-01-01T12:00:00+00:00",
    )
    assert (waitlisted.status, waitlisted.cancelled_at.isoformat()) == (
        RegistrationStatus.CANCELLED,
        "2030-01-01T12:00:00+00:00",
    )
    assert cancelled_before.cancelled_at.isoformat() == "2029-12-29T12:00:00+00:00"
    assert other.status == RegistrationStatus.CONFIRMED
    assert actions_of(confirmed) == ["session_registration.cancelled"]
    assert actions_of(waitlisted) == ["session_registration.cancelled"]
    assert actions_of(cancelled_before) == []


# --- delegate_approve ----------------------------------------------------------------------


def test_delegate_approve_approves_a_nominated_representative(django_capture_on_commit_callbacks, mailoutbox, officer):
    delegate = DelegateFactory(nominated=True, email="amina@example.org")
    focal_point_of(delegate.accreditation.organization, email="focal@example.org")

    with freeze_time("2030-01-01 12:00:00+00:00", tz_offset=0), django_capture_on_commit_callbacks(execute=True):
        delegate_approve(delegate=delegate, actor=officer)

    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.APPROVED
    assert delegate.decided_by == officer
    assert delegate.decided_at.isoformat() == "2030-01-01T12:00:00+00:00"
    assert delegate.decision_reason == ""
    assert actions_of(delegate) == ["delegate.approved"]
    assert sent_mail(mailoutbox) == [
        ("[IMRF] Your registration is approved", ["amina@example.org"]),
        ("[IMRF] A representative has been approved", ["focal@example.org"]),
    ]


def test_delegate_approve_emails_a_french_speaking_delegate_in_french(
    django_capture_on_commit_callbacks, mailoutbox, officer
):
    delegate = DelegateFactory(nominated=True, user=UserFactory(language="fr"))

    with django_capture_on_commit_callbacks(execute=True):
        delegate_approve(delegate=delegate, actor=officer)

    [message] = mailoutbox
    assert message.to == [delegate.email]
    assert html_lang(message) == "fr"


@pytest.mark.parametrize("status", sorted(set(DelegateStatus.values) - {DelegateStatus.NOMINATED}))
def test_delegate_approve_refuses_anything_but_a_nomination(status, officer):
    delegate = DelegateFactory(status=status)

    with pytest.raises(AccreditationError) as caught:
        delegate_approve(delegate=delegate, actor=officer)

    assert caught.value.code == "state"
    assert caught.value.message == "Only a nominated representative can be approved."
    assert actions_of(delegate) == []


@pytest.mark.parametrize("status", [AccreditationStatus.REVOKED, AccreditationStatus.SUBMITTED])
def test_delegate_approve_refuses_when_the_organization_is_not_accredited(status, officer):
    delegate = DelegateFactory(nominated=True, accreditation=AccreditationFactory(status=status))

    with pytest.raises(AccreditationError) as caught:
        delegate_approve(delegate=delegate, actor=officer)

    assert caught.value.code == "state"
    assert caught.value.message == "The organization is not accredited."
    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.NOMINATED


# --- delegate_reject -----------------------------------------------------------------------


def test_delegate_reject_refuses_a_nomination_with_the_reason(django_capture_on_commit_callbacks, mailoutbox, officer):
    delegate = DelegateFactory(nominated=True, email="amina@example.org")
    focal_point_of(delegate.accreditation.organization, email="focal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        delegate_reject(delegate=delegate, actor=officer, reason="The passport name does not match.")

    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.REJECTED
    assert delegate.decided_by == officer
    assert delegate.decision_reason == "The passport name does not match."
    [log] = ActivityLog.objects.filter(object_id=str(delegate.pk), content_type__model="delegate")
    assert (log.action, log.actor, log.data) == (
        "delegate.rejected",
        officer,
        {"reason": "The passport name does not match."},
    )
    assert sent_mail(mailoutbox) == [
        ("[IMRF] Decision on your registration", ["amina@example.org"]),
        ("[IMRF] A representative has not been approved", ["focal@example.org"]),
    ]


def test_delegate_reject_frees_the_slot_for_the_next_nomination(officer):
    accreditation = _accredited()
    for _ in range(3):
        DelegateFactory(accreditation=accreditation, nominated=True)
    refused = Delegate.objects.get(accreditation=accreditation, slot=2)
    delegate_reject(delegate=refused, actor=officer, reason="Duplicate registration.")

    delegate = delegate_nominate(accreditation=accreditation, data=nominee_data(), actor=None)

    assert delegate.slot == 2


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_delegate_reject_needs_a_reason(reason, officer):
    delegate = DelegateFactory(nominated=True)

    with pytest.raises(AccreditationError) as caught:
        delegate_reject(delegate=delegate, actor=officer, reason=reason)

    assert (caught.value.code, caught.value.field) == ("reason", "reason")
    assert caught.value.message == "Give the reason; the organization will see it."
    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.NOMINATED


@pytest.mark.parametrize("status", sorted(set(DelegateStatus.values) - {DelegateStatus.NOMINATED}))
def test_delegate_reject_refuses_anything_but_a_nomination(status, officer):
    delegate = DelegateFactory(status=status)

    with pytest.raises(AccreditationError) as caught:
        delegate_reject(delegate=delegate, actor=officer, reason="No.")

    assert caught.value.code == "state"
    assert caught.value.message == "Only a nominated representative can be refused."
    delegate.refresh_from_db()
    assert delegate.status == status


# --- delegate_cancel -----------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(DelegateStatus.ACTIVE))
def test_delegate_cancel_cancels_an_active_representative_and_emails_them(
    status, django_capture_on_commit_callbacks, mailoutbox, officer
):
    delegate = DelegateFactory(status=status, email="amina@example.org")
    focal_point_of(delegate.accreditation.organization)

    with django_capture_on_commit_callbacks(execute=True):
        delegate_cancel(delegate=delegate, actor=officer, reason="Security assessment.")

    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.CANCELLED
    assert delegate.decided_by == officer
    assert delegate.decision_reason == "Security assessment."
    [log] = ActivityLog.objects.filter(object_id=str(delegate.pk), content_type__model="delegate")
    assert (log.action, log.actor, log.data) == ("delegate.cancelled", officer, {"reason": "Security assessment."})
    assert sent_mail(mailoutbox) == [("[IMRF] Your registration has been cancelled", ["amina@example.org"])]


def test_delegate_cancel_without_notification_sends_nothing(django_capture_on_commit_callbacks, mailoutbox, officer):
    delegate = DelegateFactory()

    with django_capture_on_commit_callbacks(execute=True):
        delegate_cancel(delegate=delegate, actor=officer, reason="Entered twice.", notify=False)

    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.CANCELLED
    assert mailoutbox == []


def test_delegate_cancel_revokes_letters_and_releases_seats(officer):
    delegate = DelegateFactory()
    letter = VisaLetterFactory(delegate=delegate, issued=True)
    registration = SessionRegistrationFactory(delegate=delegate)

    delegate_cancel(delegate=delegate, actor=officer, reason="Security assessment.")

    letter.refresh_from_db()
    registration.refresh_from_db()
    assert (letter.status, letter.revoked_by, letter.revocation_reason) == (
        VisaLetterStatus.REVOKED,
        officer,
        "Security assessment.",
    )
    assert registration.status == RegistrationStatus.CANCELLED


@pytest.mark.parametrize("reason", ["", "  "])
def test_delegate_cancel_needs_a_reason(reason, officer):
    delegate = DelegateFactory()

    with pytest.raises(AccreditationError) as caught:
        delegate_cancel(delegate=delegate, actor=officer, reason=reason)

    assert (caught.value.code, caught.value.field) == ("reason", "reason")
    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.APPROVED


@pytest.mark.parametrize("status", INACTIVE)
def test_delegate_cancel_refuses_a_representative_who_is_no_longer_active(status, officer):
    delegate = DelegateFactory(status=status)

    with pytest.raises(AccreditationError) as caught:
        delegate_cancel(delegate=delegate, actor=officer, reason="Security assessment.")

    assert caught.value.code == "state"
    assert caught.value.message == "Only an active representative can be cancelled."
