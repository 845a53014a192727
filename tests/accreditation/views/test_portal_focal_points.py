"""The focal points page and the invitation link, through the real views (issue 13, finding 10):
the organization's answer never tells whether an address has an account, nobody is added
without accepting, and only the invited, confirmed account can accept."""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accreditation.models import FocalPointInvitation, Membership
from tests.factories import (
    PASSWORD,
    FocalPointInvitationFactory,
    MembershipFactory,
    UserFactory,
)
from tests.helpers import ADDRESS_KINDS, address_of, text_of

pytestmark = pytest.mark.django_db

FOCAL_POINTS = reverse("portal:focal_points")


def _link_in(message) -> str:
    """The path of the invitation link in an e-mail."""
    return urlparse(re.search(r"https?://\S+/portal/join/\S+/", message.body).group(0)).path


def _invite(client, capture, email, name=""):
    with capture(execute=True):
        return client.post(FOCAL_POINTS, {"email": email, "name": name})


# --- the organization's side: what the answer says --------------------------------------------


def _normalized(page: str, *, email: str, invitation: FocalPointInvitation) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="CSRF"', page)
    return page.replace(email, "ADDRESS").replace(str(invitation.public_id), "INVITATION")


def test_the_answer_is_byte_identical_whoever_the_address_belongs_to(
    client, focal_point, organization, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(focal_point.user)
    answers, pages, mails = {}, {}, {}
    for kind in ADDRESS_KINDS:
        email = address_of(kind, organization)
        mailoutbox.clear()

        response = _invite(client, django_capture_on_commit_callbacks, email)
        followed = client.get(response["Location"])

        invitation = FocalPointInvitation.objects.get(organization=organization, email=email, cancelled_at=None)
        answers[kind] = (response.status_code, response["Location"], response.content)
        pages[kind] = _normalized(followed.content.decode(), email=email, invitation=invitation)
        [message] = mailoutbox
        mails[kind] = (
            message.to == [email],
            message.subject,
            re.sub(r"/portal/join/\S+/", "/portal/join/TOKEN/", message.body),
        )
        # Cancelled (as the page's button would, its message read), so the next answer lists one
        # invitation too.
        cancel = reverse("portal:focal_point_invitation_cancel", kwargs={"public_id": invitation.public_id})
        assert client.post(cancel, follow=True).status_code == 200

    assert answers["unknown"] == (302, FOCAL_POINTS, b"")
    for kind in ADDRESS_KINDS:
        assert answers[kind] == answers["unknown"], kind
        assert pages[kind] == pages["unknown"], kind
        assert mails[kind] == mails["unknown"], kind
    assert "We sent an invitation to ADDRESS. If the person accepts it" in pages["unknown"]
    assert Membership.objects.filter(organization=organization).count() == 1


def test_the_page_lists_the_focal_points_and_the_invitations_waiting_for_an_answer(client, focal_point, organization):
    FocalPointInvitationFactory(
        organization=organization, email="amina@example.org", name="Amina Yusuf", invited_by=focal_point.user
    )
    past = timezone.now() - timedelta(days=30)
    FocalPointInvitationFactory(organization=organization, email="old@example.org", sent_at=past, expires_at=past)
    FocalPointInvitationFactory(organization=organization, email="gone@example.org", cancelled_at=timezone.now())
    FocalPointInvitationFactory(email="elsewhere@example.org")
    client.force_login(focal_point.user)

    response = client.get(FOCAL_POINTS)

    assert response.status_code == 200
    text = text_of(response)
    assert "Amina Yusuf" in text
    assert "amina@example.org" in text
    assert "old@example.org" in text and "Expired" in text
    assert "gone@example.org" not in text
    assert "elsewhere@example.org" not in text
    assert [invitation.email for invitation in response.context["invitations"]] == [
        "amina@example.org",
        "old@example.org",
    ]


def test_inviting_a_current_focal_point_says_so(client, focal_point, django_capture_on_commit_callbacks, mailoutbox):
    colleague = MembershipFactory(organization=focal_point.organization)
    client.force_login(focal_point.user)

    response = _invite(client, django_capture_on_commit_callbacks, colleague.user.email)

    assert response.status_code == 200
    assert "This person is already a focal point." in text_of(response)
    assert FocalPointInvitation.objects.exists() is False
    assert mailoutbox == []


def test_a_name_that_is_a_link_is_refused(client, focal_point, django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(focal_point.user)

    response = _invite(client, django_capture_on_commit_callbacks, "amina@example.org", name="https://evil.example")

    assert response.status_code == 200
    assert "Enter only the person's name." in text_of(response)
    assert mailoutbox == []


# --- the invitee's side -----------------------------------------------------------------------


@pytest.fixture
def sent(client, focal_point, django_capture_on_commit_callbacks, mailoutbox):
    """An invitation to amina@example.org sent from the page; its link's path, from the e-mail."""
    client.force_login(focal_point.user)
    _invite(client, django_capture_on_commit_callbacks, "amina@example.org", name="Amina Yusuf")
    client.logout()
    [message] = mailoutbox
    mailoutbox.clear()
    return _link_in(message)


def test_a_visitor_is_asked_to_sign_in_or_register_and_sees_nothing_of_the_invitation(client, sent):
    response = client.get(sent)

    assert response.status_code == 200
    text = text_of(response)
    assert "sign in with the address the invitation was sent to" in text
    assert "Migrant Rights Network" not in text
    assert "Grace Achieng" not in text
    for name in ("account_login", "account_signup"):
        link = next(
            href
            for href in re.findall(r'href="([^"]+)"', response.content.decode())
            if href.startswith(f"{reverse(name)}?")
        )
        assert parse_qs(urlparse(html.unescape(link)).query)["next"] == [sent]


def test_signing_in_from_the_invitation_comes_back_to_it(client, sent):
    UserFactory(email="amina@example.org")
    login = reverse("account_login")

    response = client.post(f"{login}?next={sent}", {"login": "amina@example.org", "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, sent)


def test_nobody_is_added_until_the_invitee_accepts(
    client, sent, organization, focal_point, django_capture_on_commit_callbacks, mailoutbox
):
    person = UserFactory(email="amina@example.org", full_name="Amina Yusuf")
    assert Membership.objects.filter(user=person).exists() is False
    client.force_login(person)

    page = client.get(sent)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(sent, {"decision": "accept"}, follow=True)

    assert page.status_code == 200
    assert (
        "Grace Achieng (grace@example.org) invites you to become a focal point of Migrant Rights Network."
        in text_of(page)
    )
    assert accepted.redirect_chain == [(reverse("portal:dashboard"), 302)]
    assert "You are now a focal point of Migrant Rights Network." in text_of(accepted)
    membership = Membership.objects.get(user=person)
    assert (membership.organization, membership.added_by) == (organization, focal_point.user)
    assert [(message.to, message.subject) for message in mailoutbox] == [
        (["grace@example.org"], "[IMRF] New focal point of Migrant Rights Network")
    ]
    # The link worked once.
    assert client.get(sent).status_code == 404


def test_another_signed_in_account_gets_404_and_cannot_accept(client, sent):
    someone_else = UserFactory(email="someone@example.org")
    client.force_login(someone_else)

    page = client.get(sent)
    post = client.post(sent, {"decision": "accept"})

    assert (page.status_code, post.status_code) == (404, 404)
    assert "Migrant Rights Network" not in text_of(page)
    assert "This invitation was sent to another e-mail address" in text_of(page)
    assert Membership.objects.filter(user=someone_else).exists() is False


def test_an_account_with_the_invited_address_unconfirmed_cannot_accept(client, sent):
    unconfirmed = UserFactory(email="amina@example.org", verified=False)
    client.force_login(unconfirmed)

    page = client.get(sent)
    post = client.post(sent, {"decision": "accept"})

    assert (page.status_code, post.status_code) == (200, 200)
    assert "Confirm your e-mail address amina@example.org first" in text_of(post)
    assert "Migrant Rights Network" not in text_of(page)
    assert 'value="accept"' not in post.content.decode()
    assert Membership.objects.filter(user=unconfirmed).exists() is False
    assert FocalPointInvitation.objects.get().is_pending is True


def test_a_focal_point_of_another_organization_is_told_why_at_that_step(client, sent):
    elsewhere = MembershipFactory(organization__name="Other Network", user__email="amina@example.org")
    client.force_login(elsewhere.user)

    page = client.get(sent)
    post = client.post(sent, {"decision": "accept"})

    message = "You are already a focal point of Other Network, and a person acts for one organization only."
    assert message in text_of(page)
    assert 'value="accept"' not in page.content.decode()
    assert post.status_code == 200
    assert text_of(post).count(message) == 1
    assert list(Membership.objects.filter(user=elsewhere.user)) == [elsewhere]


def test_the_invitee_declines(client, sent, organization):
    person = UserFactory(email="amina@example.org")
    client.force_login(person)

    response = client.post(sent, {"decision": "decline"}, follow=True)

    assert response.redirect_chain == [(reverse("portal:dashboard"), 302)]
    assert "You declined the invitation to act for Migrant Rights Network." in text_of(response)
    assert Membership.objects.filter(user=person).exists() is False
    assert FocalPointInvitation.objects.get().declined_at is not None
    assert client.get(sent).status_code == 404


def test_an_expired_link_answers_404_and_says_so(client, sent):
    client.force_login(UserFactory(email="amina@example.org"))

    with freeze_time(timezone.now() + timedelta(seconds=settings.INVITATION_MAX_AGE + 1)):
        page = client.get(sent)
        post = client.post(sent, {"decision": "accept"})

    assert (page.status_code, post.status_code) == (404, 404)
    assert "This invitation link has expired." in text_of(page)
    assert Membership.objects.filter(user__email="amina@example.org").exists() is False


@pytest.mark.parametrize("token", ["not-a-token", "x" * 300])
def test_a_made_up_link_answers_404(client, token):
    response = client.get(reverse("portal:focal_point_invitation", kwargs={"token": token}))

    assert response.status_code == 404


# --- resend, cancel, remove -------------------------------------------------------------------


def test_sending_again_replaces_the_link(client, sent, focal_point, django_capture_on_commit_callbacks, mailoutbox):
    invitation = FocalPointInvitation.objects.get()
    client.force_login(focal_point.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:focal_point_invitation_resend", kwargs={"public_id": invitation.public_id}), follow=True
        )

    assert response.redirect_chain == [(FOCAL_POINTS, 302)]
    assert "We sent the invitation to amina@example.org again, with a new link" in text_of(response)
    [message] = mailoutbox
    new_link = _link_in(message)
    assert new_link != sent
    person = UserFactory(email="amina@example.org")
    client.force_login(person)
    assert client.get(sent).status_code == 404
    assert client.get(new_link).status_code == 200


def test_cancelling_kills_the_link_and_cancelling_again_gives_a_message(client, sent, focal_point):
    invitation = FocalPointInvitation.objects.get()
    path = reverse("portal:focal_point_invitation_cancel", kwargs={"public_id": invitation.public_id})
    client.force_login(focal_point.user)

    first = client.post(path, follow=True)
    again = client.post(path, follow=True)

    assert "The invitation to amina@example.org is cancelled: its link no longer works." in text_of(first)
    assert again.redirect_chain == [(FOCAL_POINTS, 302)]
    assert "This invitation has already been answered or cancelled." in text_of(again)
    client.force_login(UserFactory(email="amina@example.org"))
    assert client.get(sent).status_code == 404


def test_removing_a_focal_point_by_its_id_and_again_gives_a_message_not_a_404(client, focal_point):
    colleague = MembershipFactory(organization=focal_point.organization)
    path = reverse("portal:focal_point_remove", kwargs={"public_id": colleague.public_id})
    client.force_login(focal_point.user)

    first = client.post(path, follow=True)
    again = client.post(path, follow=True)

    assert first.redirect_chain == [(FOCAL_POINTS, 302)]
    assert "The focal point was removed." in text_of(first)
    assert again.redirect_chain == [(FOCAL_POINTS, 302)]
    assert "This focal point has already been removed." in text_of(again)
    assert list(Membership.objects.filter(organization=focal_point.organization)) == [focal_point]


def test_removing_oneself_leads_to_the_dashboard(client, focal_point):
    MembershipFactory(organization=focal_point.organization)
    client.force_login(focal_point.user)

    response = client.post(reverse("portal:focal_point_remove", kwargs={"public_id": focal_point.public_id}))

    assert (response.status_code, response["Location"]) == (302, reverse("portal:dashboard"))
    assert Membership.objects.filter(pk=focal_point.pk).exists() is False


def test_the_last_focal_point_is_kept_with_a_message(client, focal_point):
    client.force_login(focal_point.user)

    response = client.post(
        reverse("portal:focal_point_remove", kwargs={"public_id": focal_point.public_id}), follow=True
    )

    assert response.redirect_chain == [(FOCAL_POINTS, 302)]
    assert "An organization needs at least one focal point." in text_of(response)
    assert Membership.objects.filter(pk=focal_point.pk).exists() is True


def test_the_removal_form_names_the_membership_not_the_address(client, focal_point):
    colleague = MembershipFactory(organization=focal_point.organization)
    client.force_login(focal_point.user)

    page = client.get(FOCAL_POINTS).content.decode()

    assert reverse("portal:focal_point_remove", kwargs={"public_id": colleague.public_id}) in page
    assert 'name="email"' in page  # the invitation form's field only
    assert page.count('name="email"') == 1
