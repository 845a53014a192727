"""Issue 15, item 8: check-in locks only the delegate's own row (through lock_row), never the
forum row it is read with — letter numbering holds that lock, and the pass-office desk must not
queue behind it. With the old ``select_for_update()`` (no ``of``), PostgreSQL locked the joined
forum row too, and the check-in waited for the other transaction."""

import threading

import pytest
from django.db import connection, transaction

from accreditation.checkin_codes import checkin_code
from accreditation.models import Delegate
from accreditation.services.checkin import delegate_check_in
from events.models import Forum
from tests.factories import AccreditationFactory, ActiveForumFactory, DelegateFactory, StaffUserFactory


def _hold_the_forum_row(forum: Forum, locked: threading.Event, release: threading.Event) -> threading.Thread:
    def hold() -> None:
        try:
            with transaction.atomic():
                Forum.objects.select_for_update().get(pk=forum.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


def test_a_check_in_does_not_wait_while_another_transaction_holds_the_forum_row(settings):
    settings.LOCK_TIMEOUT_SECONDS = 2
    forum = ActiveForumFactory()
    delegate = DelegateFactory(accreditation=AccreditationFactory(forum=forum, accredited=True))
    desk = StaffUserFactory(group="Programme managers")
    locked, release = threading.Event(), threading.Event()
    holder = _hold_the_forum_row(forum, locked, release)
    assert locked.wait(timeout=30)
    try:
        checked = delegate_check_in(code=checkin_code(delegate.public_id), actor=desk)
    finally:
        release.set()
        holder.join(timeout=30)

    assert (checked.delegate.pk, checked.already) == (delegate.pk, False)
    assert Delegate.objects.get(pk=delegate.pk).badge_collected_by == desk


def test_negative_control_locking_the_joined_rows_waits_for_the_forum_and_gives_up(settings):
    # What check-in did before: select_for_update() on a query that joins the forum locks the
    # forum row too, so while another transaction holds it, the lock wait runs out.
    from django.db import OperationalError

    settings.LOCK_TIMEOUT_SECONDS = 1
    forum = ActiveForumFactory()
    delegate = DelegateFactory(accreditation=AccreditationFactory(forum=forum, accredited=True))
    locked, release = threading.Event(), threading.Event()
    holder = _hold_the_forum_row(forum, locked, release)
    assert locked.wait(timeout=30)
    try:
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            Delegate.objects.select_for_update().select_related("accreditation__forum").get(pk=delegate.pk)
    finally:
        release.set()
        holder.join(timeout=30)
