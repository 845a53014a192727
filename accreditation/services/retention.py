"""The purge: each row of the privacy notice's retention table (``imrf.privacy.RETENTION_TABLE``)
carried out, by its key, and nothing the table does not say.

- ``forum.retention_days`` after a forum ends (``forum_purge_personal_data``): passport data,
  representatives' details and photos, their accounts (closed and anonymized, with their e-mail
  records, authenticators and sessions) unless the person is a focal point or takes part in a
  later forum, the e-mail tasks that mention the erased addresses, the applications' documents,
  and the contact details of organizations that applied to no later forum.
- After a fixed period, whatever the forum (``personal_data_expire``): IP addresses in the
  activity log (``ACTIVITY_IP_RETENTION_DAYS``) and expired sessions.

What survives is the record of participation (names, organization — as in a list of
participants) and the statistics (nationality, gender, statuses, dates of decisions); the
identity key loses the date of birth and becomes unique per row. Every step is idempotent: a
second run changes nothing, logs nothing and counts zeros."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accreditation.models import AccreditationDocument, Delegate, Organization, VisaLetter
from accreditation.models.document import private_storage
from events.models import Forum
from imrf import erasure
from imrf.activity import log_action
from imrf.models import User
from imrf.privacy import RETENTION_TABLE, Action

# A letter's fields the purge empties, with their empty value (passport_data).
LETTER_ERASED_FIELDS = {
    "passport_number": "",
    "passport_issued_on": None,
    "passport_expires_on": None,
    "place_of_birth": "",
    "passport_issuing_country": "",
    # The letter's frozen copy of what it printed: the date of birth goes with the delegate's.
    "holder_date_of_birth": None,
}
# A representative's fields the purge empties (representative_details; the photo has its row).
DELEGATE_ERASED_FIELDS = {"date_of_birth": None, "email": "", "phone": "", "accessibility_needs": ""}
# An organization's fields the purge empties (organization_contacts).
ORGANIZATION_ERASED_FIELDS = {"email": "", "phone": "", "head_name": "", "registration_explanation": ""}


@dataclass
class PurgeReport:
    forum: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.counts.values())


@dataclass
class ForumPurge:
    """What one forum's purge works on, gathered under lock before anything is erased."""

    forum: Forum
    now: datetime
    kept_forum_ids: set[int]  # forums still within their retention period
    delegates: list[Delegate]  # not yet purged, locked
    accounts: list  # representatives' accounts to close (not closed by an earlier run)
    addresses: set[str]  # e-mail addresses no one keeps once this purge is done
    files: list[str] = field(default_factory=list)  # deleted from storage once the purge commits


def forums_due_for_purge(*, today: date | None = None) -> list[Forum]:
    today = today or timezone.localdate()
    return [forum for forum in Forum.objects.order_by("ends_on") if _past_retention(forum, today)]


def _past_retention(forum: Forum, today: date) -> bool:
    return forum.ends_on + timedelta(days=forum.retention_days) < today


# --- Rows erased forum by forum -------------------------------------------------------------


def _erase_passport_data(purge: ForumPurge) -> dict[str, int]:
    letters = list(
        VisaLetter.objects.filter(forum=purge.forum, personal_data_purged_at__isnull=True).select_for_update()
    )
    for letter in letters:
        for name, empty in LETTER_ERASED_FIELDS.items():
            setattr(letter, name, empty)
        letter.personal_data_purged_at = purge.now
        letter.save(update_fields=[*LETTER_ERASED_FIELDS, "personal_data_purged_at", "updated_at"])
    return {"letters": len(letters)}


def _erase_representative_details(purge: ForumPurge) -> dict[str, int]:
    for delegate in purge.delegates:
        for name, empty in DELEGATE_ERASED_FIELDS.items():
            setattr(delegate, name, empty)
        delegate.personal_data_purged_at = purge.now
        delegate.save(update_fields=[*DELEGATE_ERASED_FIELDS, "name_key", "personal_data_purged_at", "updated_at"])
    return {"representatives": len(purge.delegates)}


