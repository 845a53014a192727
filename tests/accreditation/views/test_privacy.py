"""The privacy notice: a public page saying what, why, who and how long; linked from every form
that collects personal data; and the focal point's confirmation of consent on nominating,
recorded with the time and the version of the notice."""

import re
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accreditation.enums import AccreditationStatus, DelegateStatus
from accreditation.models import Delegate
from accreditation.services.invitations import delegate_invite, invitation_token
from accreditation.services.nominations import delegate_nominate
from imrf.models import ActivityLog
from imrf.privacy import PRIVACY_NOTICE_DATE, PRIVACY_NOTICE_VERSION
from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    MembershipFactory,
    StaffUserFactory,
    nomination_form_data,
)

pytestmark = pytest.mark.django_db

PRIVACY_LINK = 'href="/privacy/"'


def _headings(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", response.content.decode())
    ]


def test_the_notice_says_what_why_who_and_how_long_with_its_version():
    ActiveForumFactory(retention_days=90)

    response = Client().get("/privacy/")

    assert response.status_code == 200
    assert _headings(response) == [
        "Privacy notice",
        "What we collect",
        "Why",
        "Who sees it",
        "How long we keep it",
        "Nominating someone else",
        "Your choices",
    ]
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    published = date_format(PRIVACY_NOTICE_DATE, "DATE_FORMAT")
    assert f"Version {PRIVACY_NOTICE_VERSION}, published on {published}." in text
    assert "are erased 90 days after the Forum ends." in text


def test_the_notice_is_in_french_and_spanish():
    ActiveForumFactory(retention_days=1)

    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/privacy/")
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/privacy/")

    assert _headings(french)[:2] == ["Avis de confidentialité", "Ce que nous recueillons"]
    assert _headings(spanish)[:2] == ["Aviso de privacidad", "Qué datos recogemos"]
    assert "1 jour après la fin du Forum" in french.content.decode()


def test_the_notice_works_without_an_active_forum():
    response = Client().get("/privacy/")

    assert response.status_code == 200
    assert "some time after the Forum ends" in response.content.decode()


def test_every_page_links_the_notice_in_its_footer():
    ActiveForumFactory()

    for path in ["/", "/programme/", "/organizations/", "/verify/"]:
        assert PRIVACY_LINK in Client().get(path).content.decode(), path


def test_every_form_that_collects_personal_data_links_the_notice(client):
    forum = ActiveForumFactory()
    # Sign-up (anonymous).
    signup = Client().get(reverse("account_signup")).content.decode()
    assert signup.count(PRIVACY_LINK) >= 2  # beside the form, and in the footer
    # A new focal point registers their organization.
    newcomer = MembershipFactory().user
    newcomer.memberships.all().delete()
    client.force_login(newcomer)
    assert client.get(reverse("portal:organization_new")).content.decode().count(PRIVACY_LINK) >= 2
    # A focal point: profile, application, documents, focal points, nomination.
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)
    for name in ["portal:organization_edit", "portal:focal_points", "portal:nominate"]:
        assert client.get(reverse(name)).content.decode().count(PRIVACY_LINK) >= 2, name
    draft = MembershipFactory()
    AccreditationFactory(organization=draft.organization, forum=forum, status=AccreditationStatus.DRAFT)
    client.force_login(draft.user)
    for name in ["portal:application", "portal:document_new"]:
        assert client.get(reverse(name)).content.decode().count(PRIVACY_LINK) >= 2, name
    # A representative: the invitation, then the visa-letter request.
    invitee = DelegateFactory(accreditation=accreditation, status=DelegateStatus.NOMINATED)
    with transaction.atomic():
        delegate_invite(delegate=invitee, actor=membership.user)
    invitee.refresh_from_db()
    invitation = Client().get(reverse("delegate:invitation", kwargs={"token": invitation_token(invitee)}))
    assert invitation.content.decode().count(PRIVACY_LINK) >= 2
    delegate = DelegateFactory(accreditation=accreditation, with_user=True)
    client.force_login(delegate.user)
    assert client.get(reverse("delegate:letter")).content.decode().count(PRIVACY_LINK) >= 2


def test_nominating_without_the_consent_is_refused_beside_the_checkbox(focal_point_client):
    response = focal_point_client.post(reverse("portal:nominate"), nomination_form_data(privacy_consent=""))

    assert response.status_code == 200
    assert response.context["form"].errors["privacy_consent"] == [
        "Confirm that the representative agrees to the privacy notice."
    ]
    assert Delegate.objects.count() == 0


def test_nominating_records_when_and_under_which_notice_consent_was_given(focal_point_client):
    before = timezone.now()

    response = focal_point_client.post(reverse("portal:nominate"), nomination_form_data())

    assert response.status_code == 302
    delegate = Delegate.objects.get()
    assert delegate.consent_notice_version == PRIVACY_NOTICE_VERSION
    assert before <= delegate.consent_at <= timezone.now()
    entry = ActivityLog.objects.get(action="delegate.nominated")
    assert entry.data["privacy_notice"] == PRIVACY_NOTICE_VERSION


def test_a_nomination_without_a_notice_version_records_no_consent(accredited):
    delegate = delegate_nominate(
        accreditation=accredited,
        data={
            "family_name": "Mensah",
            "given_names": "Kofi",
            "date_of_birth": date(1980, 5, 17),
            "nationality": "GH",
            "country_of_residence": "GH",
            "email": "kofi@example.org",
            "modality": "in_person",
        },
        actor=None,
    )

    assert (delegate.consent_at, delegate.consent_notice_version) == (None, "")
    assert "privacy_notice" not in ActivityLog.objects.get(action="delegate.nominated").data


def test_the_back_office_shows_the_consent_on_the_representatives_page(client):
    delegate = DelegateFactory(consent_at=timezone.now() - timedelta(days=1), consent_notice_version="2026-11-1")
    client.force_login(StaffUserFactory(group="Accreditation officers"))

    response = client.get(reverse("admin:accreditation_delegate_change", args=[delegate.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Consent given" in content
    assert "2026-11-1" in content
