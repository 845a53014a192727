"""Every portal form, fed by hypothesis through the real views with the Django test client.

Two properties for each: the answer is never a server error (the form comes back, 200, or the
change is made and the browser is sent on, 302), and a refused submission leaves nothing behind
(no row, no file). The database is rolled back per test, not per example, so each example makes
its own organization where state matters and the assertions are on deltas.
"""

import io
import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from accreditation.enums import AccreditationStatus, Basis, DelegateStatus, DocumentKind, StakeholderType
from accreditation.models import (
    Accreditation,
    AccreditationDocument,
    Delegate,
    FocalPointInvitation,
    Membership,
    Organization,
)
from accreditation.services.focal_point_invitations import focal_point_invitation_token
from accreditation.services.invitations import delegate_invite, invitation_token
from imrf.models import User
from tests.factories import (
    PASSWORD,
    AccreditationFactory,
    DelegateFactory,
    FocalPointInvitationFactory,
    MembershipFactory,
    UserFactory,
    image_bytes,
    organization_form_data,
    pdf_bytes,
)
from tests.helpers import private_files

pytestmark = pytest.mark.django_db

fuzz = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Any Unicode a browser can send: control characters and NUL included, lone surrogates not
# (they cannot be encoded as UTF-8).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
ANY_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.text(st.characters(max_codepoint=0x1F), max_size=5),  # nothing but control characters
    st.text(ANY_CHAR, min_size=250, max_size=320),
    st.builds(lambda char, count: char * count, ANY_CHAR, st.integers(0, 5000)),
)
EMAILS = st.one_of(st.emails(), ANY_TEXT)
DATES = st.one_of(st.dates().map(date.isoformat), ANY_TEXT)
NUMBERS = st.one_of(st.integers(-(10**6), 10**6).map(str), ANY_TEXT)


def _choice(values) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([str(value) for value in values]), ANY_TEXT)


CHECKBOX = st.sampled_from(["on", "", "false", "0", None])


def _form(base: dict, overrides: dict) -> dict:
    """A valid submission with some fields replaced (``None`` drops the field)."""
    merged = {**base, **overrides}
    return {name: value for name, value in merged.items() if value is not None}


def _image(width: int, height: int, fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 60)).save(buffer, format=fmt)
    return buffer.getvalue()


def _status_ok(response) -> None:
    """200 or 302 — and exactly 400 when a field carried a NUL byte: such a request is refused as
    a whole before any view (imrf.middleware.NulByteMiddleware), so nothing can change."""
    posted = response.wsgi_request.POST
    nul = any("\x00" in key or any("\x00" in value for value in values) for key, values in posted.lists())
    assert response.status_code in ({400} if nul else {200, 302}), response.status_code


# Organization: create and edit ----------------------------------------------------------------

ORGANIZATION_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "name": ANY_TEXT,
        "acronym": ANY_TEXT,
        "stakeholder_type": _choice(StakeholderType.values),
        "country": _choice(["KE", "FR", "ZZ", ""]),
        "city": ANY_TEXT,
        "website": st.one_of(st.sampled_from(["example.org", "https://example.org/a?b=c", "ftp://x"]), ANY_TEXT),
        "email": EMAILS,
        "phone": ANY_TEXT,
        "migration_work": ANY_TEXT,
        "head_name": ANY_TEXT,
        "head_title": ANY_TEXT,
        "year_founded": NUMBERS,
        "is_registered": CHECKBOX,
        "registration_number": ANY_TEXT,
        "registration_explanation": ANY_TEXT,
    },
)


def _organization_base() -> dict:
    return organization_form_data(name=f"Fuzzed Association {uuid.uuid4().hex[:8]}", acronym="FA")


@fuzz
@given(overrides=ORGANIZATION_FIELDS)
@example(overrides={"name": "\x01"})  # only a control character: the form strips it to nothing
@example(overrides={"head_name": " \x7f "})
def test_organization_create_never_fails_and_never_half_saves(client, forum, overrides):
    user = UserFactory()
    client.force_login(user)
    organizations = Organization.objects.count()

    response = client.post(reverse("portal:organization_new"), _form(_organization_base(), overrides))

    _status_ok(response)
    if response.status_code == 302:
        assert Organization.objects.count() == organizations + 1
        assert Membership.objects.filter(user=user).count() == 1
    else:
        assert Organization.objects.count() == organizations
        assert not Membership.objects.filter(user=user).exists()


