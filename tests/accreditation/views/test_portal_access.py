"""Who may reach which page of the NGO portal (/portal/), the delegate portal (/me/) and the
public pages.

The matrix below has one row per URL name of ours (every pattern of imrf/urls.py except the
admin, allauth, language switching and static files). A URL added without a row fails
``test_every_url_of_ours_has_a_row_in_the_matrix``.

Objects in URLs (documents, representatives, letters) belong to THIS organization; those of the
delegate's pages (registrations) to the delegate actor. The focal point of
ANOTHER organization (in the same state, for the same forum) must get 404 for them
(DESIGN.md §5 "Focal points and delegates reach only their own objects; anything else answers
404"). Anonymous visitors are sent to sign in.
"""

from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accreditation.enums import AccreditationStatus, DelegateStatus
from accreditation.models import Membership
from accreditation.services.focal_point_invitations import focal_point_invitation_token
from accreditation.services.invitations import delegate_invite, invitation_token
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    FocalPointInvitationFactory,
    MembershipFactory,
    SessionFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db

# Top-level prefixes of imrf/urls.py that are not ours to check here.
EXCLUDED_PREFIXES = ("admin/", "accounts/", "i18n/", "static/", "media/", "__bench__/")

# "visa_officer_without_2fa" is a Visa officer whose account has no authenticator app: every staff
# privilege needs a completed two-factor sign-in, so until then they are a plain signed-in user.
ACTORS = [
    "anonymous",
    "unverified",
    "focal_point",
    "other_focal_point",
    "delegate",
    "staff",
    "officer",
    "visa_officer",
    "visa_officer_without_2fa",
]

LOGIN = "login"


class Redirect(NamedTuple):
    """A 302 to another page of the site (not the sign-in page), by URL name."""

    target: str


DASHBOARD = Redirect("portal:dashboard")
CONFIRM_EMAIL = Redirect("account_email")


@dataclass(frozen=True)
class Row:
    """Expected outcome per actor; ``method`` POST for POST-only views; ``status`` of the
    organization's application (and of the other organization's) when the page depends on it."""

    outcomes: dict[str, Any]
    method: str = "GET"
    status: str = AccreditationStatus.ACCREDITED
    data: str = ""  # name of a World method giving the POST body ("" = empty body)


def everyone(outcome) -> dict[str, Any]:
    return dict.fromkeys(ACTORS, outcome)


def signed_in(**outcomes) -> dict[str, Any]:
    """Anonymous → sign in; unverified → confirm the e-mail first; the Visa officers as the other
    staff unless given; the rest as given."""
    staff = outcomes.get("staff")
    return {
        "anonymous": LOGIN,
        "unverified": CONFIRM_EMAIL,
        "visa_officer": staff,
        "visa_officer_without_2fa": staff,
        **outcomes,
    }


def focal_point_only(mine, theirs=None) -> dict[str, Any]:
    """A focal-point page: users without an organization (delegates, staff) are led to the
    dashboard (which welcomes them or sends a delegate to /me/)."""
    return signed_in(
        focal_point=mine,
        other_focal_point=mine if theirs is None else theirs,
        delegate=DASHBOARD,
        staff=DASHBOARD,
        officer=DASHBOARD,
    )


def delegate_only(outcome) -> dict[str, Any]:
    """A page of the delegate's own: sign in first; without a nomination, 404."""
    return {**everyone(404), "anonymous": LOGIN, "delegate": outcome}