def _delete_photos(purge: ForumPurge) -> dict[str, int]:
    pictured = list(Delegate.objects.filter(forum=purge.forum).exclude(photo="").select_for_update())
    for delegate in pictured:
        purge.files.append(delegate.photo.name)
        delegate.photo = ""
        delegate.save(update_fields=["photo", "updated_at"])
    return {"photos": len(pictured)}


def _close_accounts(purge: ForumPurge) -> dict[str, int]:
    # An account closed by an earlier run can neither sign in nor add an address or authenticator.
    counts = {"accounts": 0, "email_addresses": 0, "authenticators": 0, "log_entries": 0}
    for account in purge.accounts:
        for name, count in erasure.account_erase(user=account).items():
            counts[name] += count
    return counts


def _end_sessions(purge: ForumPurge) -> dict[str, int]:
    return {"sessions": erasure.sessions_end(user_ids=[account.pk for account in purge.accounts])}


def _delete_email_tasks(purge: ForumPurge) -> dict[str, int]:
    return {"email_tasks": erasure.email_tasks_delete(addresses=purge.addresses)}


def _delete_documents(purge: ForumPurge) -> dict[str, int]:
    documents = list(AccreditationDocument.objects.filter(accreditation__forum=purge.forum).only("pk", "file"))
    purge.files.extend(document.file.name for document in documents if document.file)
    AccreditationDocument.objects.filter(pk__in=[document.pk for document in documents]).delete()
    return {"documents": len(documents)}


def _erase_organization_contacts(purge: ForumPurge) -> dict[str, int]:
    """Organizations of the forum that applied to no forum still within its retention period."""
    applied_later = Organization.objects.filter(accreditations__forum__in=purge.kept_forum_ids)
    ids = (
        Organization.objects.filter(accreditations__forum=purge.forum)
        .exclude(pk__in=applied_later)
        .exclude(**ORGANIZATION_ERASED_FIELDS)
        .values("pk")
    )
    # Locked by primary key: PostgreSQL refuses FOR UPDATE with the join's DISTINCT.
    organizations = list(Organization.objects.filter(pk__in=ids).order_by("pk").select_for_update())
    for organization in organizations:
        for name, empty in ORGANIZATION_ERASED_FIELDS.items():
            setattr(organization, name, empty)
        organization.save(update_fields=[*ORGANIZATION_ERASED_FIELDS, "updated_at"])
    return {"organizations": len(organizations)}


# The order matters only where a row reads what another erases: the accounts and addresses are
# gathered before any of them runs (``_gather``).
FORUM_ERASERS: dict[str, Callable[[ForumPurge], dict[str, int]]] = {
    "passport_data": _erase_passport_data,
    "representative_details": _erase_representative_details,
    "photos": _delete_photos,
    "representative_accounts": _close_accounts,
    "sessions": _end_sessions,
    "email_tasks": _delete_email_tasks,
    "documents": _delete_documents,
    "organization_contacts": _erase_organization_contacts,
}


def _gather(forum: Forum, *, now: datetime) -> ForumPurge:
    """Lock the forum's representatives not yet purged; find the accounts to close (non-staff,
    no focal point, no representative of a forum not yet purged) and the addresses that nobody
    keeps afterwards."""
    today = timezone.localdate(now)
    kept_forum_ids = {other.pk for other in Forum.objects.all() if not _past_retention(other, today)}
    delegates = list(Delegate.objects.filter(forum=forum, personal_data_purged_at__isnull=True).select_for_update())
    candidates = (
        get_user_model()
        .objects.filter(delegations__forum=forum, is_staff=False, is_superuser=False, memberships__isnull=True)
        .exclude(delegations__in=Delegate.objects.exclude(forum=forum).filter(personal_data_purged_at__isnull=True))
        .exclude(email__endswith=f"@{erasure.ERASED_EMAIL_DOMAIN}")
        .distinct()
        .order_by("pk")
    )
    accounts = [account for account in candidates if not erasure.is_erased(account)]
    addresses = {delegate.email.lower() for delegate in delegates if delegate.email}
    addresses |= erasure.account_addresses(accounts)
    addresses -= erasure.addresses_in_use(addresses, excluding_users={account.pk for account in accounts})
    addresses -= _addresses_of_other_representatives(addresses, purged=[delegate.pk for delegate in delegates])
    return ForumPurge(
        forum=forum,
        now=now,
        kept_forum_ids=kept_forum_ids,
        delegates=delegates,
        accounts=accounts,
        addresses=addresses,
    )