@fuzz
@given(overrides=ORGANIZATION_FIELDS)
@example(overrides={"city": "\x00"})
@example(overrides={"migration_work": "\x1b\x1b"})
def test_organization_edit_never_fails_and_leaves_the_profile_unchanged_when_refused(client, forum, overrides):
    membership = MembershipFactory()
    organization = membership.organization
    client.force_login(membership.user)
    before = model_to_dict(Organization.objects.get(pk=organization.pk))

    response = client.post(reverse("portal:organization_edit"), _form(_organization_base(), overrides))

    _status_ok(response)
    if response.status_code == 200:
        assert model_to_dict(Organization.objects.get(pk=organization.pk)) == before


# Application: save and submit -----------------------------------------------------------------

APPLICATION_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "basis": _choice(Basis.values),
        "ecosoc_category": _choice(["general", "special", "roster", ""]),
        "ecosoc_year": NUMBERS,
        "reason_for_participation": ANY_TEXT,
        "submit": st.sampled_from(["", "1", None]),
    },
)


@fuzz
@given(overrides=APPLICATION_FIELDS, existing=st.sampled_from([None, "draft", "info_requested", "submitted"]))
@example(overrides={"basis": "gcm", "submit": "1"}, existing=None)
@example(overrides={"basis": "special", "submit": "1", "reason_for_participation": "\x00"}, existing="draft")
def test_application_save_and_submit_never_fail_or_half_save(client, forum, overrides, existing):
    membership = MembershipFactory()
    accreditation = None
    if existing is not None:
        accreditation = AccreditationFactory(organization=membership.organization, forum=forum, status=existing)
    before = model_to_dict(accreditation) if accreditation else None
    client.force_login(membership.user)
    base = {"basis": Basis.SPECIAL, "reason_for_participation": "To be heard."}

    response = client.post(reverse("portal:application"), _form(base, overrides))

    _status_ok(response)
    saved = Accreditation.objects.filter(organization=membership.organization).first()
    if response.status_code == 400:
        assert (model_to_dict(saved) if saved else None) == before
    elif response.status_code == 200:
        if "submit" not in overrides or overrides["submit"] is None:
            # A refused draft: nothing was created or changed.
            assert (model_to_dict(saved) if saved else None) == before
        else:
            # A refused submission: at most the draft was saved, never sent.
            assert saved is None or saved.status in AccreditationStatus.EDITABLE
    elif existing in {None, "draft", "info_requested"}:
        assert saved is not None


# Documents ------------------------------------------------------------------------------------

FILE_NAMES = st.one_of(
    st.sampled_from(["statutes.pdf", "photo.jpg", "scan.png", "evil.exe", "a" * 300 + ".pdf", "../../etc/passwd"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='\r\n"\\/\x00'), min_size=1, max_size=80),
)
FILE_CONTENTS = st.one_of(
    st.just(b""),
    st.binary(max_size=2048),
    st.binary(max_size=512).map(lambda body: b"%PDF-1.7\n" + body),  # PDF-looking garbage, no end
    st.binary(max_size=512).map(lambda body: b"%PDF-" + body + b"\n%%EOF\n"),  # passes the cheap check
    st.binary(max_size=512).map(lambda body: b"\xff\xd8\xff" + body),  # a JPEG header and garbage
    st.binary(max_size=512).map(lambda body: b"\x89PNG\r\n\x1a\n" + body),
    st.just(pdf_bytes()),
    st.sampled_from(["JPEG", "PNG"]).map(lambda fmt: image_bytes(size=(40, 30), fmt=fmt)),
)


@fuzz
@given(
    kind=_choice(DocumentKind.values),
    name=FILE_NAMES,
    content=FILE_CONTENTS,
    content_type=st.sampled_from(["application/pdf", "image/png", "application/octet-stream", "text/html"]),
)
@example(kind="statutes", name="x.pdf", content=b"", content_type="application/pdf")
@example(kind="statutes", name="x.pdf", content=b"%PDF-garbage", content_type="application/pdf")
def test_document_upload_never_fails_and_leaves_no_row_or_file_when_refused(
    client, forum, kind, name, content, content_type
):
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, draft=True)
    client.force_login(membership.user)
    documents = AccreditationDocument.objects.count()
    files = private_files()

    response = client.post(
        reverse("portal:document_new"),
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )

    _status_ok(response)
    if response.status_code == 302:
        assert accreditation.documents.count() == 1
        assert len(private_files() - files) == 1
    else:
        assert AccreditationDocument.objects.count() == documents
        assert private_files() == files


# Focal points ---------------------------------------------------------------------------------


