"""Production security: staff two-factor authentication, brute-force throttling, sessions, and
the security headers of every public page."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from imrf import two_factor
from tests.factories import (
    PASSWORD,
    AccreditationFactory,
    ActiveForumFactory,
    SessionFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
    totp_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

NEW_PASSWORD = "a-brand-new-passphrase-2026"
THROTTLED = "Too many failed login attempts. Try again later."


def _sign_in(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


# --- staff two-factor authentication ------------------------------------------------------


def test_the_admin_login_page_sends_staff_to_the_site_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_staff_without_two_factor_is_led_to_the_explanation_before_any_admin_page(client):
    officer = StaffUserFactory(totp=False, group="Viewers")
    client.force_login(officer)

    response = client.get("/admin/accreditation/accreditation/")

    assert response.status_code == 302
    assert response["Location"] == reverse("staff_two_factor_required")


def test_staff_with_two_factor_reaches_the_admin(client):
    client.force_login(StaffUserFactory(group="Viewers"))

    assert client.get("/admin/").status_code == 200


def test_staff_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client):
    StaffUserFactory(email="officer@example.org", group="Viewers")

    response = _sign_in(client, "officer@example.org", PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code() != "000000" else "111111"})

    assert wrong.status_code == 200
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_staff_sign_in_with_password_and_code_reaches_the_admin(client):
    StaffUserFactory(email="officer@example.org", group="Viewers")

    _sign_in(client, "officer@example.org", PASSWORD)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_replaces_a_lost_authenticator_once(client):
    officer = StaffUserFactory(email="officer@example.org", group="Viewers")
    codes = RecoveryCodes.activate(officer).get_unused_codes()

    _sign_in(client, "officer@example.org", PASSWORD)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get("/admin/").status_code == 200
    client.logout()
    _sign_in(client, "officer@example.org", PASSWORD)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert client.get("/admin/").status_code == 302


def test_setting_up_the_authenticator_app_from_the_enrolment_link_opens_the_admin(client):
    officer = StaffUserFactory(totp=False, group="Viewers")
    client.force_login(officer)
    assert client.get("/admin/")["Location"] == reverse("staff_two_factor_required")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(two_factor.enrolment_url(officer).removeprefix(settings.SITE_URL))["Location"] == reverse(
        "mfa_activate_totp"
    )
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    asked = client.get("/admin/")
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})

    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).count() == 1
    assert asked["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 200


# --- brute force -----------------------------------------------------------------------------


def test_twenty_wrong_passwords_from_one_address_are_throttled_and_the_owner_still_signs_in_from_elsewhere(client):
    UserFactory(email="victim@example.org")

    answers = [_sign_in(client, "victim@example.org", f"guess-{n}", ip="203.0.113.9") for n in range(20)]

    throttled = [THROTTLED in answer.content.decode() for answer in answers]
    assert throttled == [False] * 10 + [True] * 10
    owner = client.__class__()
    response = _sign_in(owner, "victim@example.org", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert owner.session[SESSION_KEY]


def test_the_throttled_address_cannot_sign_in_even_with_the_right_password(client):
    UserFactory(email="victim@example.org")
    for n in range(12):
        _sign_in(client, "victim@example.org", f"guess-number-{n}", ip="203.0.113.9")

    response = _sign_in(client, "victim@example.org", PASSWORD, ip="203.0.113.9")

    assert response.status_code == 200
    assert THROTTLED in response.content.decode()
    assert SESSION_KEY not in client.session


# --- sessions --------------------------------------------------------------------------------


def test_signing_in_starts_a_new_session(client):
    UserFactory(email="person@example.org")
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key

    _sign_in(client, "person@example.org", PASSWORD)

    assert client.session.session_key != before


def test_sessions_end_after_the_idle_timeout_and_are_renewed_by_activity(client):
    from freezegun import freeze_time

    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    user = UserFactory()
    with freeze_time("2026-12-01 09:00:00"):
        client.force_login(user)
        client.get(reverse("portal:dashboard"))
    with freeze_time("2026-12-01 10:50:00"):  # active again after 1 h 50: the session is renewed
        assert client.get(reverse("portal:dashboard")).status_code == 200
    with freeze_time("2026-12-01 12:45:00"):  # 1 h 55 after that: still within the timeout
        assert client.get(reverse("portal:dashboard")).status_code == 200
    with freeze_time("2026-12-01 14:50:00"):  # 2 h 05 of silence: signed out
        response = client.get(reverse("portal:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_changing_the_password_ends_the_other_sessions(client):
    user = UserFactory(email="person@example.org")
    other = client.__class__()
    other.force_login(user)
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert other.get(reverse("portal:dashboard")).status_code == 302
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_deactivating_a_user_ends_their_sessions(client):
    user = UserFactory(email="person@example.org")
    client.force_login(user)
    assert client.get(reverse("portal:dashboard")).status_code == 200

    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- security headers of every public page -------------------------------------------------


def _public_paths() -> list[str]:
    """Every URL pattern outside the admin, the accounts and the portals that takes no object."""
    paths = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route:
                paths.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    excluded = ("/admin", "/portal", "/me", "/i18n", "/__bench__")
    return sorted(path for path in paths if not path.startswith(excluded))


def _object_paths() -> list[str]:
    forum = ActiveForumFactory()
    session = SessionFactory(forum=forum)
    letter = VisaLetterFactory(issued=True, delegate__accreditation=AccreditationFactory(forum=forum, accredited=True))
    return [
        f"/programme/{session.public_id}/",
        f"/programme/{session.public_id}.ics",
        f"/verify/{letter.verification_token}/",
        "/verify/not-a-token/",
        "/no-such-page/",
    ]


def test_the_public_paths_include_the_landing_page_programme_and_verification():
    assert {"/", "/programme/", "/organizations/", "/verify/", "/accounts/login/"} <= set(_public_paths())


def test_every_public_page_sends_the_security_headers(client):
    paths = _public_paths() + _object_paths()

    for path in paths:
        response = client.get(path, secure=True)
        assert response.status_code in {200, 302, 404}, path
        csp = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp, path
        assert "'unsafe-eval'" not in csp, path
        assert re.search(r"https?://", csp) is None, (path, csp)
        assert "script-src 'self'" in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", path


def test_public_pages_carry_no_inline_script_or_style(client):
    for path in ["/", "/programme/", "/organizations/", "/verify/", "/accounts/login/", "/accounts/signup/"]:
        html = client.get(path).content.decode()
        assert re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", html) is None, path
        assert " style=" not in html, path
        assert re.search(r" on[a-z]+=", html) is None, path


# --- HEAD on public pages (issue 13, finding 11) -----------------------------------------------


PUBLIC_PAGES = ["landing", "privacy", "programme", "programme_ics", "organizations", "organizations_csv", "verify"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_answer_head_like_get(client, name):
    ActiveForumFactory()

    get = client.get(reverse(name))
    head = client.head(reverse(name))

    assert (
        (head.status_code, head["Content-Type"]) == (get.status_code, get["Content-Type"]) == (200, get["Content-Type"])
    )
    assert (b"".join(head.streaming_content) if head.streaming else head.content) == b""
    get.close()


def test_a_session_page_and_a_letter_check_answer_head_like_get(client):
    forum = ActiveForumFactory()
    session = SessionFactory(forum=forum)
    letter = VisaLetterFactory(issued=True)

    pages = [
        reverse("session_detail", kwargs={"public_id": session.public_id}),
        reverse("session_ics", kwargs={"public_id": session.public_id}),
        reverse("verify_token", kwargs={"token": letter.verification_token}),
    ]

    assert [client.head(page).status_code for page in pages] == [200, 200, 200]
