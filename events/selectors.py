"""Reads of forums and their programme."""

from events.models import Forum


def active_forum() -> Forum | None:
    """The forum the portals work on (at most one is active)."""
    return Forum.objects.filter(is_active=True).first()