MATRIX: dict[str, Row] = {
    "landing": Row(everyone(200)),
    "privacy": Row(everyone(200)),
    "portal:dashboard": Row(
        signed_in(focal_point=200, other_focal_point=200, delegate=Redirect("delegate:home"), staff=200, officer=200)
    ),
    "portal:organization_new": Row(
        signed_in(focal_point=DASHBOARD, other_focal_point=DASHBOARD, delegate=200, staff=200, officer=200)
    ),
    "portal:organization_edit": Row(focal_point_only(200)),
    "portal:focal_points": Row(focal_point_only(200)),
    # Removing this organization's only focal point is refused (back to the list); another
    # organization's focal point does not find the membership.
    "portal:focal_point_remove": Row(focal_point_only(Redirect("portal:focal_points"), theirs=404), method="POST"),
    # This organization's pending invitation: its focal points resend or cancel it (back to the
    # list); another organization's get 404.
    "portal:focal_point_invitation_resend": Row(
        focal_point_only(Redirect("portal:focal_points"), theirs=404), method="POST"
    ),
    "portal:focal_point_invitation_cancel": Row(
        focal_point_only(Redirect("portal:focal_points"), theirs=404), method="POST"
    ),
    # The link of an invitation to an address none of the actors has: a visitor is asked to sign in
    # or register with it; any other signed-in account gets 404 (and learns nothing of it).
    "portal:focal_point_invitation": Row({**everyone(404), "anonymous": 200}),
    "portal:application": Row(focal_point_only(200), status=AccreditationStatus.DRAFT),
    # An incomplete draft is refused with a message on the dashboard.
    "portal:application_submit": Row(focal_point_only(DASHBOARD), method="POST", status=AccreditationStatus.DRAFT),
    "portal:application_withdraw": Row(focal_point_only(200), status=AccreditationStatus.DRAFT),
    "portal:document_new": Row(focal_point_only(200), status=AccreditationStatus.DRAFT),
    "portal:document_download": Row(
        {
            "anonymous": LOGIN,
            "unverified": 404,
            "focal_point": 200,
            "other_focal_point": 404,
            "delegate": 404,
            "staff": 200,
            "officer": 200,
            "visa_officer": 404,
            "visa_officer_without_2fa": 404,
        }
    ),
    "portal:document_remove": Row(
        focal_point_only(DASHBOARD, theirs=404), method="POST", status=AccreditationStatus.DRAFT
    ),
    "portal:nominate": Row(focal_point_only(200)),
    "portal:delegate_withdraw": Row(focal_point_only(200, theirs=404)),
    "portal:delegate_invite": Row(focal_point_only(DASHBOARD, theirs=404), method="POST"),
    # The representative in the URL is the delegate actor's own nomination.
    "portal:delegate_photo": Row(
        {
            "anonymous": LOGIN,
            "unverified": 404,
            "focal_point": 200,
            "other_focal_point": 404,
            "delegate": 200,
            "staff": 200,
            "officer": 200,
            "visa_officer": 200,
            "visa_officer_without_2fa": 404,
        }
    ),
    # A user without a nomination sees a page saying so.
    "delegate:home": Row({**everyone(200), "anonymous": LOGIN}),
    # The signed token is the credential: whoever holds it sees the invitation.
    "delegate:invitation": Row(everyone(200)),
    # The delegate's own pages: whoever has no nomination gets 404.
    "delegate:letter": Row(delegate_only(200)),
    # An empty outcome is refused with a message on the letter page.
    "delegate:letter_outcome": Row(delegate_only(Redirect("delegate:letter")), method="POST"),
    "delegate:switch_to_virtual": Row(delegate_only(200)),
    "delegate:sessions": Row(delegate_only(200)),
    "delegate:session_register": Row(delegate_only(Redirect("delegate:sessions")), method="POST"),
    # The registration in the URL is the delegate actor's own.
    "delegate:session_cancel": Row(delegate_only(Redirect("delegate:sessions")), method="POST"),
    "delegate:confirmation": Row(delegate_only(200)),
    # Public pages.
    "programme": Row(everyone(200)),
    "programme_ics": Row(everyone(200)),
    "session_detail": Row(everyone(200)),
    "session_ics": Row(everyone(200)),
    "organizations": Row(everyone(200)),
    "organizations_csv": Row(everyone(200)),
    "verify": Row(everyone(200)),
    "verify_token": Row(everyone(200)),
    # The issued letter of the delegate actor: them, their organization's focal points and Visa
    # officers (neither Viewers nor Accreditation officers).
    "letter_download": Row(
        {
            "anonymous": LOGIN,
            "unverified": 404,
            "focal_point": 200,
            "other_focal_point": 404,
            "delegate": 200,
            "staff": 404,
            "officer": 404,
            "visa_officer": 200,
            "visa_officer_without_2fa": 404,
        }
    ),
}


