"""Issue 13, finding 3: every staff privilege, wherever it is used, needs a sign-in completed
with an authenticator app; staff without one are treated as non-staff; the first authenticator
of a staff account is enrolled only through a one-time link, never with the password alone."""

import re
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from freezegun import freeze_time

from imrf import two_factor
from imrf.models import ActivityLog, User
from tests.factories import (
    PASSWORD,
    AccreditationDocumentFactory,
    DelegateFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
    totp_code,
)
from tests.helpers import body_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def _path(url: str) -> str:
    return url.removeprefix(settings.SITE_URL)


def _staff_downloads():
    letter = VisaLetterFactory(issued=True, delegate=DelegateFactory(with_photo=True))
    document = AccreditationDocumentFactory()
    return {
        "letter": reverse("letter_download", kwargs={"public_id": letter.public_id}),
        "photo": reverse("portal:delegate_photo", kwargs={"public_id": letter.delegate.public_id}),
        "document": reverse("portal:document_download", kwargs={"public_id": document.public_id}),
    }


def _statuses(client, paths: dict[str, str]) -> dict[str, int]:
    """The status of each download, each file read to its end (which closes it)."""
    statuses = {}
    for name, path in paths.items():
        response = client.get(path)
        body_of(response)
        statuses[name] = response.status_code
    return statuses


# --- privileges held back --------------------------------------------------------------------


def test_a_visa_officer_without_an_authenticator_downloads_nothing_outside_the_admin(client):
    officer = StaffUserFactory(group="Visa officers", totp=False)
    paths = _staff_downloads()
    client.force_login(officer)

    statuses = _statuses(client, paths)

    assert statuses == {"letter": 404, "photo": 404, "document": 404}