@fuzz
@given(
    pick=st.sampled_from(["free", "unverified", "taken", "self", "upper", "random"]),
    typed=EMAILS,
    name=st.one_of(st.none(), ANY_TEXT),
)
@example(pick="random", typed="\x00@example.org", name=None)
@example(pick="free", typed="", name="\x00")
def test_focal_point_invitation_never_fails_and_adds_nobody(client, forum, pick, typed, name):
    membership = MembershipFactory()
    candidates = {
        "free": UserFactory().email,
        "unverified": UserFactory(verified=False).email,
        "taken": MembershipFactory().user.email,
        "self": membership.user.email,
        "upper": UserFactory().email.upper(),
        "random": typed,
    }
    client.force_login(membership.user)
    memberships = Membership.objects.count()
    invitations = FocalPointInvitation.objects.count()
    data = {"email": candidates[pick]} if name is None else {"email": candidates[pick], "name": name}

    response = client.post(reverse("portal:focal_points"), data)

    _status_ok(response)
    # The form only invites: the person becomes a focal point by accepting, never here.
    assert Membership.objects.count() == memberships
    expected = invitations + 1 if response.status_code == 302 else invitations
    assert FocalPointInvitation.objects.count() == expected
    if pick in {"free", "unverified", "taken", "upper"} and name is None:
        assert response.status_code == 302
    if pick == "self":
        assert response.status_code in {200, 400}  # told so (or a NUL byte refused before the view)


@fuzz
@given(decision=st.one_of(st.none(), st.sampled_from(["accept", "decline"]), ANY_TEXT))
@example(decision="accept\x00")
def test_answering_a_focal_point_invitation_never_fails(client, forum, decision):
    invitation = FocalPointInvitationFactory()
    person = UserFactory(email=invitation.email)
    client.force_login(person)
    path = reverse("portal:focal_point_invitation", kwargs={"token": focal_point_invitation_token(invitation)})

    data = {} if decision is None else {"decision": decision}

    response = client.post(path, data)

    _status_ok(response)
    invitation.refresh_from_db()
    assert Membership.objects.filter(user=person).exists() is (decision == "accept")
    assert (invitation.accepted_at is not None, invitation.declined_at is not None) == (
        decision == "accept",
        decision == "decline",
    )


# Nomination -----------------------------------------------------------------------------------

# A photo is described, not given, so a failing example prints short: ("image", width, height,
# format) is a real image of that size; ("bytes", content) is whatever the bytes are.
PHOTOS = st.one_of(
    st.none(),
    st.binary(max_size=1024).map(lambda content: ("bytes", content)),
    st.binary(max_size=512).map(lambda body: ("bytes", b"\xff\xd8\xff" + body)),
    st.tuples(st.just("image"), st.integers(1, 700), st.integers(1, 700), st.sampled_from(["JPEG", "PNG"])),
)


def _photo(described) -> bytes:
    return described[1] if described[0] == "bytes" else _image(*described[1:])


NOMINATION_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "family_name": ANY_TEXT,
        "given_names": ANY_TEXT,
        "date_of_birth": DATES,
        "gender": _choice(["female", "male", "other", "undisclosed", ""]),
        "nationality": _choice(["GH", "KE", "ZZ", ""]),
        "country_of_residence": _choice(["GH", "US", ""]),
        "email": EMAILS,
        "phone": ANY_TEXT,
        "job_title": ANY_TEXT,
        "modality": _choice(["in_person", "virtual"]),
        "is_head_of_delegation": CHECKBOX,
        "accessibility_needs": ANY_TEXT,
    },
)


@fuzz
@given(overrides=NOMINATION_FIELDS, photo=PHOTOS, born=st.dates(date(1930, 1, 1), date(2000, 1, 1)))
@example(overrides={"family_name": "\x01"}, photo=("image", 300, 300, "JPEG"), born=date(1980, 1, 1))
@example(overrides={"given_names": "\x00"}, photo=("image", 300, 300, "JPEG"), born=date(1980, 1, 1))
@example(overrides={"date_of_birth": "0001-01-01"}, photo=("image", 300, 300, "PNG"), born=date(1980, 1, 1))
@example(overrides={"date_of_birth": "9999-12-31"}, photo=("image", 300, 300, "PNG"), born=date(1980, 1, 1))
@example(overrides={"date_of_birth": "2000-02-30"}, photo=("image", 300, 300, "PNG"), born=date(1980, 1, 1))
@example(overrides={}, photo=("image", 299, 700, "PNG"), born=date(1980, 1, 1))
@example(overrides={}, photo=("bytes", b"\xff\xd8\xff"), born=date(1980, 1, 1))
def test_nomination_never_fails_and_creates_no_delegate_when_refused(client, forum, overrides, photo, born):
    # Whether a refused nomination leaves its photo file behind is the dedicated test below:
    # a random draw reaching that case would make this one fail only sometimes.
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)
    delegates = Delegate.objects.count()
    base = {
        "family_name": f"Mensah {uuid.uuid4().hex[:6]}",
        "given_names": "Kofi",
        "date_of_birth": born.isoformat(),
        "nationality": "GH",
        "country_of_residence": "GH",
        "email": "kofi@example.org",
        "modality": "in_person",
        "privacy_consent": "on",
    }
    data = _form(base, overrides)
    if photo is not None:
        data["photo"] = SimpleUploadedFile("photo.jpg", _photo(photo), content_type="image/jpeg")

    response = client.post(reverse("portal:nominate"), data)

    _status_ok(response)
    if response.status_code == 302:
        assert Delegate.objects.count() == delegates + 1
        assert accreditation.delegates.get().slot == 1
    else:
        assert Delegate.objects.count() == delegates


