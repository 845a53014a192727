"""The rules of a visa-letter request's own data (passport, travel dates): used by the form, to
show every error beside its field, and by the service, which never trusts the form."""

import re
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accreditation.errors import AccreditationError
from events.models import Forum

PASSPORT_VALIDITY_MONTHS = 6


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def passport_must_be_valid_until(forum: Forum) -> date:
    """The passport must not expire within six months after the forum ends."""
    return _add_months(forum.ends_on, PASSPORT_VALIDITY_MONTHS)


def travel_window(forum: Forum) -> tuple[date, date]:
    days = timedelta(days=settings.VISA_TRAVEL_WINDOW_DAYS)
    return forum.starts_on - days, forum.ends_on + days


def normalize_passport_number(value: str) -> str:
    return "".join(str(value).split()).upper()


def check_request_data(*, forum: Forum, data: dict[str, Any]) -> None:
    """The request's own rules; raises AccreditationError naming the field."""
    number = normalize_passport_number(data.get("passport_number", ""))
    # Latin letters and ASCII digits only, as printed in the machine-readable zone: a Cyrillic
    # "С" that looks like a Latin "C" would make the letter unverifiable by reference.
    if not re.fullmatch(r"[A-Z0-9]{5,20}", number):
        raise AccreditationError(
            _("Enter the passport number as printed: 5 to 20 letters and digits."), field="passport_number"
        )
    expires = data.get("passport_expires_on")
    valid_until = passport_must_be_valid_until(forum)
    if expires is None or expires < valid_until:
        raise AccreditationError(
            _("The passport must be valid until at least %(date)s (six months after the forum ends).")
            % {"date": date_format(valid_until, "DATE_FORMAT")},
            field="passport_expires_on",
            code="passport_expiry",
        )
    issued = data.get("passport_issued_on")
    if issued is not None and (issued > timezone.localdate() or issued >= expires):
        raise AccreditationError(
            _("The date of issue must be in the past and before the expiry date."), field="passport_issued_on"
        )
    earliest, latest = travel_window(forum)
    arrival, departure = data.get("arrival_on"), data.get("departure_on")
    if arrival is None or not earliest <= arrival <= forum.ends_on:
        raise AccreditationError(
            _("Arrival must be between %(start)s and %(end)s.")
            % {"start": date_format(earliest, "DATE_FORMAT"), "end": date_format(forum.ends_on, "DATE_FORMAT")},
            field="arrival_on",
            code="travel_window",
        )
    if departure is None or not max(arrival, forum.starts_on) <= departure <= latest:
        raise AccreditationError(
            _("Departure must be after arrival, between %(start)s and %(end)s.")
            % {"start": date_format(forum.starts_on, "DATE_FORMAT"), "end": date_format(latest, "DATE_FORMAT")},
            field="departure_on",
            code="travel_window",
        )
