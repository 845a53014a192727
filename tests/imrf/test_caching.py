"""Public pages are reused for anonymous visitors for a few seconds; nothing personal is."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import ActiveForumFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 10
    cache.clear()
    yield
    cache.clear()


def test_an_anonymous_visitor_gets_the_cached_landing_page_without_queries(client, django_assert_num_queries):
    ActiveForumFactory(name="Forum before")
    first = client.get("/")

    with django_assert_num_queries(0):
        second = client.get("/")

    assert second.status_code == 200
    assert second.content == first.content


def test_the_cache_is_kept_apart_per_language(client):
    ActiveForumFactory()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="fr">' in french


def test_signed_in_people_never_get_a_cached_page(client):
    forum = ActiveForumFactory(name="Forum before")
    client.get("/")
    forum.name = "Forum after"
    forum.save(update_fields=["name"])
    client.force_login(UserFactory())

    assert "Forum after" in client.get("/").content.decode()


def test_a_visitor_with_a_session_or_a_message_is_not_served_from_the_cache(client):
    forum = ActiveForumFactory(name="Forum before")
    client.get("/")
    forum.name = "Forum after"
    forum.save(update_fields=["name"])

    client.cookies["messages"] = "pending"
    with_message = client.get("/").content.decode()
    del client.cookies["messages"]
    anonymous = client.get("/").content.decode()

    assert "Forum after" in with_message
    assert "Forum before" in anonymous


def test_pages_with_a_form_token_are_not_cached(client, django_assert_num_queries):
    ActiveForumFactory()
    client.get("/verify/")

    response = client.get("/verify/")

    assert b"csrfmiddlewaretoken" in response.content
    assert cache.get("public-page:en:anything") is None


def test_the_language_switch_is_a_get_form_for_anonymous_visitors(client):
    ActiveForumFactory()

    page = client.get("/programme/").content.decode()

    assert 'class="language-switcher" action="/i18n/setlang/" method="get"' in page
    assert "csrfmiddlewaretoken" not in page


def test_a_signed_in_persons_language_is_remembered_on_the_account_by_post(client):
    ActiveForumFactory()
    user = UserFactory(language="en")
    client.force_login(user)
    page = client.get("/programme/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/programme/"})

    assert 'class="language-switcher" action="/i18n/setlang/" method="post"' in page
    assert (response.status_code, response["Location"]) == (302, "/programme/")
    assert response.cookies["django_language"].value == "es"
    user.refresh_from_db()
    assert user.language == "es"


def test_a_cross_site_get_never_changes_a_signed_in_persons_saved_language(client):
    # Issue 13, finding 11: <img src="https://imrf.example/i18n/setlang/?language=es"> on
    # another site used to change the saved language (and the language of every e-mail).
    user = UserFactory(language="en")
    client.force_login(user)

    response = client.get("/i18n/setlang/", {"language": "es", "next": "/programme/"})

    assert (response.status_code, response["Location"]) == (302, "/programme/")
    user.refresh_from_db()
    assert user.language == "en"


def test_a_cross_site_post_without_the_form_token_is_refused():
    user = UserFactory(language="en")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.language == "en"


def test_the_language_switch_refuses_to_redirect_elsewhere(client):
    response = client.get("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})

    assert response["Location"] == "/"
