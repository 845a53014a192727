"""The privacy notice: its version (shown on the page and recorded with each consent) and its
retention table — one row per kind of personal data: what it is, how long it is kept, why, and
what happens then.

The table is the one source of truth: the notice page renders it, ``purge_personal_data``
implements each row by its ``key`` (``accreditation.services.retention``), and the retention
matrix test (tests/accreditation/test_retention_matrix.py) checks every row against the database
and storage, so a row added here without an eraser and a check fails the tests.

Change the version (and the date) whenever the notice's substance changes."""

from dataclasses import dataclass
from datetime import date
from enum import Enum

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

PRIVACY_NOTICE_VERSION = "2026-11-2"
PRIVACY_NOTICE_DATE = date(2026, 11, 30)


class Period(Enum):
    """How long a kind of data is kept, and from when."""

    # ``forum.retention_days`` after the forum the data was given for ends.
    AFTER_FORUM = "after_forum"
    # ``forum.retention_days`` after the last forum the organization applied to ends.
    AFTER_LAST_APPLICATION = "after_last_application"
    # ``ACTIVITY_IP_RETENTION_DAYS`` after the action was recorded.
    AFTER_ACTION = "after_action"
    # Until the session expires (``SESSION_COOKIE_AGE`` without activity).
    SESSION = "session"
    # For as long as the account is used.
    WHILE_USED = "while_used"
    # As the Forum's record.
    RECORD = "record"

    def describe(self, *, retention_days: int | None) -> str:
        """The period in words, in the active language; ``retention_days`` of the active forum
        (``None`` without one)."""
        if self in (Period.AFTER_FORUM, Period.AFTER_LAST_APPLICATION) and retention_days is None:
            return str(_("A set time after the Forum ends"))
        if self is Period.AFTER_FORUM:
            return ngettext_lazy("%(days)d day after the Forum ends", "%(days)d days after the Forum ends", "days") % {
                "days": retention_days
            }
        if self is Period.AFTER_LAST_APPLICATION:
            return ngettext_lazy(
                "%(days)d day after the last Forum the organization applied to ends",
                "%(days)d days after the last Forum the organization applied to ends",
                "days",
            ) % {"days": retention_days}
        if self is Period.AFTER_ACTION:
            days = settings.ACTIVITY_IP_RETENTION_DAYS
            return ngettext_lazy("%(days)d day", "%(days)d days", "days") % {"days": days}
        if self is Period.SESSION:
            minutes = max(1, settings.SESSION_COOKIE_AGE // 60)
            return ngettext_lazy(
                "Until %(minutes)d minute without activity, or signing out",
                "Until %(minutes)d minutes without activity, or signing out",
                "minutes",
            ) % {"minutes": minutes}
        if self is Period.WHILE_USED:
            return str(_("As long as the account is used"))
        return str(_("Kept as the record of the Forum"))


class Action(Enum):
    """What the purge does when the period ends."""

    ERASE = "erase"  # the fields are emptied; the row stays
    ANONYMIZE = "anonymize"  # the row stays, identifying no one and unusable
    DELETE = "delete"  # the row (and its file) is deleted
    KEEP = "keep"  # nothing: the row says why it is kept


@dataclass(frozen=True)
class RetentionRule:
    key: str  # what the purge and the tests know the row by; never shown
    data: Promise  # what it is
    period: Period
    why: Promise
    action: Action
    then: Promise  # what happens at the end of the period, in words


RETENTION_TABLE: tuple[RetentionRule, ...] = (
    RetentionRule(
        key="passport_data",
        data=_(
            "Passport data of visa support letter requests: number (encrypted), issuing country, "
            "dates of issue and expiry, place of birth"
        ),
        period=Period.AFTER_FORUM,
        why=_("To issue visa support letters that a consulate can verify."),
        action=Action.ERASE,
        then=_("Erased. The letter's reference and status remain."),
    ),
    RetentionRule(
        key="representative_details",
        data=_("Representatives' date of birth, e-mail address, telephone and accessibility needs"),
        period=Period.AFTER_FORUM,
        why=_("To check nominations against the passport, to reach representatives and to arrange access."),
        action=Action.ERASE,
        then=_("Erased."),
    ),
    RetentionRule(
        key="photos",
        data=_("Representatives' photos"),
        period=Period.AFTER_FORUM,
        why=_("To issue grounds passes: the pass and ID office checks the photo."),
        action=Action.DELETE,
        then=_("The files are deleted."),
    ),
    RetentionRule(
        key="representative_accounts",
        data=_(
            "Representatives' accounts: e-mail addresses, names, password, authenticator apps, "
            "and their mention in the record of actions"
        ),
        period=Period.AFTER_FORUM,
        why=_("To let representatives sign in to their own page."),
        action=Action.ANONYMIZE,
        then=_(
            "Closed and anonymized: addresses and names removed, password and authenticators deleted, "
            "signing in is no longer possible. Not if the person is a focal point or takes part in a later Forum."
        ),
    ),
    RetentionRule(
        key="sessions",
        data=_("Sign-in sessions"),
        period=Period.SESSION,
        why=_("To keep you signed in."),
        action=Action.DELETE,
        then=_("Deleted once expired, and at once when the account is closed."),
    ),
    RetentionRule(
        key="email_tasks",
        data=_("E-mails waiting to be sent and the record of those sent: addresses, names, links"),
        period=Period.AFTER_FORUM,
        why=_("To deliver e-mail reliably, trying again when the mail server fails."),
        action=Action.DELETE,
        then=_("Deleted with the data of the representatives they were sent to."),
    ),
    RetentionRule(
        key="documents",
        data=_(
            "Documents sent with an application, including the alternative proof of existence of "
            "organizations that cannot register"
        ),
        period=Period.AFTER_FORUM,
        why=_("To decide on accreditation."),
        action=Action.DELETE,
        then=_("The files and their records are deleted; the decision remains."),
    ),
    RetentionRule(
        key="organization_contacts",
        data=_(
            "Organizations' e-mail address, telephone, name of the head, and the explanation of why "
            "an organization is not registered"
        ),
        period=Period.AFTER_LAST_APPLICATION,
        why=_("To contact the organization and to decide on its applications."),
        action=Action.ERASE,
        then=_("Erased. The name, country and type of the organization remain."),
    ),
    RetentionRule(
        key="ip_addresses",
        data=_("The network address recorded with each action taken on the site"),
        period=Period.AFTER_ACTION,
        why=_("To investigate misuse and attacks."),
        action=Action.ERASE,
        then=_("Erased. The record of who did what and when remains."),
    ),
    RetentionRule(
        key="participation_record",
        data=_(
            "The record of participation: representatives' names, organization, nationality, country "
            "of residence, gender, job title, statuses, sessions and the decisions taken"
        ),
        period=Period.RECORD,
        why=_(
            "A list of participants is a public record of the Forum; statistics by region, gender and "
            "type of organization are reported."
        ),
        action=Action.KEEP,
        then=_("Kept."),
    ),
    RetentionRule(
        key="focal_point_accounts",
        data=_("Focal points' accounts: name, e-mail address, preferred language"),
        period=Period.WHILE_USED,
        why=_("To let the organization apply to later Forums."),
        action=Action.KEEP,
        then=_("Erased when the focal point asks the Secretariat."),
    ),
)


@dataclass(frozen=True)
class RetentionRow:
    """A row of the table as the notice shows it, in the active language."""

    key: str
    data: str
    period: str
    why: str
    then: str


def retention_rows(*, retention_days: int | None) -> list[RetentionRow]:
    """The table for the notice page; ``retention_days`` of the active forum, if any."""
    return [
        RetentionRow(
            key=rule.key,
            data=str(rule.data),
            period=str(rule.period.describe(retention_days=retention_days)),
            why=str(rule.why),
            then=str(rule.then),
        )
        for rule in RETENTION_TABLE
    ]


def retention_rule(key: str) -> RetentionRule:
    return next(rule for rule in RETENTION_TABLE if rule.key == key)