@dataclass
class World:
    """This organization (accreditation, document, two representatives) and another one in the
    same state, with one user per actor."""

    status: str
    actors: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.forum = ActiveForumFactory()
        self.membership = MembershipFactory()
        self.organization = self.membership.organization
        self.accreditation = AccreditationFactory(organization=self.organization, forum=self.forum, status=self.status)
        other = MembershipFactory()
        AccreditationFactory(organization=other.organization, forum=self.forum, status=self.status)
        self.document = AccreditationDocumentFactory(accreditation=self.accreditation)
        delegate_user = UserFactory()
        self.representative = DelegateFactory(
            accreditation=self.accreditation,
            user=delegate_user,
            email=delegate_user.email,
            with_photo=True,
            invitation_accepted_at=timezone.now(),
        )
        # Invited to become a focal point of this organization, not yet answered.
        self.focal_point_invitation = FocalPointInvitationFactory(
            organization=self.organization, email="invited@example.org", invited_by=self.membership.user
        )
        # Nominated, not yet signed up: the one the invitation link names.
        self.invitee = DelegateFactory(accreditation=self.accreditation, status=DelegateStatus.NOMINATED)
        with transaction.atomic():
            delegate_invite(delegate=self.invitee, actor=self.membership.user)
        self.invitee.refresh_from_db()
        self.letter = VisaLetterFactory(delegate=self.representative, issued=True)
        self.session = SessionFactory(forum=self.forum)
        self.registration = SessionRegistrationFactory(
            delegate=self.representative, session=SessionFactory(forum=self.forum)
        )
        cache.clear()  # the verification pages are rate-limited per IP
        self.actors = {
            "anonymous": None,
            "unverified": UserFactory(verified=False),
            "focal_point": self.membership.user,
            "other_focal_point": other.user,
            "delegate": delegate_user,
            "staff": StaffUserFactory(group="Viewers"),
            "officer": StaffUserFactory(group="Accreditation officers"),
            "visa_officer": StaffUserFactory(group="Visa officers"),
            "visa_officer_without_2fa": StaffUserFactory(group="Visa officers", totp=False),
        }

    def kwargs_for(self, pattern: URLPattern) -> dict[str, Any]:
        """The URL's arguments, chosen by the first segment of its route."""
        route = str(pattern.pattern)
        names = set(pattern.pattern.converters)
        kwargs: dict[str, Any] = {}
        if "token" in names:
            if route.startswith("verify/"):
                kwargs["token"] = self.letter.verification_token
            elif route.startswith("join/"):
                kwargs["token"] = focal_point_invitation_token(self.focal_point_invitation)
            else:
                kwargs["token"] = invitation_token(self.invitee)
        if "public_id" in names and route.startswith("organization/focal-points/invitations/"):
            kwargs["public_id"] = self.focal_point_invitation.public_id
        elif "public_id" in names and route.startswith("organization/focal-points/"):
            kwargs["public_id"] = self.membership.public_id
        elif "public_id" in names:
            objects = {
                "documents": self.document,
                "representatives": self.representative,
                "sessions": self.session,
                "programme": self.session,
                "registrations": self.registration,
                "letters": self.letter,
            }
            kwargs["public_id"] = objects[route.split("/", 1)[0]].public_id
        return kwargs


def our_patterns() -> dict[str, URLPattern]:
    """Every URL pattern of ours, by qualified name (``namespace:name``)."""
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace: str, top_level: bool) -> None:
        for entry in patterns:
            if top_level and str(entry.pattern).startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, top_level=False)
            else:
                assert entry.name, f"The URL pattern {entry.pattern} has no name, so it cannot have a row."
                found[f"{namespace}{entry.name}"] = entry

    walk(get_resolver().url_patterns, "", top_level=True)
    return found


def test_every_url_of_ours_has_a_row_in_the_matrix():
    names = set(our_patterns())

    assert sorted(names - set(MATRIX)) == []  # URLs without a row
    assert sorted(set(MATRIX) - names) == []  # rows of URLs that no longer exist


def test_the_portal_and_delegate_namespaces_are_in_the_matrix():
    names = set(our_patterns())

    for namespace in ("portal:", "delegate:"):
        in_matrix = {name for name in MATRIX if name.startswith(namespace)}
        assert {name for name in names if name.startswith(namespace)} == in_matrix
    assert {"portal:dashboard", "delegate:home", "delegate:invitation"} <= names


def _cases():
    for name in sorted(MATRIX):
        for actor in ACTORS:
            yield pytest.param(name, actor, id=f"{name}-{actor}")


def _check(response, expected, *, path: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        location = urlparse(response["Location"])
        assert location.path == reverse("account_login")
        assert parse_qs(location.query)["next"] == [path]
    elif isinstance(expected, Redirect):
        assert response.status_code == 302
        assert urlparse(response["Location"]).path == reverse(expected.target)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("name", "actor"), list(_cases()))
