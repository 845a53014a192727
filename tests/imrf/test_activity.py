"""The audit log: who did what to which object, with secrets masked."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from accreditation.models import Delegate
from imrf.activity import MASK, log_action, mask_secrets
from imrf.models import ActivityLog
from imrf.request_context import current_ip
from tests.factories import DelegateFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_log_action_records_actor_target_and_content_type():
    officer = StaffUserFactory()
    delegate = DelegateFactory(family_name="Nguyễn", given_names="Thị Ánh")

    entry = log_action(action="delegate.approved", target=delegate, actor=officer, data={"slot": 1})

    entry = ActivityLog.objects.get(pk=entry.pk)
    assert entry.action == "delegate.approved"
    assert entry.actor == officer
    assert entry.content_type == ContentType.objects.get_for_model(Delegate)
    assert entry.object_id == str(delegate.pk)
    assert entry.target == delegate
    assert entry.target_repr == "Thị Ánh NGUYỄN"
    assert entry.data == {"slot": 1}
    assert entry.ip_address is None


def test_log_action_masks_secret_looking_keys_at_any_depth():
    delegate = DelegateFactory()

    entry = log_action(
        action="visa_letter.requested",
        target=delegate,
        data={
            "passport_number": "X1234567",
            "consulate_city": "Nairobi",
            "changes": {
                "new_password": "correct-horse-battery",
                "API_KEY": "abc",
                "letters": [{"verification_token": "tok", "reference": "IMRF2030-000001"}, ("client_secret", 3)],
            },
        },
    )

    assert ActivityLog.objects.get(pk=entry.pk).data == {
        "passport_number": "********",
        "consulate_city": "Nairobi",
        "changes": {
            "new_password": "********",
            "API_KEY": "********",
            "letters": [{"verification_token": "********", "reference": "IMRF2030-000001"}, ["client_secret", 3]],
        },
    }


def test_mask_secrets_masks_a_secret_key_whose_value_is_a_dict_as_a_whole():
    masked = mask_secrets({"secrets": {"a": 1}, "list": ["password", {"keys": [1, 2]}]})

    assert masked == {"secrets": MASK, "list": ["password", {"keys": MASK}]}


def test_mask_secrets_leaves_values_that_are_not_containers_alone():
    assert mask_secrets("password") == "password"


@pytest.mark.parametrize("action", ["approved", "", "delegate_approved"])
def test_log_action_refuses_an_action_code_that_is_not_namespaced(action):
    delegate = DelegateFactory()

    with pytest.raises(ValueError) as error:
        log_action(action=action, target=delegate)

    assert str(error.value) == f"Action codes are namespaced ('entity.verb'), got {action!r}."
    assert ActivityLog.objects.count() == 0


def test_log_action_without_a_target_records_no_content_type():
    entry = log_action(action="ecosoc_list.imported", target=None, data={"rows": 4200})

    assert (entry.content_type, entry.object_id, entry.target_repr, entry.data) == (None, "", "", {"rows": 4200})


def test_log_action_by_an_anonymous_user_records_no_actor():
    delegate = DelegateFactory()

    entry = log_action(action="delegate.invitation_opened", target=delegate, actor=AnonymousUser())

    assert entry.actor is None


def test_log_action_records_the_ip_address_of_the_request_being_served():
    delegate = DelegateFactory()
    token = current_ip.set("203.0.113.9")
    try:
        entry = log_action(action="delegate.updated", target=delegate)
    finally:
        current_ip.reset(token)

    assert ActivityLog.objects.get(pk=entry.pk).ip_address == "203.0.113.9"
