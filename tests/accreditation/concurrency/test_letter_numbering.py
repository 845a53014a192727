"""The letter sequence stays gap-free and unique when officers issue at the same moment —
proven on PostgreSQL, where row locks are real.

``THREADS`` requested letters of one forum are issued by as many threads, released together by a
barrier, each on its own connection; several rounds, a fresh forum each. Every round must number
the letters exactly 1..N with matching references.

The negative control disables the forum lock (monkeypatched ``lock_row``) *and* drops the
database backstops (``visaletter_unique_sequence`` and the unique index of ``reference``, which
carries the same number), and shows the same test then sees duplicate numbers: the test can see a
race, so its passing means something. A second control keeps the lock without the backstops.
"""

import threading
import time
from collections import Counter
from contextlib import contextmanager

from django.db import connection, models, transaction

from accreditation.enums import VisaLetterStatus
from accreditation.errors import AccreditationError
from accreditation.models import VisaLetter
from accreditation.services import letters
from tests.factories import AccreditationFactory, ForumFactory, StaffUserFactory, VisaLetterFactory
from tests.helpers import at_once, read_without_lock

THREADS = 10
ROUNDS = 5
CONTROL_ROUNDS = 10


def _requested_letters(count: int) -> list[VisaLetter]:
    accreditation = AccreditationFactory(forum=ForumFactory(delegate_cap=count), accredited=True)
    return [VisaLetterFactory(delegate__accreditation=accreditation) for _index in range(count)]


def _issue_at_once(requested: list[VisaLetter], actor) -> list[tuple]:
    def attempt(index: int) -> tuple:
        letter = letters.visa_letter_issue(letter=requested[index], actor=actor)
        return ("issued", letter.sequence, letter.reference)

    return at_once(attempt, len(requested), timeout=60)


def _round(actor) -> tuple[str, list[tuple], list[tuple]]:
    """Issue a fresh forum's letters at once: its reference prefix, what the threads saw, and
    what the database holds."""
    requested = _requested_letters(THREADS)
    forum = requested[0].forum
    outcomes = _issue_at_once(requested, actor)
    stored = list(
        VisaLetter.objects.filter(forum=forum).order_by("sequence", "pk").values_list("status", "sequence", "reference")
    )
    return forum.reference_prefix, outcomes, stored


def _assert_gap_free(prefix: str, outcomes: list[tuple], stored: list[tuple]) -> None:
    assert sorted(outcome[1] for outcome in outcomes if outcome[0] == "issued") == list(range(1, THREADS + 1)), outcomes
    assert [status for status, _sequence, _reference in stored] == [VisaLetterStatus.ISSUED] * THREADS
    assert [sequence for _status, sequence, _reference in stored] == list(range(1, THREADS + 1))
    for _status, sequence, reference in stored:
        assert reference == f"{prefix}-{sequence:06d}"


@contextmanager
def _without_sequence_backstops():
    """Drop the unique (forum, sequence) constraint and the unique index of ``reference``."""
    constraint = next(c for c in VisaLetter._meta.constraints if c.name == "visaletter_unique_sequence")
    unique_reference = VisaLetter._meta.get_field("reference")
    _name, _path, args, kwargs = unique_reference.deconstruct()
    plain_reference = models.CharField(*args, **{**kwargs, "unique": False})
    plain_reference.set_attributes_from_name("reference")
    plain_reference.model = VisaLetter
    with connection.schema_editor() as editor:
        editor.remove_constraint(VisaLetter, constraint)
        editor.alter_field(VisaLetter, unique_reference, plain_reference)
    try:
        yield
    finally:
        # Duplicate numbers would stop the constraints from coming back.
        VisaLetter.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.alter_field(VisaLetter, plain_reference, unique_reference)
            editor.add_constraint(VisaLetter, constraint)


def test_letters_issued_by_ten_threads_at_once_are_numbered_one_to_ten_every_round():
    officer = StaffUserFactory()

    for _round_number in range(ROUNDS):
        prefix, outcomes, stored = _round(officer)

        _assert_gap_free(prefix, outcomes, stored)
        assert [outcome for outcome in outcomes if outcome[0] != "issued"] == []


def test_the_lock_alone_keeps_the_numbers_unique_without_the_backstops():
    officer = StaffUserFactory()

    with _without_sequence_backstops():
        for _round_number in range(ROUNDS):
            prefix, outcomes, stored = _round(officer)

            _assert_gap_free(prefix, outcomes, stored)