def test_access_matrix(client, name, actor):
    row = MATRIX[name]
    world = World(status=row.status)
    pattern = our_patterns()[name]
    path = reverse(name, kwargs=world.kwargs_for(pattern))
    user = world.actors[actor]
    if user is not None:
        client.force_login(user)

    if row.method == "POST":
        response = client.post(path, getattr(world, row.data)() if row.data else {})
    else:
        response = client.get(path)

    try:
        _check(response, row.outcomes[actor], path=path)
    finally:
        response.close()


@pytest.mark.parametrize("name", sorted(name for name, row in MATRIX.items() if row.method == "POST"))
def test_post_only_views_answer_405_to_a_get_from_the_focal_point(client, name):
    world = World(status=MATRIX[name].status)
    client.force_login(world.actors["focal_point"])

    response = client.get(reverse(name, kwargs=world.kwargs_for(our_patterns()[name])))

    assert response.status_code == 405


def test_a_delegate_gets_404_for_the_photo_of_another_representative_of_their_organization(client):
    world = World(status=AccreditationStatus.ACCREDITED)
    sibling = DelegateFactory(accreditation=world.accreditation, photo=ContentFile(image_bytes(), name="p.jpg"))
    client.force_login(world.actors["delegate"])

    response = client.get(reverse("portal:delegate_photo", kwargs={"public_id": sibling.public_id}))

    assert response.status_code == 404


def test_a_focal_point_gets_404_for_the_document_of_another_organization(client):
    world = World(status=AccreditationStatus.DRAFT)
    client.force_login(world.actors["other_focal_point"])

    download = client.get(reverse("portal:document_download", kwargs={"public_id": world.document.public_id}))
    remove = client.post(reverse("portal:document_remove", kwargs={"public_id": world.document.public_id}))

    assert (download.status_code, remove.status_code) == (404, 404)
    assert world.accreditation.documents.count() == 1


def test_another_organizations_focal_point_cannot_withdraw_this_organizations_representative(client):
    world = World(status=AccreditationStatus.ACCREDITED)
    client.force_login(world.actors["other_focal_point"])

    response = client.post(
        reverse("portal:delegate_withdraw", kwargs={"public_id": world.representative.public_id}),
        {"confirm": "on", "reason": "Not ours"},
    )

    assert response.status_code == 404
    world.representative.refresh_from_db()
    assert world.representative.status == DelegateStatus.APPROVED


def test_another_organizations_focal_point_cannot_remove_this_organizations_focal_point(client):
    world = World(status=AccreditationStatus.ACCREDITED)
    second = MembershipFactory(organization=world.organization)
    client.force_login(world.actors["other_focal_point"])

    response = client.post(reverse("portal:focal_point_remove", kwargs={"public_id": second.public_id}))

    assert response.status_code == 404
    assert Membership.objects.filter(organization=world.organization).count() == 2


@pytest.mark.parametrize("name", ["portal:focal_point_invitation_resend", "portal:focal_point_invitation_cancel"])
def test_another_organizations_focal_point_can_neither_resend_nor_cancel_this_organizations_invitation(
    client, name, django_capture_on_commit_callbacks, mailoutbox
):
    world = World(status=AccreditationStatus.ACCREDITED)
    invitation = world.focal_point_invitation
    nonce = invitation.nonce
    client.force_login(world.actors["other_focal_point"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(name, kwargs={"public_id": invitation.public_id}))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert (invitation.nonce, invitation.cancelled_at) == (nonce, None)
    assert [message for message in mailoutbox if message.to == [invitation.email]] == []


def test_a_visa_officer_may_download_the_letter(client):
    world = World(status=AccreditationStatus.ACCREDITED)
    client.force_login(StaffUserFactory(group="Visa officers"))

    response = client.get(reverse("letter_download", kwargs={"public_id": world.letter.public_id}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("token", ["not-a-token", "x" * 300])
def test_an_invalid_invitation_token_answers_404(client, token):
    World(status=AccreditationStatus.ACCREDITED)

    response = client.get(reverse("delegate:invitation", kwargs={"token": token}))

    assert response.status_code == 404


def test_a_used_invitation_token_answers_404(client):
    world = World(status=AccreditationStatus.ACCREDITED)
    path = reverse("delegate:invitation", kwargs={"token": invitation_token(world.invitee)})
    accepted = client.post(
        path, {"password1": "a long unusual passphrase 42", "password2": "a long unusual passphrase 42"}
    )
    client.logout()

    again = client.get(path)

    assert (accepted.status_code, again.status_code) == (302, 404)