@pytest.mark.parametrize(
    "family_name",
    [
        "\x01",  # the form strips the control character after its required check; the service refuses ""
        "\x1b\x7f",
    ],
)
def test_a_nomination_refused_by_the_service_leaves_no_photo_file(client, forum, family_name):
    membership = MembershipFactory()
    AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)
    files = private_files()

    response = client.post(
        reverse("portal:nominate"),
        {
            "family_name": family_name,
            "given_names": "Kofi",
            "date_of_birth": "1980-05-17",
            "nationality": "GH",
            "country_of_residence": "GH",
            "email": "kofi@example.org",
            "modality": "in_person",
            "privacy_consent": "on",
            "photo": SimpleUploadedFile("photo.jpg", image_bytes(), content_type="image/jpeg"),
        },
    )

    assert response.status_code == 200
    assert Delegate.objects.count() == 0
    assert private_files() - files == set()


# Withdrawals ----------------------------------------------------------------------------------

WITHDRAW_FIELDS = st.fixed_dictionaries({}, optional={"reason": ANY_TEXT, "confirm": CHECKBOX})


@fuzz
@given(overrides=WITHDRAW_FIELDS, status=st.sampled_from(["draft", "submitted", "info_requested", "non_objection"]))
@example(overrides={"reason": "\x00", "confirm": "on"}, status="submitted")
@example(overrides={"reason": "x" * 2001, "confirm": "on"}, status="draft")
def test_application_withdraw_never_fails_and_changes_nothing_when_refused(client, forum, overrides, status):
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, status=status)
    client.force_login(membership.user)

    response = client.post(reverse("portal:application_withdraw"), _form({"confirm": "on"}, overrides))

    _status_ok(response)
    accreditation.refresh_from_db()
    expected = AccreditationStatus.WITHDRAWN if response.status_code == 302 else status
    assert accreditation.status == expected


@fuzz
@given(overrides=WITHDRAW_FIELDS)
@example(overrides={"reason": "\x00", "confirm": "on"})
def test_representative_withdraw_never_fails_and_keeps_the_slot_when_refused(client, forum, overrides):
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    delegate = DelegateFactory(accreditation=accreditation)
    client.force_login(membership.user)

    response = client.post(
        reverse("portal:delegate_withdraw", kwargs={"public_id": delegate.public_id}),
        _form({"confirm": "on"}, overrides),
    )

    _status_ok(response)
    delegate.refresh_from_db()
    expected = DelegateStatus.WITHDRAWN if response.status_code == 302 else DelegateStatus.APPROVED
    assert delegate.status == expected


# Invitation -----------------------------------------------------------------------------------

PASSWORDS = st.one_of(
    ANY_TEXT,
    st.sampled_from(["", "password", "password1234", PASSWORD, "a long unusual passphrase 42", "é" * 129]),
)


@fuzz
@given(first=PASSWORDS, second=PASSWORDS, same=st.booleans())
@example(first="a long unusual passphrase 42", second="", same=True)
@example(first="\x00" * 20, second="", same=True)
def test_invitation_accept_never_fails_and_creates_no_account_when_refused(client, forum, first, second, same):
    accreditation = AccreditationFactory(forum=forum, accredited=True)
    delegate = DelegateFactory(accreditation=accreditation, nominated=True, email=f"{uuid.uuid4().hex}@example.org")
    with transaction.atomic():
        delegate_invite(delegate=delegate, actor=None)
    delegate.refresh_from_db()
    nonce = delegate.invitation_nonce
    client.logout()
    users = User.objects.count()

    response = client.post(
        reverse("delegate:invitation", kwargs={"token": invitation_token(delegate)}),
        {"password1": first, "password2": first if same else second},
    )

    _status_ok(response)
    delegate.refresh_from_db()
    if response.status_code == 302:
        assert User.objects.count() == users + 1
        assert (delegate.user.email, delegate.invitation_nonce) == (delegate.email, "")
    else:
        assert User.objects.count() == users
        assert (delegate.user_id, delegate.invitation_nonce) == (None, nonce)