@pytest.mark.password_only_sign_in
def test_a_visa_officer_signed_in_with_the_password_alone_downloads_nothing_until_the_code(client):
    officer = StaffUserFactory(group="Visa officers")
    officer.groups.add(*officer.groups.model.objects.filter(name="Accreditation officers"))
    paths = _staff_downloads()
    client.force_login(officer)

    before = _statuses(client, paths)
    admin = client.get("/admin/accreditation/visaletter/")
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    after = _statuses(client, paths)

    assert before == {"letter": 404, "photo": 404, "document": 404}
    assert admin["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Faccreditation%2Fvisaletter%2F"
    assert after == {"letter": 200, "photo": 200, "document": 200}


def test_the_same_officer_with_a_completed_sign_in_downloads_them(client):
    officer = StaffUserFactory(group="Visa officers")
    officer.groups.add(*officer.groups.model.objects.filter(name="Accreditation officers"))
    paths = _staff_downloads()
    client.force_login(officer)

    assert _statuses(client, paths) == {
        "letter": 200,
        "photo": 200,
        "document": 200,
    }


def test_a_superuser_without_an_authenticator_is_not_a_superuser_yet(client):
    admin = StaffUserFactory(is_superuser=True, totp=False)
    paths = _staff_downloads()
    client.force_login(admin)

    assert client.get("/admin/")["Location"] == reverse("staff_two_factor_required")
    assert _statuses(client, paths) == {
        "letter": 404,
        "photo": 404,
        "document": 404,
    }


def test_holding_privileges_back_never_writes_them_away(client):
    officer = StaffUserFactory(group="Visa officers", totp=False, is_superuser=True)
    client.force_login(officer)

    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    officer.refresh_from_db()
    assert (officer.language, officer.is_staff, officer.is_superuser) == ("fr", True, True)


def test_a_suspended_user_object_saves_its_real_flags():
    officer = StaffUserFactory(totp=False, is_superuser=True)
    officer.suspend_staff_privileges()

    officer.full_name = "Renamed"
    officer.save()

    assert (officer.is_staff, officer.is_superuser, officer.has_perm("imrf.view_activitylog")) == (False, False, False)
    stored = User.objects.get(pk=officer.pk)
    assert (stored.full_name, stored.is_staff, stored.is_superuser) == ("Renamed", True, True)


def test_the_explanation_page_tells_an_officer_with_an_app_to_give_the_code(client):
    client.force_login(StaffUserFactory(group="Viewers", totp=False))

    page = client.get(reverse("staff_two_factor_required")).content.decode()

    assert "Ask an administrator to send you a set-up link." in page


# --- enrolment only through the link ---------------------------------------------------------


def test_the_password_alone_cannot_enrol_a_staff_accounts_first_authenticator(client):
    officer = StaffUserFactory(group="Visa officers", totp=False)
    client.force_login(officer)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    posted = client.post(reverse("mfa_activate_totp"), {"code": totp_code("JBSWY3DPEHPK3PXP")})

    assert page["Location"] == reverse("staff_two_factor_required")
    assert posted["Location"] == reverse("staff_two_factor_required")
    assert Authenticator.objects.filter(user=officer).exists() is False


def test_a_focal_point_still_sets_up_an_authenticator_on_their_own(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200


def test_the_enrolment_link_asks_a_signed_out_person_to_sign_in_first(client):
    officer = StaffUserFactory(totp=False)
    path = _path(two_factor.enrolment_url(officer))

    response = client.get(path)

    location = urlparse(response["Location"])
    assert (location.path, parse_qs(location.query)) == (reverse("account_login"), {"next": [path]})


def test_the_enrolment_link_is_refused_to_another_account(client):
    officer = StaffUserFactory(totp=False)
    client.force_login(StaffUserFactory(totp=False))

    response = client.get(_path(two_factor.enrolment_url(officer)))

    assert response.status_code == 404
    assert "This set-up link is not valid" in response.content.decode()


def test_the_enrolment_link_works_once(client):
    officer = StaffUserFactory(totp=False)
    path = _path(two_factor.enrolment_url(officer))
    client.force_login(officer)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(path)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    again = client.get(path)

    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).count() == 1
    assert again.status_code == 404


def test_the_enrolment_link_expires(client, settings):
    settings.STAFF_ENROLMENT_MAX_AGE = 3600
    officer = StaffUserFactory(totp=False)
    with freeze_time("2030-01-01 12:00:00") as frozen:
        path = _path(two_factor.enrolment_url(officer))
        client.force_login(officer)
        frozen.move_to("2030-01-01 12:59:59")
        in_time = client.get(path)
        frozen.move_to("2030-01-01 13:00:01")
        too_late = client.get(path)

    assert in_time["Location"] == reverse("mfa_activate_totp")
    assert too_late.status_code == 404


def test_a_changed_password_kills_the_enrolment_link(client):
    officer = StaffUserFactory(totp=False)
    path = _path(two_factor.enrolment_url(officer))
    officer.set_password("another long passphrase")
    officer.save()
    client.force_login(officer)

    assert client.get(path).status_code == 404


def test_giving_staff_access_in_the_admin_sends_the_enrolment_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(StaffUserFactory(is_superuser=True))
    person = UserFactory(email="new.officer@example.org")
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "first_name": "",
        "last_name": "",
        "language": "en",
        "is_active": "on",
        "is_staff": "on",
        "groups": [],
        "user_permissions": [],
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:imrf_user_change", args=[person.pk]), data)

    assert response.status_code == 302
    [message] = [message for message in mailoutbox if message.to == ["new.officer@example.org"]]
    assert message.subject == "[IMRF] Set up two-factor authentication for the back office"
    link = re.search(r"https?://\S+/accounts/staff-enrolment/\S+/", message.body).group(0)
    assert two_factor.user_for_enrolment_token(link.rstrip("/").rsplit("/", 1)[1]) == person
    assert ActivityLog.objects.filter(action="account.enrolment_link_sent", object_id=str(person.pk)).count() == 1


def test_the_admin_action_skips_accounts_that_already_have_an_app(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(StaffUserFactory(is_superuser=True))
    enrolled = StaffUserFactory(email="enrolled@example.org")
    pending = StaffUserFactory(email="pending@example.org", totp=False)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:imrf_user_changelist"),
            {"action": "send_enrolment_link", "_selected_action": [enrolled.pk, pending.pk]},
        )

    assert [message.to for message in mailoutbox] == [["pending@example.org"]]


def test_the_command_prints_a_working_link_for_the_first_administrator():
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    out = StringIO()

    call_command("staff_enrolment_link", "root@example.org", stdout=out)

    token = out.getvalue().strip().rstrip("/").rsplit("/", 1)[1]
    assert two_factor.user_for_enrolment_token(token) == admin


def test_the_command_refuses_an_account_without_staff_access():
    UserFactory(email="focal@example.org")

    with pytest.raises(CommandError) as refused:
        call_command("staff_enrolment_link", "focal@example.org")

    assert str(refused.value) == "No active staff account with the address focal@example.org."