def _addresses_of_other_representatives(addresses: set[str], *, purged: list[int]) -> set[str]:
    """Those of the addresses still given for a representative whose data is kept (of another
    forum, not yet purged): e-mails to them stay until that representative's purge."""
    wanted = sorted(addresses)
    others = Delegate.objects.filter(personal_data_purged_at__isnull=True).exclude(pk__in=purged)
    held: set[str] = set()
    for start in range(0, len(wanted), 500):
        held.update(
            others.annotate(address=Lower("email"))
            .filter(address__in=wanted[start : start + 500])
            .values_list("address", flat=True)
        )
    return held


def forum_purge_personal_data(*, forum: Forum, actor: User | None = None, now: datetime | None = None) -> PurgeReport:
    """Carry out every forum row of the retention table for a forum past its retention period
    (idempotent); one log entry with the counts, files deleted once the purge commits."""
    now = now or timezone.now()
    with transaction.atomic():
        purge = _gather(forum, now=now)
        report = PurgeReport(forum=forum.name)
        for eraser in FORUM_ERASERS.values():
            report.counts.update(eraser(purge))
        if report.changed:
            log_action(action="forum.personal_data_purged", target=forum, actor=actor, data=report.counts)
        # After the commit: a purge that rolls back must not have lost the files.
        transaction.on_commit(lambda: _delete_files(purge.files))
    return report


def _delete_files(names: list[str]) -> None:
    # Photos and documents share the private storage (local disk or S3).
    storage = private_storage()
    for name in names:
        storage.delete(name)


# --- Rows erased after a fixed period, whatever the forum ----------------------------------


def _erase_ip_addresses(now: datetime) -> dict[str, int]:
    return {
        "ip_addresses": erasure.ip_addresses_erase(before=now - timedelta(days=settings.ACTIVITY_IP_RETENTION_DAYS))
    }


def _delete_expired_sessions(now: datetime) -> dict[str, int]:
    return {"expired_sessions": erasure.expired_sessions_delete(now=now)}


PERIOD_ERASERS: dict[str, Callable[[datetime], dict[str, int]]] = {
    "ip_addresses": _erase_ip_addresses,
    "sessions": _delete_expired_sessions,
}


def personal_data_expire(*, actor: User | None = None, now: datetime | None = None) -> PurgeReport:
    """Carry out the rows with a fixed period (IP addresses, expired sessions); idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        report = PurgeReport(forum="")
        for eraser in PERIOD_ERASERS.values():
            report.counts.update(eraser(now))
        if report.changed:
            log_action(action="personal_data.expired", target=None, actor=actor, data=report.counts)
    return report


def retention_table_mismatches() -> list[str]:
    """Rows of the retention table that say data goes but that no eraser carries out, and
    erasers of rows the table does not have: the tests want none."""
    implemented = set(FORUM_ERASERS) | set(PERIOD_ERASERS)
    rows = {rule.key for rule in RETENTION_TABLE}
    return [
        *(
            f"{rule.key}: no eraser"
            for rule in RETENTION_TABLE
            if rule.action is not Action.KEEP and rule.key not in implemented
        ),
        *(f"{key}: not in the table" for key in sorted(implemented - rows)),
        *(
            f"{rule.key}: kept, yet erased"
            for rule in RETENTION_TABLE
            if rule.action is Action.KEEP and rule.key in implemented
        ),
    ]
