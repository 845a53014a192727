"""The privacy notice: a public page saying what, why, who and how long; linked from every form
that collects personal data; and the focal point's confirmation of consent on nominating,
recorded with the time and the version of the notice."""

import html
import re
from datetime import date, timedelta
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise

from accreditation.enums import AccreditationStatus, DelegateStatus
from accreditation.models import Delegate
from accreditation.services.invitations import delegate_invite, invitation_token
from accreditation.services.nominations import delegate_nominate
from imrf.models import ActivityLog
from imrf.privacy import PRIVACY_NOTICE_DATE, PRIVACY_NOTICE_VERSION, RETENTION_TABLE, retention_rows
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
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


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


def _page_text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


def test_the_notice_shows_every_row_of_the_retention_table():
    ActiveForumFactory(retention_days=90)

    response = Client().get("/privacy/")

    content = response.content.decode()
    text = _page_text(response)
    assert content.count('<tr id="retention-') == len(RETENTION_TABLE)
    for rule in RETENTION_TABLE:
        assert f'id="retention-{rule.key}"' in content
        for part in (rule.data, rule.period.describe(retention_days=90), rule.why, rule.then):
            assert " ".join(str(part).split()) in text, (rule.key, str(part))
    assert "90 days after the Forum ends" in text
    assert f"{settings.ACTIVITY_IP_RETENTION_DAYS} days" in text


def test_the_retention_periods_follow_the_forum_and_the_settings(settings):
    settings.ACTIVITY_IP_RETENTION_DAYS = 30
    settings.SESSION_COOKIE_AGE = 3600

    rows = {row.key: row for row in retention_rows(retention_days=1)}
    without_forum = {row.key: row for row in retention_rows(retention_days=None)}

    assert rows["passport_data"].period == "1 day after the Forum ends"
    assert rows["organization_contacts"].period == "1 day after the last Forum the organization applied to ends"
    assert rows["ip_addresses"].period == "30 days"
    assert rows["sessions"].period == "Until 60 minutes without activity, or signing out"
    assert without_forum["passport_data"].period == "A set time after the Forum ends"


def test_every_text_of_the_retention_table_is_translatable():
    for rule in RETENTION_TABLE:
        for part in (rule.data, rule.why, rule.then):
            assert isinstance(part, Promise), (rule.key, part)
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/privacy/")
    with translation.override("fr"):
        expected = [" ".join(str(rule.data).split()) for rule in RETENTION_TABLE]  # as _page_text spaces them
    assert [label for label in expected if label not in _page_text(french)] == []


# A row's label in French, once the catalogue has it (the translations are merged separately).
FRENCH_ROW = ("Representatives' photos", "Photos des représentants")


@pytest.mark.skipif(
    FRENCH_ROW[0] not in {entry.msgid for entry in polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"))},
    reason="the retention table's messages are not in the French catalogue yet",
)
def test_a_row_of_the_table_in_french():
    ActiveForumFactory(retention_days=90)

    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/privacy/")

    assert FRENCH_ROW[1] in _page_text(french)
    assert "90 jours après la fin du Forum" in _page_text(french)
