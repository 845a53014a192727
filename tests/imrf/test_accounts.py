"""Accounts (django-allauth): every page wears the site's look, and sign-up, confirmation, sign-in,
sign-out, password reset and the password rules work end to end."""

import importlib
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.urls import reverse

from imrf.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

NEW_PASSWORD = "a brand new passphrase for the forum"
TOO_SHORT = "Zq8#mLp2vXr"  # 11 characters
MIN_LENGTH_MESSAGE = "This password is too short. It must contain at least 12 characters."


class PageAudit(HTMLParser):
    """What the accessibility and CSP rules ask about a page: its headings, which form controls
    lack a visible <label for>, inline style attributes and inline (executable) scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.h1_count = 0
        self.label_targets: set[str] = set()
        self.controls: list[str] = []
        self.style_attributes = 0
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.style_attributes += 1
        if tag == "h1":
            self.h1_count += 1
        elif tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        elif tag in {"input", "select", "textarea"} and attributes.get("type") not in {"hidden", "submit", "button"}:
            self.controls.append(attributes.get("id") or attributes.get("name") or tag)
        elif tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.inline_scripts += 1

    @property
    def unlabeled_controls(self) -> list[str]:
        return [control for control in self.controls if control not in self.label_targets]


class ElementAttributes(HTMLParser):
    """The attributes of the element with a given id (boolean attributes have the value None)."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id = element_id
        self.attributes: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("id") == self.element_id:
            self.attributes = dict(attrs)


def attributes_of(response, element_id: str) -> dict[str, str | None] | None:
    finder = ElementAttributes(element_id)
    finder.feed(response.content.decode())
    return finder.attributes


def audit(response) -> PageAudit:
    page = PageAudit()
    page.feed(response.content.decode())
    return page


