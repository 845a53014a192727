"""A failing mail server never rolls back or loses a decision: with the database task backend,
the e-mail waits, is retried with backoff by the worker, and arrives once the server is back.

A real SMTP server (aiosmtpd) on localhost: stopped while the decision is made, started again
before the worker's second pass.
"""

from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accreditation.enums import AccreditationStatus
from accreditation.models import Accreditation
from accreditation.services.decisions import accreditation_approve
from imrf.mail import retry_delay
from tests.factories import AccreditationFactory, MembershipFactory, StaffUserFactory
from tests.helpers import Inbox, free_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_settings(settings):
    port = free_port()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    # Backoff of 0 s: the retry is due at once, so the test needs no clock games.
    settings.EMAIL_RETRY_BASE_SECONDS = 0
    return port


def _run_worker() -> None:
    """One pass of the worker, one task (the retry is due at once with a backoff of 0 s)."""
    call_command("db_worker", batch=True, max_tasks=1, no_startup_delay=True, verbosity=0)


def test_decision_survives_a_down_mail_server_and_the_mail_arrives_after_a_retry(smtp_settings):
    port = smtp_settings
    officer = StaffUserFactory(group="Accreditation officers")
    focal_point = MembershipFactory(user__email="focal@example.org")
    accreditation = AccreditationFactory(organization=focal_point.organization, ecosoc=True)
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    server.stop()  # the mail server is down when the officer decides

    accreditation_approve(accreditation=accreditation, actor=officer)
    _run_worker()

    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.ACCREDITED
    assert list(DBTaskResult.objects.values_list("status", flat=True).order_by("enqueued_at")) == [
        TaskResultStatus.FAILED,
        TaskResultStatus.READY,
    ]
    assert inbox.messages == []

    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        _run_worker()
    finally:
        server.stop()

    assert [recipients for recipients, _message in inbox.messages] == [["focal@example.org"]]
    subject = str(make_header(decode_header(inbox.messages[0][1]["Subject"])))
    assert subject == "[IMRF] Your organization is accredited"
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]


def test_the_last_attempt_stays_failed_and_is_not_retried(smtp_settings, settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    officer = StaffUserFactory(group="Accreditation officers")
    focal_point = MembershipFactory()
    accreditation = AccreditationFactory(organization=focal_point.organization, ecosoc=True)

    accreditation_approve(accreditation=accreditation, actor=officer)
    _run_worker()
    _run_worker()

    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.ACCREDITED
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == [
        TaskResultStatus.FAILED,
        TaskResultStatus.FAILED,
    ]


def test_retry_delay_doubles_and_is_capped_at_an_hour(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 60

    assert [retry_delay(attempt).total_seconds() for attempt in (1, 2, 3, 7, 12)] == [60, 120, 240, 3600, 3600]


def test_a_failing_mail_server_with_immediate_tasks_still_answers_the_page(client, settings):
    """Development and tests send at once: the decision stands and the user sees no error."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    focal_point = MembershipFactory()
    accreditation = AccreditationFactory(organization=focal_point.organization, ecosoc=True)
    officer = StaffUserFactory(group="Accreditation officers")
    client.force_login(officer)

    response = client.post(f"/admin/accreditation/accreditation/{accreditation.pk}/decide/approve/")

    assert response.status_code == 302
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.ACCREDITED