def test_negative_control_without_lock_and_backstops_the_test_sees_duplicate_numbers(monkeypatch):
    officer = StaffUserFactory()
    monkeypatch.setattr(letters, "lock_row", read_without_lock)

    duplicated_rounds = 0
    with _without_sequence_backstops():
        for _round_number in range(CONTROL_ROUNDS):
            _prefix, _outcomes, stored = _round(officer)
            counts = Counter(sequence for _status, sequence, _reference in stored)
            if max(counts.values()) > 1:
                duplicated_rounds += 1
                break

    assert duplicated_rounds >= 1


# --- issuing while another officer declines --------------------------------------------------------


def _wait_until_a_session_waits_for_a_lock(timeout: float = 2.5) -> bool:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def test_issue_does_not_overwrite_a_decline_that_commits_while_it_waits():
    """An officer declines a request; a second officer issues it a moment later, before the
    decline commits. Issuing must see the decline (and refuse), not overwrite it: the delegate
    was told the request was declined."""
    letter = VisaLetterFactory(delegate__accreditation__forum=ForumFactory())
    officer = StaffUserFactory()
    declined, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def decline() -> None:
        try:
            with transaction.atomic():
                letters.visa_letter_decline(letter=letter, actor=officer, reason="The passport scan is unreadable.")
                declined.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    def issue() -> None:
        try:
            letters.visa_letter_issue(letter=letter, actor=officer)
            outcome["issue"] = "issued"
        except AccreditationError as exc:
            outcome["issue"] = exc.code
        except Exception as exc:
            outcome["issue"] = repr(exc)
        finally:
            connection.close()

    declining = threading.Thread(target=decline)
    declining.start()
    assert declined.wait(timeout=10)
    issuing = threading.Thread(target=issue)
    issuing.start()
    waited = _wait_until_a_session_waits_for_a_lock()
    release.set()
    declining.join(timeout=30)
    issuing.join(timeout=30)

    letter.refresh_from_db()
    assert waited
    assert (letter.status, letter.sequence, letter.decision_reason) == (
        VisaLetterStatus.DECLINED,
        None,
        "The passport scan is unreadable.",
    )
    assert outcome == {"issue": "state"}


# --- reissuing while others issue ------------------------------------------------------------------


def _at_once(calls) -> list[tuple]:
    """Run each call on its own thread and connection, released together by a barrier."""
    return at_once(lambda index: ("done", getattr(calls[index](), "sequence", None)), len(calls), timeout=60)


def test_reissues_and_issues_at_once_take_the_next_numbers_without_gaps():
    officer = StaffUserFactory()
    accreditation = AccreditationFactory(forum=ForumFactory(delegate_cap=THREADS), accredited=True)
    forum = accreditation.forum
    issued = [
        letters.visa_letter_issue(letter=VisaLetterFactory(delegate__accreditation=accreditation), actor=officer)
        for _index in range(THREADS // 2)
    ]
    requested = [VisaLetterFactory(delegate__accreditation=accreditation) for _index in range(THREADS // 2)]
    calls = [
        *[
            lambda letter=letter: letters.visa_letter_reissue(letter=letter, actor=officer, reason="Corrected.")
            for letter in issued
        ],
        *[lambda letter=letter: letters.visa_letter_issue(letter=letter, actor=officer) for letter in requested],
    ]

    outcomes = _at_once(calls)

    half = THREADS // 2
    assert sorted(outcomes) == [("done", number) for number in range(half + 1, THREADS + half + 1)], outcomes
    stored = VisaLetter.objects.filter(forum=forum).order_by("sequence")
    assert [letter.sequence for letter in stored] == list(range(1, THREADS + half + 1))
    assert [letter.status for letter in stored[:half]] == [VisaLetterStatus.REVOKED] * half
    assert {letter.status for letter in stored[half:]} == {VisaLetterStatus.ISSUED}
    assert sorted(
        VisaLetter.objects.filter(forum=forum, supersedes__isnull=False).values_list("supersedes", flat=True)
    ) == [letter.pk for letter in issued]


def test_a_switch_to_online_while_a_letter_is_issued_never_leaves_it_issued():
    """The representative switches to online participation while an officer issues their letter:
    whichever commits first, the letter ends revoked or declined, never issued."""
    officer = StaffUserFactory()
    final, errors = [], []
    for _round_number in range(ROUNDS):
        letter = VisaLetterFactory(delegate__accreditation__forum=ForumFactory())
        delegate = letter.delegate
        outcomes = _at_once(
            [
                lambda letter=letter: letters.visa_letter_issue(letter=letter, actor=officer),
                lambda delegate=delegate: letters.delegate_switch_to_virtual(delegate=delegate, actor=None),
            ]
        )
        letter.refresh_from_db()
        final.append(letter.status)
        errors.extend(outcome for outcome in outcomes if outcome[0] == "error")

    assert set(final) <= {VisaLetterStatus.REVOKED, VisaLetterStatus.DECLINED}, final
    assert errors == []
