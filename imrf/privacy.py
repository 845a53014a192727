"""The privacy notice: its version, shown on the page and recorded with each consent. Change
the version (and the date) whenever the notice's substance changes."""

from datetime import date

PRIVACY_NOTICE_VERSION = "2026-11-1"
PRIVACY_NOTICE_DATE = date(2026, 11, 28)
