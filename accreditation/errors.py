"""The one domain error of the accreditation services, and the "try again" refusals of its locks."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from imrf.errors import ServiceError


class AccreditationError(ServiceError):
    """A rule of the domain refused the change. The message is translatable and meant for
    the person who asked; ``field`` names the form field it belongs to, if any."""


# What a person is told when a lock stayed busy longer than LOCK_TIMEOUT_SECONDS, by what was
# locked (pretix's error_messages): one table, so the wording stays consistent.
BUSY_MESSAGES = {
    "application": _("Someone else is changing this application right now. Please try again."),
    "nomination": _("Many changes are being made to your organization's representatives right now. Please try again."),
    "letters": _("Many letters are being processed right now. Please try again."),
    "seats": _("Many people are registering for this session right now. Please try again."),
    "focal_points": _("Someone else is changing this organization's focal points right now. Please try again."),
    "check_in": _("Another desk is scanning this code right now. Scan it again."),
}


def busy(subject: str) -> Callable[[], AccreditationError]:
    """The refusal to raise when the lock on ``subject`` stayed busy (for ``locked_transaction``)."""
    return lambda: AccreditationError(BUSY_MESSAGES[subject], code="retry")
