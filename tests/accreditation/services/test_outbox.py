"""Issue 15, item 1: side effects commit with the change, or not at all. With the database task
backend, a service's e-mails are task rows written in the service's own transaction (a
transactional outbox): a change never commits without its e-mails, a failure to queue them rolls
the change back (file included), and the page says "saved" exactly when it was."""

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accreditation.enums import AccreditationStatus
from accreditation.errors import AccreditationError
from accreditation.models import Accreditation, Delegate
from accreditation.services.decisions import accreditation_approve
from imrf.mail import deliver_templated_email, queues_in_transaction
from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    MembershipFactory,
    StaffUserFactory,
    nomination_form_data,
)
from tests.helpers import private_files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outbox(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert queues_in_transaction(deliver_templated_email)


def test_the_e_mail_task_is_a_row_of_the_services_own_transaction(outbox):
    officer = StaffUserFactory(group="Accreditation officers")
    accreditation = AccreditationFactory(organization=MembershipFactory().organization, ecosoc=True)

    with pytest.raises(RuntimeError), transaction.atomic():
        accreditation_approve(accreditation=accreditation, actor=officer)
        # Before the commit, the task is already there, in this transaction …
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the surrounding transaction fails after the decision")

    # … and it rolled back with the decision: no e-mail for a change that did not happen.
    assert DBTaskResult.objects.count() == 0
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.SUBMITTED


def test_a_committed_decision_has_its_e_mail_queued(outbox):
    officer = StaffUserFactory(group="Accreditation officers")
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, ecosoc=True)

    accreditation_approve(accreditation=accreditation, actor=officer)

    [task] = DBTaskResult.objects.all()
    assert task.task_path == "imrf.mail.deliver_templated_email"
    assert task.args_kwargs["kwargs"]["to"] == [membership.user.email]
    assert task.args_kwargs["kwargs"]["template"] == "accredited"


@pytest.mark.postgres
def test_a_nomination_whose_e_mails_cannot_be_queued_is_not_saved_and_the_page_says_so(outbox, client):
    forum = ActiveForumFactory()
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)
    files_before = private_files()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_task() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$ "
            "LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse_task BEFORE INSERT ON {DBTaskResult._meta.db_table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_task()"
        )
    try:
        response = client.post(reverse("portal:nominate"), nomination_form_data())
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER refuse_task ON {DBTaskResult._meta.db_table}")
            cursor.execute("DROP FUNCTION refuse_task()")

    assert response.status_code == 200
    assert "Your change could not be saved" in response.content.decode()
    assert Delegate.objects.filter(accreditation=accreditation).count() == 0
    assert DBTaskResult.objects.count() == 0
    assert private_files() == files_before
    # Without the fault the same nomination is saved with its e-mails.
    saved = client.post(reverse("portal:nominate"), nomination_form_data())
    assert saved.status_code == 302
    assert Delegate.objects.filter(accreditation=accreditation).count() == 1
    assert DBTaskResult.objects.count() == 2  # the representative's invitation, the focal points' notice


def test_a_refusal_queues_nothing(outbox):
    officer = StaffUserFactory(group="Accreditation officers")
    accreditation = AccreditationFactory(status=AccreditationStatus.DRAFT)

    with pytest.raises(AccreditationError):
        accreditation_approve(accreditation=accreditation, actor=officer)

    assert DBTaskResult.objects.count() == 0
