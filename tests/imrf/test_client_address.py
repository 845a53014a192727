"""Issue 13, finding 4: behind a proxy, the client's address is the right-most X-Forwarded-For
entry our proxies did not write. Every limit counts that address: allauth's sign-in limits
(one client cannot lock everyone out) and ours (a made-up first entry buys nothing)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from imrf.request_context import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the first entry is the client's own claim
        (1, "1.2.3.4,203.0.113.9 ", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),  # a CDN and a load balancer
        (2, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the outer one was skipped
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (0, "203.0.113.9", PROXY),  # no trusted proxy: the header is anyone's to write
    ],
)
def test_the_client_address_is_the_right_most_entry_our_proxies_did_not_write(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def _sign_in(client, email: str, password: str, *, forwarded: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_X_FORWARDED_PROTO="https",
        secure=True,
    )


def test_one_client_failing_to_sign_in_does_not_lock_out_the_others_behind_the_proxy(client):
    UserFactory(email="victim@example.org")
    UserFactory(email="someone@example.org")
    for attempt in range(12):
        _sign_in(client, "victim@example.org", f"guess-{attempt}", forwarded="203.0.113.9")

    attacker_again = _sign_in(client, "victim@example.org", PASSWORD, forwarded="203.0.113.9")
    other = client.__class__()
    someone = _sign_in(other, "someone@example.org", PASSWORD, forwarded="198.51.100.7")

    assert attacker_again.status_code == 200
    assert "Too many failed login attempts." in attacker_again.content.decode()
    assert (someone.status_code, someone["Location"]) == (302, "/portal/")


def test_a_new_made_up_first_entry_does_not_escape_the_verification_limit(client, settings):
    settings.VERIFY_RATE_LIMIT_FORM = 20
    answers = [
        client.post(
            reverse("verify"),
            {"reference": "IMRF2030-000001", "passport_number": "X00000000"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.9",
            HTTP_X_FORWARDED_PROTO="https",
            secure=True,
        ).status_code
        for attempt in range(21)
    ]

    assert answers == [404] * 20 + [429]
