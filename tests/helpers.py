"""Plain functions and data the test modules share (fixtures live in the conftest.py files).

Each reads what a test checks — a page's text, its messages, the audit log, the outbox, the
private files — or does what several modules do: post back an admin change page, catch a
service's refusal, release threads at once. Import them: ``from tests.helpers import text_of``.
"""

import html
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from accreditation.errors import AccreditationError
from accreditation.models import VisaLetter
from imrf.models import ActivityLog
from tests.factories import (
    DelegateFactory,
    FocalPointInvitationFactory,
    MembershipFactory,
    StaffUserFactory,
    UserFactory,
)

# --- pages -------------------------------------------------------------------------------------


def text_of(response) -> str:
    """The page as a reader sees its text: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def body_of(response) -> bytes:
    """The response's body. A streamed file (FileResponse) is read to its end, which closes it:
    one left unread keeps its file open, a ResourceWarning and so an error in this suite."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def messages_of(response) -> list[str]:
    """The messages (django.contrib.messages) the request left for the next page."""
    return [message.message for message in get_messages(response.wsgi_request)]


def leveled_messages_of(response) -> list[tuple[str, str]]:
    """The same messages with their level: ``("success", "…")``, ``("error", "…")``."""
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


# --- the back office ---------------------------------------------------------------------------


def change_url(obj) -> str:
    """The admin change page of ``obj``."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def decide_url(obj, name: str) -> str:
    """The change-page button of the decision ``name`` on ``obj`` (imrf/admin_decisions.py)."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_decide", args=[obj.pk, name])


def admin_form_data(response, **changes) -> dict:
    """What the browser posts back from an admin change page, with ``changes`` typed into it."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.initial_forms:
            add(form)
    return {**data, **changes}


def sign_in_staff(client, role: str):
    """Sign ``client`` in as a new member of the staff group ``role`` (or ``"superuser"``)."""
    user = StaffUserFactory(is_superuser=True) if role == "superuser" else StaffUserFactory(group=role)
    client.force_login(user)
    return user


# Each start a spreadsheet takes for a formula (or that hides one behind a tab or a line break),
# with the exact text the exported cell must hold.
FORMULA_CELLS = [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("==1+1", "'==1+1"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
]
FORMULA_IDS = ["=", "==", "+", "-", "@", "tab", "CR"]


# --- the audit log -----------------------------------------------------------------------------


def log_of(target) -> list[ActivityLog]:
    """The audit log of ``target``, oldest first."""
    return list(
        ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        ).order_by("id")
    )


def actions_of(target) -> list[str]:
    """The actions logged on ``target``, oldest first."""
    return [entry.action for entry in log_of(target)]


def assert_no_passport_number_logged(*numbers: str) -> None:
    """No audit entry carries ``numbers`` or a stored passport number, neither in its data (the
    JSON) nor in the target's description."""
    stored = VisaLetter.objects.values_list("passport_number", flat=True)
    numbers = {*numbers, *stored} - {""}
    for entry in ActivityLog.objects.all():
        written = json.dumps(entry.data, ensure_ascii=False) + entry.target_repr
        assert not [number for number in numbers if number in written], (entry.action, written)


# --- mail --------------------------------------------------------------------------------------


def sent_mail(mailoutbox) -> list[tuple[str, list[str]]]:
    """Each message sent, as its subject and recipients."""
    return [(message.subject, message.to) for message in mailoutbox]


def html_lang(message) -> str:
    """The language the HTML part of an e-mail declares."""
    return re.search(r'<html lang="([^"]+)"', message.alternatives[0].content).group(1)


# --- services ----------------------------------------------------------------------------------


def refusal_of(service: Callable, /, **kwargs) -> AccreditationError:
    """The AccreditationError that ``service(**kwargs)`` raises (the test fails if it raises none)."""
    with pytest.raises(AccreditationError) as caught:
        service(**kwargs)
    return caught.value


# What a decision refused for the application's state says, per decision.
STATE_SENTENCES = {
    "approve": "{organization} cannot be accredited: the application is “{status}”.",
    "request information on": "{organization} cannot be asked for information: the application is “{status}”.",
    "refuse": "{organization} cannot be refused: the application is “{status}”.",
    "circulate": "{organization} cannot be placed on the non-objection list: the application is “{status}”.",
    "record an objection on": "No objection can be recorded for {organization}: the application is “{status}”.",
    "finalize": "{organization} cannot be finalized: the application is “{status}”.",
    "revoke": "The accreditation of {organization} cannot be revoked: the application is “{status}”.",
}


def state_message(accreditation, doing: str) -> str:
    """The refusal of ``doing`` (a key of STATE_SENTENCES) for the accreditation's current status."""
    return STATE_SENTENCES[doing].format(
        organization=accreditation.organization.name, status=accreditation.get_status_display()
    )


def focal_point_of(organization, **user_fields):
    """A new focal point (a user) of ``organization``."""
    return MembershipFactory(organization=organization, user=UserFactory(**user_fields)).user


# Whose an address can be when a focal point invites it; the organization is told the same.
ADDRESS_KINDS = ["unknown", "account", "unconfirmed", "staff", "focal_point_elsewhere", "delegate", "already_invited"]


def address_of(kind: str, organization) -> str:
    """An address of the kind ``kind`` (one of ADDRESS_KINDS), made for the occasion."""
    email = f"{kind}@example.org"
    if kind == "account":
        UserFactory(email=email)
    elif kind == "unconfirmed":
        UserFactory(email=email, verified=False)
    elif kind == "staff":
        StaffUserFactory(email=email, group="Visa officers")
    elif kind == "focal_point_elsewhere":
        MembershipFactory(user__email=email)
    elif kind == "delegate":
        DelegateFactory(user=UserFactory(email=email), email=email)
    elif kind == "already_invited":
        FocalPointInvitationFactory(organization=organization, email=email)
    return email


# --- storage -----------------------------------------------------------------------------------


def private_files() -> set[Path]:
    """Every file in the private storage (documents, photos) now."""
    return {path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()}


def stored_passport_number(letter) -> str:
    """The passport number column as the database holds it, bypassing the field."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM accreditation_visaletter WHERE id = %s", [letter.pk])
        return cursor.fetchone()[0]


# --- threads (tests/accreditation/concurrency) -------------------------------------------------


def at_once(attempt: Callable[[int], tuple], count: int, *, timeout: float = 120) -> list[tuple]:
    """Run ``attempt(index)`` for each index below ``count`` in as many threads, released together
    by a barrier, each on its own database connection. Each thread's outcome is what ``attempt``
    returned, ``("refused", code)`` for an AccreditationError, ``("error", repr)`` for anything
    else, or ``("missing",)`` if the thread never finished."""
    barrier = threading.Barrier(count)
    outcomes: list[tuple] = [("missing",)] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = attempt(index)
        except AccreditationError as exc:
            outcomes[index] = ("refused", exc.code)
        except Exception as exc:
            outcomes[index] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes


def read_without_lock(queryset):
    """Stands in for ``lock_row`` in a negative control: the same row, read without a lock."""
    return queryset.get()
