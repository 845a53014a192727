"""Forums and their sessions."""

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from events.enums import Modality, SessionKind
from events.models import Forum, Session


def _at(day: date, hour: int, tz) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz)


class ForumFactory(factory.django.DjangoModelFactory):
    """An inactive forum about four months ahead, with every deadline still open.

    Inactive because at most one forum may be active: use ``ActiveForumFactory`` (or
    ``active=True``) for the forum the portals work on.
    """

    class Meta:
        model = Forum

    class Params:
        active = factory.Trait(is_active=True)
        # Nominations (and applications) closed; visa-letter requests still open.
        nominations_closed = factory.Trait(
            applications_close_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=20)),
            nominations_close_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    name = factory.Sequence(lambda n: f"International Migration Review Forum {2030 + n}")
    short_name = factory.Sequence(lambda n: f"IMRF{2030 + n}")
    slug = factory.Sequence(lambda n: f"imrf-{2030 + n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))
    ends_on = factory.LazyAttribute(lambda forum: forum.starts_on + timedelta(days=3))
    venue = "United Nations Headquarters"
    city = "New York"
    country = "US"
    time_zone = "America/New_York"
    delegate_cap = 3
    minimum_age = 18
    # Deadlines in order, all before the forum starts.
    applications_close_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    nominations_close_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    visa_requests_close_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=75))
    non_objection_days = 10
    retention_days = 90
    signatory_name = "Ana López Ortega"
    signatory_title = "Chief, Civil Society Liaison"
    is_active = False


class ActiveForumFactory(ForumFactory):
    """The forum the portals work on (at most one may exist)."""

    is_active = True


class SessionFactory(factory.django.DjangoModelFactory):
    """A round table on the forum's first day, 10:00-13:00 at the venue, 40 stakeholder seats."""

    class Meta:
        model = Session

    class Params:
        hearing = factory.Trait(
            kind=SessionKind.HEARING,
            number=None,
            title="Informal multi-stakeholder hearing",
            gcm_objectives=factory.LazyFunction(list),
            starts_at=factory.LazyAttribute(
                lambda session: _at(session.forum.starts_on - timedelta(days=1), 10, session.forum.tzinfo)
            ),
        )
        side_event = factory.Trait(
            kind=SessionKind.SIDE_EVENT,
            number=None,
            title="Side event: migrant workers' voices",
            gcm_objectives=factory.LazyFunction(list),
            starts_at=factory.LazyAttribute(lambda session: _at(session.forum.starts_on, 13, session.forum.tzinfo)),
            ends_at=factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=1)),
        )
        virtual = factory.Trait(modality=Modality.VIRTUAL, room="")
        unlimited = factory.Trait(stakeholder_seats=None)

    forum = factory.SubFactory(ForumFactory)
    kind = SessionKind.ROUND_TABLE
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda session: f"Round table {session.number}")
    description = "Interactive multi-stakeholder round table."
    gcm_objectives = factory.LazyFunction(lambda: [2, 5, 6, 12, 18])
    starts_at = factory.LazyAttribute(lambda session: _at(session.forum.starts_on, 10, session.forum.tzinfo))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=3))
    room = "Conference Room 4"
    modality = Modality.IN_PERSON
    stakeholder_seats = 40
    reserved_seats = 0
