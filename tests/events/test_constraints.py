"""The database refuses impossible forums and sessions, whatever path the write takes."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from events.enums import SessionKind
from events.models import Forum, Session
from tests.factories import ActiveForumFactory, ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_forum_second_active_is_refused():
    active = ActiveForumFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ActiveForumFactory()

    assert list(Forum.objects.filter(is_active=True)) == [active]


def test_forum_many_inactive_are_allowed_beside_the_active_one():
    ActiveForumFactory()

    ForumFactory.create_batch(2)

    assert Forum.objects.filter(is_active=False).count() == 2


def test_forum_ending_before_it_starts_is_refused():
    forum = ForumFactory.build()
    forum.ends_on = forum.starts_on - timedelta(days=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        forum.save()

    assert Forum.objects.count() == 0


def test_forum_of_one_day_is_allowed():
    forum = ForumFactory.build()
    forum.ends_on = forum.starts_on

    forum.save()

    assert Forum.objects.get().ends_on == forum.starts_on


def test_forum_delegate_cap_zero_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ForumFactory(delegate_cap=0)

    assert Forum.objects.count() == 0


@pytest.mark.parametrize("length", [timedelta(0), timedelta(minutes=-30)], ids=["zero", "negative"])
def test_session_not_ending_after_it_starts_is_refused(length):
    forum = ForumFactory()
    session = SessionFactory.build(forum=forum)
    session.ends_at = session.starts_at + length

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()

    assert Session.objects.count() == 0


def test_session_round_table_number_twice_in_one_forum_is_refused():
    first = SessionFactory(kind=SessionKind.ROUND_TABLE, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(forum=first.forum, kind=SessionKind.ROUND_TABLE, number=1)

    assert list(Session.objects.all()) == [first]


def test_session_unnumbered_sessions_of_one_kind_are_allowed():
    forum = ForumFactory()

    SessionFactory.create_batch(2, forum=forum, side_event=True)

    assert list(Session.objects.values_list("kind", "number")) == [
        (SessionKind.SIDE_EVENT, None),
        (SessionKind.SIDE_EVENT, None),
    ]