def sign_in(client: Client, user: User) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def confirm_access(client: Client) -> None:
    """The MFA settings pages ask for the password again (allauth's reauthentication)."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def link_in_last_email(mailoutbox, path_prefix: str) -> str:
    match = re.search(rf"{re.escape(settings.SITE_URL)}({re.escape(path_prefix)}\S+/)", mailoutbox[-1].body)
    assert match is not None
    return match.group(1)


def reset_password_link(client: Client, user: User, mailoutbox) -> str:
    client.post(reverse("account_reset_password"), {"email": user.email})
    return link_in_last_email(mailoutbox, "/accounts/password/reset/key/")


# --- Every allauth page, in the state where a person meets it ------------------------------


def _anonymous(url_name: str) -> Callable[[Client, list], str]:
    return lambda client, mailoutbox: reverse(url_name)


def _signed_in(url_name: str, *, access_confirmed: bool = False) -> Callable[[Client, list], str]:
    def prepare(client, mailoutbox):
        sign_in(client, UserFactory())
        if access_confirmed:
            confirm_access(client)
        return reverse(url_name)

    return prepare


def _password_set(client, mailoutbox):
    user = UserFactory()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client.force_login(user)
    return reverse("account_set_password")


def _password_reset_from_key(client, mailoutbox):
    link = reset_password_link(client, UserFactory(), mailoutbox)
    # allauth moves the key out of the address into the session, then shows the form.
    return client.get(link)["Location"]


def _password_reset_bad_key(client, mailoutbox):
    return reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "not-a-valid-key"})


def _email_confirm(client, mailoutbox):
    user = UserFactory(verified=False)
    return reverse("account_confirm_email", args=[EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key])


def _with_totp(url_name: str, *, recovery_codes: bool = False) -> Callable[[Client, list], str]:
    def prepare(client, mailoutbox):
        user = UserFactory()
        sign_in(client, user)
        confirm_access(client)
        TOTP.activate(user, generate_totp_secret())
        if recovery_codes:
            RecoveryCodes.activate(user)
        return reverse(url_name)

    return prepare


def _mfa_authenticate(client, mailoutbox):
    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return response["Location"]


ALLAUTH_PAGES = {
    "login": _anonymous("account_login"),
    "signup": _anonymous("account_signup"),
    "logout": _signed_in("account_logout"),
    "password_reset": _anonymous("account_reset_password"),
    "password_reset_done": _anonymous("account_reset_password_done"),
    "password_reset_from_key": _password_reset_from_key,
    "password_reset_from_key_bad_token": _password_reset_bad_key,
    "password_reset_from_key_done": _anonymous("account_reset_password_from_key_done"),
    "password_change": _signed_in("account_change_password"),
    "password_set": _password_set,
    "email": _signed_in("account_email"),
    "email_confirm": _email_confirm,
    "verification_sent": _anonymous("account_email_verification_sent"),
    "account_inactive": _anonymous("account_inactive"),
    "reauthenticate": _signed_in("account_reauthenticate"),
    "mfa_index": _signed_in("mfa_index"),
    "mfa_totp_activate": _signed_in("mfa_activate_totp", access_confirmed=True),
    "mfa_totp_deactivate": _with_totp("mfa_deactivate_totp"),
    "mfa_recovery_codes": _with_totp("mfa_view_recovery_codes", recovery_codes=True),
    "mfa_recovery_codes_generate": _with_totp("mfa_generate_recovery_codes"),
    "mfa_reauthenticate": _with_totp("mfa_reauthenticate"),
    "mfa_authenticate": _mfa_authenticate,
}


@pytest.mark.parametrize("prepare", ALLAUTH_PAGES.values(), ids=ALLAUTH_PAGES.keys())
def test_allauth_page_renders_inside_the_site_layout(client, mailoutbox, prepare):
    url = prepare(client, mailoutbox)

    response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("Skip to main content") == 1
    assert audit(response).h1_count == 1


@pytest.mark.parametrize("prepare", ALLAUTH_PAGES.values(), ids=ALLAUTH_PAGES.keys())
def test_allauth_page_labels_every_control_and_has_no_inline_style_or_script(client, mailoutbox, prepare):
    url = prepare(client, mailoutbox)

    page = audit(client.get(url))

    assert page.unlabeled_controls == []
    assert page.style_attributes == 0
    assert page.inline_scripts == 0


def test_allauth_page_title_ends_with_the_site_name(client):
    response = client.get(reverse("account_login"))

    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL).group(1)
    assert " ".join(title.split()) == "Sign In · International Migration Review Forum"


def test_account_pages_link_to_each_other_for_a_signed_in_user(client):
    sign_in(client, UserFactory())

    content = client.get(reverse("account_email")).content.decode()

    assert content.count(f'<a href="{reverse("account_email")}" aria-current="page">') == 1
    assert content.count(f'<a href="{reverse("account_change_password")}">') == 1
    assert content.count(f'<a href="{reverse("mfa_index")}">') == 1


def test_allauth_page_scripts_still_load_from_the_static_files(client):
    # allauth's extra_body block holds external scripts (CSP: 'self'); the layout keeps them.
    sign_in(client, UserFactory())

    content = client.get(reverse("account_email")).content.decode()

    assert content.count('<script src="/static/account/js/account.js"></script>') == 1
    assert content.count('<script src="/static/account/js/onload.js"></script>') == 1


# --- The elements ------------------------------------------------------------------------


def test_sign_in_button_is_the_primary_button(client):
    content = client.get(reverse("account_login")).content.decode()

    assert re.findall(r'<button type="submit" class="([^"]*)">\s*Sign In\s*</button>', content) == ["btn btn-primary"]


def test_unlabeled_fields_still_get_a_visible_label_and_no_placeholder(client):
    # login.html asks for its fields with unlabeled=True (placeholders instead of labels).
    content = client.get(reverse("account_login")).content.decode()

    assert re.findall(r'<label class="form-label fw-semibold" for="(id_\w+)">', content) == ["id_login", "id_password"]
    assert content.count("placeholder=") == 0


def test_failed_sign_in_shows_the_error_summary(client):
    user = UserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": "not the password at all"})

    content = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert"[^>]*>(.*?)</div>', content, re.DOTALL).group(1)
    assert re.findall(r"<li>(.*?)</li>", summary) == [
        "The email address and/or password you specified are not correct."
    ]


def test_field_error_and_help_text_describe_the_input(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "a@example.org", "full_name": "A B", "password1": TOO_SHORT, "password2": TOO_SHORT},
    )

    content = response.content.decode()
    assert attributes_of(response, "id_password1") == {
        "class": "form-control is-invalid",
        "type": "password",
        "name": "password1",
        "id": "id_password1",
        "required": None,
        "autocomplete": "new-password",
        "aria-invalid": "true",
        "aria-describedby": "id_password1_helptext id_password1_error",
    }
    assert attributes_of(response, "id_password1_helptext") == {
        "class": "form-text mb-1",
        "id": "id_password1_helptext",
    }
    assert attributes_of(response, "id_password1_error") == {"class": "errorlist", "id": "id_password1_error"}
    assert content.count(f'<a href="#id_password1">Password: {MIN_LENGTH_MESSAGE}</a>') == 1


def test_authenticator_secret_can_be_reached_and_copied(client):
    # allauth shows the secret in a disabled field, which keyboards and screen readers skip.
    sign_in(client, UserFactory())
    confirm_access(client)

    response = client.get(reverse("mfa_activate_totp"))

    assert attributes_of(response, "authenticator_secret") == {
        "class": "form-control bg-body-secondary",
        "type": "text",
        "id": "authenticator_secret",
        "readonly": None,
        "aria-describedby": "authenticator_secret_helptext",
        "value": response.context["form"].secret,
    }
    assert response.content.decode().count('alt="QR code for your authenticator app"') == 1


# --- Sign-up, confirmation, sign-in, sign-out ---------------------------------------------


def test_signup_form_asks_for_email_name_and_password_and_no_username(client):
    response = client.get(reverse("account_signup"))

    assert sorted(response.context["form"].fields) == ["email", "full_name", "password1", "password2"]


def test_signup_keeps_the_name_and_the_language_of_the_page(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nom@example.org",
            "full_name": "Aïssatou Ndiaye",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    user = User.objects.get(email="nom@example.org")
    assert (user.full_name, user.language) == ("Aïssatou Ndiaye", "fr")


def test_signup_by_email_sends_a_verification_email(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "focal@example.org",
            "full_name": "Grace Achieng",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["focal@example.org"]
    assert mailoutbox[0].subject == "[IMRF] Please Confirm Your Email Address"
    assert EmailAddress.objects.get(email="focal@example.org").verified is False


def test_unconfirmed_account_cannot_reach_the_portal(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "focal@example.org",
            "full_name": "Grace Achieng",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    sign_in_response = client.post(reverse("account_login"), {"login": "focal@example.org", "password": NEW_PASSWORD})
    portal_response = client.get("/portal/")

    assert sign_in_response["Location"] == reverse("account_email_verification_sent")
    assert portal_response.status_code == 302
    assert portal_response["Location"] == f"{reverse('account_login')}?next=/portal/"


def test_confirmation_link_from_the_email_verifies_the_address(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "focal@example.org",
            "full_name": "Grace Achieng",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    confirmation_path = link_in_last_email(mailoutbox, "/accounts/confirm-email/")

    response = client.post(confirmation_path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="focal@example.org").verified is True


def test_confirmed_account_reaches_the_portal_after_signing_in(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "focal@example.org",
            "full_name": "Grace Achieng",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    client.post(link_in_last_email(mailoutbox, "/accounts/confirm-email/"))
    client.logout()

    response = client.post(reverse("account_login"), {"login": "focal@example.org", "password": NEW_PASSWORD})

    assert response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_sign_in_with_email_and_password(client):
    user = UserFactory(email="officer@example.org")

    response = client.post(reverse("account_login"), {"login": "officer@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_with_a_wrong_password_is_refused(client):
    UserFactory(email="officer@example.org")

    response = client.post(reverse("account_login"), {"login": "officer@example.org", "password": "wrong password!"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out(client):
    sign_in(client, UserFactory())

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


# --- Password reset -----------------------------------------------------------------------


def test_password_reset_sends_an_email_with_a_link(client, mailoutbox):
    user = UserFactory(email="officer@example.org")

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["officer@example.org"]
    assert mailoutbox[0].subject == "[IMRF] Password Reset Email"


def test_password_reset_and_confirmation_links_are_built_from_site_url_not_the_host(client, mailoutbox, settings):
    # Issue 13, finding 11: the links followed the Host header's port (any allowed host name
    # with a port of the client's choosing).
    settings.SITE_URL = "https://accreditation.example.org"
    user = UserFactory(email="officer@example.org")

    client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_HOST="localhost:9999")
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "full_name": "New Person", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        HTTP_HOST="localhost:9999",
    )

    reset, confirmation = mailoutbox
    assert "https://accreditation.example.org/accounts/password/reset/key/" in reset.body
    assert "https://accreditation.example.org/accounts/confirm-email/" in confirmation.body
    assert "localhost:9999" not in reset.body + confirmation.body


def test_password_reset_link_sets_a_new_password(client, mailoutbox):
    user = UserFactory()
    form_url = client.get(reset_password_link(client, user, mailoutbox))["Location"]

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    user.refresh_from_db()
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert user.check_password(NEW_PASSWORD) is True
    assert user.check_password(PASSWORD) is False


# --- Password rules -----------------------------------------------------------------------


def _sign_up(client, password: str):
    return client.post(
        reverse("account_signup"),
        {"email": "rules@example.org", "full_name": "Rule Tester", "password1": password, "password2": password},
    )


def test_password_of_eleven_characters_is_refused(client):
    response = _sign_up(client, TOO_SHORT)

    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == [MIN_LENGTH_MESSAGE]
    assert User.objects.filter(email="rules@example.org").exists() is False


def test_common_password_is_refused(client):
    response = _sign_up(client, "password1234")

    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == ["This password is too common."]
    assert User.objects.filter(email="rules@example.org").exists() is False


def test_password_of_sixty_four_characters_is_accepted(client):
    password = "Correct horse battery staple, 64 characters long! " + "x" * 14
    assert len(password) == 64

    response = _sign_up(client, password)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.get(email="rules@example.org").check_password(password) is True


def test_argon2_is_the_first_password_hasher_of_the_project():
    project_settings = importlib.import_module("imrf.settings")

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_failed_sign_ins_are_rate_limited():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,30/15m/key"
