"""Erasing what the core holds about people — accounts, their e-mail records, authenticators and
sessions, e-mail task payloads, IP addresses in the activity log. The domain decides whom and
when (``accreditation.services.retention``); these functions only do it, idempotently, and
return how many rows they changed. Rows of the retention table: ``imrf.privacy``."""

import json
import re
from collections.abc import Collection, Iterable
from datetime import datetime
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from imrf.models import ActivityLog

# ".invalid" is reserved (RFC 2606): a placeholder address can never reach a mailbox.
ERASED_EMAIL_DOMAIN = "erased.invalid"
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def erased_email(user) -> str:
    """The placeholder an erased account's address becomes: unique (it holds the primary key)
    and stable, so erasing again changes nothing."""
    return f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"


def is_erased(user) -> bool:
    return user.email == erased_email(user)


def account_addresses(users: Iterable) -> set[str]:
    """Every address the accounts hold (their login and allauth's records), lower-cased."""
    users = list(users)
    found = {user.email.lower() for user in users if user.email and not is_erased(user)}
    found |= {email.lower() for email in EmailAddress.objects.filter(user__in=users).values_list("email", flat=True)}
    return found


def account_erase(*, user) -> dict[str, int]:
    """Close and anonymize a non-staff account: a placeholder address, no names, an unusable
    password, inactive; its e-mail records and authenticators deleted; the two logs (ours and
    the admin's) no longer name it. Sessions: ``sessions_end``."""
    if user.is_staff or user.is_superuser:
        raise ValueError("Staff accounts are never erased by the purge.")
    counts = {"accounts": 0, "email_addresses": 0, "authenticators": 0, "log_entries": 0}
    if not is_erased(user):
        user.email = erased_email(user)
        user.full_name = user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["email", "full_name", "first_name", "last_name", "password", "is_active"])
        counts["accounts"] = 1
    # Counted without the confirmation keys that go with them.
    counts["email_addresses"] = EmailAddress.objects.filter(user=user).delete()[1].get(EmailAddress._meta.label, 0)
    counts["authenticators"] = Authenticator.objects.filter(user=user).delete()[0]
    # Entries about the account were labelled with its name or address when written.
    content_type = ContentType.objects.get_for_model(user)
    label = str(user)
    counts["log_entries"] = (
        ActivityLog.objects.filter(content_type=content_type, object_id=str(user.pk))
        .exclude(target_repr=label)
        .update(target_repr=label)
    ) + (
        LogEntry.objects.filter(content_type=content_type, object_id=str(user.pk))
        .exclude(object_repr=label)
        .update(object_repr=label)
    )
    return counts


def _session_model():
    store = import_module(settings.SESSION_ENGINE).SessionStore
    return store.get_model_class() if hasattr(store, "get_model_class") else None


def sessions_end(*, user_ids: Collection[int]) -> int:
    """Delete the stored sessions signed in as these users (database-backed session engines;
    with signed-cookie sessions there is nothing on the server, and an inactive account's cookie
    is refused on the next request anyway)."""
    model = _session_model()
    if model is None or not user_ids:
        return 0
    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.pk
        for session in model.objects.only("session_key", "session_data").iterator(chunk_size=2000)
        if str(session.get_decoded().get("_auth_user_id", "")) in wanted
    ]
    return model.objects.filter(pk__in=doomed).delete()[0] if doomed else 0


def expired_sessions_delete(*, now: datetime) -> int:
    """Delete stored sessions past their expiry (what ``clearsessions`` does), counted."""
    model = _session_model()
    if model is None:
        return 0
    return model.objects.filter(expire_date__lt=now).delete()[0]


def email_tasks_delete(*, addresses: Collection[str]) -> int:
    """Delete the e-mail task rows (django-tasks-db) whose arguments mention any of the
    addresses — the message's recipients, links and text — whether sent, failed for good or
    still waiting: nothing is sent to an erased address. A row a worker is running now is left
    alone (the worker holds it)."""
    wanted = {address.lower() for address in addresses if address}
    if not wanted:
        return 0
    doomed = [
        pk
        for pk, payload in DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING)
        .values_list("pk", "args_kwargs")
        .iterator(chunk_size=2000)
        if wanted & {found.lower() for found in _EMAIL.findall(json.dumps(payload, ensure_ascii=False))}
    ]
    return DBTaskResult.objects.filter(pk__in=doomed).delete()[0] if doomed else 0


def ip_addresses_erase(*, before: datetime) -> int:
    """Erase the client IP address of activity-log entries written before ``before``."""
    return ActivityLog.objects.filter(created_at__lt=before, ip_address__isnull=False).update(ip_address=None)


def addresses_in_use(addresses: Collection[str], *, excluding_users: Collection[int]) -> set[str]:
    """Those of the addresses (lower-cased) that another account still holds, as its login or
    in its e-mail records."""
    wanted = sorted({address.lower() for address in addresses if address})
    others = (
        get_user_model().objects.exclude(pk__in=excluding_users),
        EmailAddress.objects.exclude(user__in=excluding_users),
    )
    held: set[str] = set()
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        for queryset in others:
            held.update(
                queryset.annotate(address=Lower("email")).filter(address__in=batch).values_list("address", flat=True)
            )
    return held
