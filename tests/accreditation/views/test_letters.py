"""Visa letter pages (accreditation.views.letters and the letters admin): who reaches the
delegate's letter pages and the PDF, the request form's errors beside their fields, the public
verification (what it shows, what it hides, what it refuses to tell apart, its rate limit),
and the Visa officers' bulk decisions and ZIP download."""

import html
import io
import re
import zipfile
from datetime import date, timedelta

import pypdf
import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accreditation.enums import DelegateStatus, ParticipationModality, VisaLetterStatus, VisaOutcome
from accreditation.models import Delegate, VisaLetter
from accreditation.services.letters import visa_letter_issue, visa_letter_reissue
from imrf.models import ActivityLog
from tests.factories import (
    ActiveForumFactory,
    DelegateFactory,
    ForumFactory,
    MembershipFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
)
from tests.helpers import assert_no_passport_number_logged, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

PASSPORT = "X98765432"
MASKED = "•••••5432"
BORN = date(1985, 3, 14)
VISA = "Visa officers"
OTHER_GROUPS = ["Viewers", "Accreditation officers", "Programme managers"]


@pytest.fixture(autouse=True)
def _no_passport_number_in_the_audit_log(db):
    """After every test: no ActivityLog row these pages wrote carries a passport number."""
    yield
    assert_no_passport_number_logged(PASSPORT, "x98 765 432")


@pytest.fixture
def forum():
    return ActiveForumFactory(short_name="IMRF2030", starts_on=date(2030, 5, 5), ends_on=date(2030, 5, 8))


@pytest.fixture
def delegate(forum):
    return DelegateFactory(
        accreditation__forum=forum,
        with_user=True,
        family_name="Nguyễn",
        given_names="Thị Ánh",
        nationality="VN",
        date_of_birth=BORN,
    )


@pytest.fixture
def letter(delegate):
    return VisaLetterFactory(delegate=delegate, issued=True, passport_number=PASSPORT)


def _cache_directives(response) -> set[str]:
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def _login_redirect(response, path: str) -> bool:
    return (
        response.status_code == 302
        and response["Location"].startswith(f"{reverse('account_login')}?next=")
        and (path in html.unescape(response["Location"]).replace("%2F", "/"))
    )


# --- who reaches the PDF -------------------------------------------------------------------------


def _people(letter) -> dict:
    """Everyone who might ask for the letter, by role."""
    organization = letter.delegate.accreditation.organization
    return {
        "the delegate": letter.delegate.user,
        "a focal point of the organization": MembershipFactory(organization=organization).user,
        "a Visa officer": StaffUserFactory(group=VISA),
        "another delegate": DelegateFactory(accreditation__forum=letter.forum, with_user=True).user,
        "another delegate of the same organization": DelegateFactory(
            accreditation=letter.delegate.accreditation, with_user=True
        ).user,
        "a focal point of another organization": MembershipFactory().user,
        "a signed-up user": UserFactory(),
        **{f"a member of {group}": StaffUserFactory(group=group) for group in OTHER_GROUPS},
    }


ALLOWED = {"the delegate", "a focal point of the organization", "a Visa officer"}


def test_letter_download_answers_only_the_delegate_focal_points_and_visa_officers(client, letter):
    url = reverse("letter_download", kwargs={"public_id": letter.public_id})

    statuses = {}
    for role, user in _people(letter).items():
        client.force_login(user)
        statuses[role] = client.get(url).status_code
        client.logout()

    assert statuses == {role: 200 if role in ALLOWED else 404 for role in statuses}
    downloads = ActivityLog.objects.filter(action="visa_letter.downloaded", object_id=str(letter.pk))
    assert downloads.count() == len(ALLOWED)


def test_letter_download_sends_anonymous_visitors_to_sign_in(client, letter):
    url = reverse("letter_download", kwargs={"public_id": letter.public_id})

    response = client.get(url)

    assert _login_redirect(response, url)
    assert not ActivityLog.objects.filter(action="visa_letter.downloaded").exists()


def test_letter_download_is_a_pdf_attachment_never_cached_and_logged_per_download(client, letter):
    client.force_login(letter.delegate.user)
    url = reverse("letter_download", kwargs={"public_id": letter.public_id})

    responses = [client.get(url), client.get(url)]

    for response in responses:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Disposition"] == 'attachment; filename="visa-letter-IMRF2030-000001.pdf"'
        assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages) == 1
    entries = ActivityLog.objects.filter(action="visa_letter.downloaded")
    assert [(entry.actor, entry.object_id, entry.data) for entry in entries] == [
        (letter.delegate.user, str(letter.pk), {})
    ] * 2


@pytest.mark.parametrize("trait", ["requested", "revoked", "declined"])
def test_only_an_issued_letter_can_be_downloaded(client, delegate, trait):
    letter = VisaLetterFactory(delegate=delegate, **({} if trait == "requested" else {trait: True}))
    client.force_login(delegate.user)

    response = client.get(reverse("letter_download", kwargs={"public_id": letter.public_id}))

    assert response.status_code == 404


# --- the delegate's own pages --------------------------------------------------------------------


def _outsiders(letter) -> dict:
    """Signed-in people who are not a delegate of the active forum."""
    return {
        "a focal point of the organization": MembershipFactory(
            organization=letter.delegate.accreditation.organization
        ).user,
        "a Visa officer": StaffUserFactory(group=VISA),
        **{f"a member of {group}": StaffUserFactory(group=group) for group in OTHER_GROUPS},
    }


@pytest.mark.parametrize(
    ("name", "method"),
    [("delegate:letter", "get"), ("delegate:letter_outcome", "post"), ("delegate:switch_to_virtual", "get")],
)
def test_delegate_letter_pages_answer_404_to_everyone_but_a_delegate(client, letter, name, method):
    url = reverse(name)

    statuses = {}
    for role, user in _outsiders(letter).items():
        client.force_login(user)
        statuses[role] = getattr(client, method)(url, {"outcome": VisaOutcome.REFUSED}).status_code
        client.logout()

    assert set(statuses.values()) == {404}
    letter.refresh_from_db()
    assert (letter.visa_outcome, letter.delegate.modality) == (VisaOutcome.PENDING, ParticipationModality.IN_PERSON)


@pytest.mark.parametrize(
    ("name", "method"),
    [("delegate:letter", "get"), ("delegate:letter_outcome", "post"), ("delegate:switch_to_virtual", "get")],
)
def test_delegate_letter_pages_send_anonymous_visitors_to_sign_in(client, letter, name, method):
    url = reverse(name)

    response = getattr(client, method)(url, {"outcome": VisaOutcome.REFUSED})

    assert _login_redirect(response, url)


def test_letter_page_shows_the_delegate_their_letter_masked(client, letter):
    client.force_login(letter.delegate.user)

    response = client.get(reverse("delegate:letter"))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    text = text_of(response)
    assert f"Reference {letter.reference}" in text
    assert f"Passport {MASKED}" in text
    assert PASSPORT not in response.content.decode()
    assert reverse("letter_download", kwargs={"public_id": letter.public_id}) in response.content.decode()


def test_another_delegate_sees_only_their_own_letter_page(client, letter):
    other = DelegateFactory(accreditation__forum=letter.forum, with_user=True)
    client.force_login(other.user)

    page = client.get(reverse("delegate:letter"))
    outcome = client.post(reverse("delegate:letter_outcome"), {"outcome": VisaOutcome.REFUSED})

    assert page.status_code == 200
    assert letter.reference not in page.content.decode()
    assert MASKED not in page.content.decode()
    assert outcome.status_code == 404
    assert VisaLetter.objects.get(pk=letter.pk).visa_outcome == VisaOutcome.PENDING


def test_delegate_reports_the_visa_outcome(client, letter):
    client.force_login(letter.delegate.user)

    response = client.post(reverse("delegate:letter_outcome"), {"outcome": VisaOutcome.REFUSED})

    assert response.status_code == 302
    assert response["Location"] == reverse("delegate:letter")
    assert VisaLetter.objects.get(pk=letter.pk).visa_outcome == VisaOutcome.REFUSED
    page = client.get(reverse("delegate:letter"))
    assert reverse("delegate:switch_to_virtual") in page.content.decode()


def test_letter_outcome_refuses_get(client, letter):
    client.force_login(letter.delegate.user)

    assert client.get(reverse("delegate:letter_outcome")).status_code == 405


def test_delegate_switches_to_virtual_and_keeps_the_slot(client, letter):
    delegate = letter.delegate
    client.force_login(delegate.user)

    confirm = client.get(reverse("delegate:switch_to_virtual"))
    response = client.post(reverse("delegate:switch_to_virtual"), {"confirm": "on"})

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("delegate:home")
    stored = Delegate.objects.get(pk=delegate.pk)
    assert (stored.status, stored.slot, stored.modality) == (
        DelegateStatus.APPROVED,
        delegate.slot,
        ParticipationModality.VIRTUAL,
    )
    assert client.get(reverse("delegate:switch_to_virtual")).status_code == 404


def test_switch_to_virtual_needs_the_confirmation(client, letter):
    client.force_login(letter.delegate.user)

    # What a browser sends when the box is left unticked: only the CSRF token.
    response = client.post(reverse("delegate:switch_to_virtual"), {"csrfmiddlewaretoken": "token"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"confirm": ["This field is required."]}
    assert Delegate.objects.get(pk=letter.delegate.pk).modality == ParticipationModality.IN_PERSON


# --- the request form ----------------------------------------------------------------------------


def _form_data(**overrides) -> dict:
    return {
        "passport_number": "x98 765 432",
        "passport_issuing_country": "VN",
        "passport_issued_on": "2022-01-10",
        "passport_expires_on": "2032-01-09",
        "place_of_birth": "Hà Nội",
        "consulate_country": "KE",
        "consulate_city": "Nairobi",
        "arrival_on": "2030-05-03",
        "departure_on": "2030-05-09",
        "language": "fr",
        **overrides,
    }


def _field_groups(response) -> dict[str, str]:
    """Each form field's block (label, help, errors, input) as text, by field name."""
    page = response.content.decode()
    form = page[page.index('<section aria-labelledby="form-title"') :]
    groups = {}
    for block in form.split('<div class="mb-3')[1:]:
        found = re.search(r'name="([a-z_]+)"', block)
        if found:
            groups[found.group(1)] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())
    return groups


@pytest.fixture
def requester(client, delegate, settings):
    settings.VISA_TRAVEL_WINDOW_DAYS = 7
    client.force_login(delegate.user)
    return delegate


def test_request_form_sends_the_request(client, requester):
    response = client.post(reverse("delegate:letter"), _form_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("delegate:letter")
    letter = VisaLetter.objects.get(delegate=requester)
    assert (letter.status, letter.passport_number, letter.language) == (VisaLetterStatus.REQUESTED, PASSPORT, "fr")
    page = client.get(reverse("delegate:letter"))
    assert "Your request" in text_of(page)
    assert "Request a letter" not in text_of(page)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"passport_number": "X98-765"},
            "passport_number",
            "Enter the passport number as printed: 5 to 20 letters and digits.",
        ),
        (
            {"passport_expires_on": "2030-11-07"},
            "passport_expires_on",
            "The passport must be valid until at least Nov. 8, 2030 (six months after the forum ends).",
        ),
        (
            {"passport_issued_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "passport_issued_on",
            "The date of issue must be in the past and before the expiry date.",
        ),
        ({"arrival_on": "2030-04-27"}, "arrival_on", "Arrival must be between April 28, 2030 and May 8, 2030."),
        (
            {"departure_on": "2030-05-16"},
            "departure_on",
            "Departure must be after arrival, between May 5, 2030 and May 15, 2030.",
        ),
        ({"place_of_birth": "   "}, "place_of_birth", "This field is required."),
        ({"consulate_city": ""}, "consulate_city", "This field is required."),
        ({"arrival_on": "2030-05-32"}, "arrival_on", "Enter a valid date."),
    ],
)
def test_request_form_shows_each_error_beside_its_field(client, requester, overrides, field, message):
    response = client.post(reverse("delegate:letter"), _form_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    groups = _field_groups(response)
    assert message in groups[field]
    assert [name for name, text in groups.items() if message in text] == [field]
    assert not VisaLetter.objects.filter(delegate=requester).exists()


def test_request_form_is_gone_after_the_deadline(client, requester, forum):
    forum.visa_requests_close_at = timezone.now() - timedelta(seconds=1)
    forum.save(update_fields=["visa_requests_close_at"])

    page = client.get(reverse("delegate:letter"))
    response = client.post(reverse("delegate:letter"), _form_data())

    assert "Requests for visa support letters are closed." in text_of(page)
    assert 'name="passport_number"' not in page.content.decode()
    assert response.status_code == 302
    assert not VisaLetter.objects.filter(delegate=requester).exists()


@pytest.mark.parametrize(
    ("traits", "letter", "says"),
    [
        ({"virtual": True}, None, "You participate virtually and need no visa support letter."),
        ({"nominated": True}, None, "You can request a letter once your registration is approved."),
        ({}, "requested", "A Visa officer of the Secretariat will issue the letter"),
        ({}, "issued", "Download the letter (PDF)"),
    ],
)
def test_request_form_is_offered_only_to_an_approved_in_person_delegate_without_an_open_letter(
    client, forum, traits, letter, says
):
    delegate = DelegateFactory(accreditation__forum=forum, with_user=True, **traits)
    if letter:
        VisaLetterFactory(delegate=delegate, issued=letter == "issued")
    client.force_login(delegate.user)

    page = client.get(reverse("delegate:letter"))
    response = client.post(reverse("delegate:letter"), _form_data())

    assert says in text_of(page)
    assert 'name="passport_number"' not in page.content.decode()
    assert response.status_code == 302
    assert VisaLetter.objects.filter(delegate=delegate).count() == (1 if letter else 0)


# --- verification by token -----------------------------------------------------------------------


def _date_forms(day: date) -> list[str]:
    return [day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%m/%d/%Y"), "March 14", "14 March", "1985"]


def _assert_discreet(response) -> None:
    body = response.content.decode()
    assert PASSPORT not in body
    assert "98765432" not in body
    for form in _date_forms(BORN):
        assert form not in body, form


def test_verification_of_a_valid_letter_shows_name_nationality_and_masked_passport(client, letter):
    response = client.get(reverse("verify_token", kwargs={"token": letter.verification_token}))

    assert response.status_code == 200
    text = text_of(response)
    assert "Valid" in text
    assert "Thị Ánh NGUYỄN" in text
    assert "Nationality Vietnam" in text
    assert f"Passport {MASKED}" in text
    assert f"Reference {letter.reference}" in text
    assert "no-store" in _cache_directives(response)
    _assert_discreet(response)


def test_verification_of_a_revoked_letter_says_revoked(client, delegate):
    letter = VisaLetterFactory(delegate=delegate, revoked=True, passport_number=PASSPORT)

    response = client.get(reverse("verify_token", kwargs={"token": letter.verification_token}))

    assert response.status_code == 200
    text = text_of(response)
    assert "Revoked" in text
    assert "Valid " not in text
    assert "Thị Ánh NGUYỄN" in text
    _assert_discreet(response)


@pytest.mark.parametrize("token", ["not-a-token", "x" * 65, "A" * 43])
def test_verification_of_an_unknown_token_says_not_found(client, letter, token):
    response = client.get(reverse("verify_token", kwargs={"token": token}))

    assert response.status_code == 404
    text = text_of(response)
    assert "Not found" in text
    assert "NGUYỄN" not in text
    assert MASKED not in text


# --- verification by reference and passport number -----------------------------------------------


def _verify(client, reference: str, passport: str):
    return client.post(reverse("verify"), {"reference": reference, "passport_number": passport})


def _without_csrf(response) -> bytes:
    return re.sub(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">', b"", response.content)


def test_verification_form_accepts_reference_and_passport_in_any_case_and_spacing(client, letter):
    response = _verify(client, " imrf2030-000001 ", "x98 765 432")

    assert response.status_code == 200
    text = text_of(response)
    assert "Valid" in text
    assert "Thị Ánh NGUYỄN" in text
    assert f"Passport {MASKED}" in text
    _assert_discreet(response)


def test_unknown_reference_and_wrong_passport_get_the_same_answer(client, letter):
    unknown = _verify(client, "IMRF2030-999999", PASSPORT)
    wrong = _verify(client, letter.reference, "X98765433")

    assert (unknown.status_code, wrong.status_code) == (404, 404)
    assert _without_csrf(unknown) == _without_csrf(wrong)
    assert dict(unknown.headers.items()).keys() == dict(wrong.headers.items()).keys()
    assert "Not found" in text_of(wrong)
    assert "NGUYỄN" not in text_of(wrong)


def test_verification_form_finds_nothing_for_a_letter_not_yet_issued(client, delegate):
    VisaLetterFactory(delegate=delegate, passport_number=PASSPORT)

    response = _verify(client, "IMRF2030-000001", PASSPORT)

    assert response.status_code == 404


# --- rate limits ---------------------------------------------------------------------------------


def test_verification_form_is_rate_limited_per_client(client, letter):
    answers = [_verify(client, letter.reference, "X00000000").status_code for _attempt in range(20)]

    limited = _verify(client, letter.reference, PASSPORT)
    elsewhere = client.post(
        reverse("verify"), {"reference": letter.reference, "passport_number": PASSPORT}, REMOTE_ADDR="198.51.100.9"
    )

    assert answers == [404] * 20
    assert limited.status_code == 429
    assert limited["Retry-After"] == "600"
    assert "Too many attempts" in text_of(limited)
    assert "NGUYỄN" not in text_of(limited)
    assert elsewhere.status_code == 200


def test_verification_by_token_is_rate_limited(client, letter):
    url = reverse("verify_token", kwargs={"token": letter.verification_token})

    answers = [client.get(url).status_code for _attempt in range(60)]
    limited = client.get(url)

    assert answers == [200] * 60
    assert limited.status_code == 429
    assert "Too many attempts" in text_of(limited)
    assert "NGUYỄN" not in text_of(limited)


# --- the Visa officers' admin --------------------------------------------------------------------

CHANGELIST = "admin:accreditation_visaletter_changelist"


def _action(client, action: str, letters):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "index": 0, "_selected_action": [letter.pk for letter in letters]},
    )


def test_visa_officer_issues_letters_in_bulk_and_each_refusal_is_reported(client, forum):
    officer = StaffUserFactory(group=VISA)
    requested = [VisaLetterFactory(delegate__accreditation__forum=forum) for _index in range(3)]
    declined = VisaLetterFactory(delegate__accreditation__forum=forum, declined=True)
    client.force_login(officer)

    response = _action(client, "decide_issue", [*requested, declined])

    assert response.status_code == 302
    issued = VisaLetter.objects.filter(pk__in=[letter.pk for letter in requested]).order_by("sequence")
    assert [(letter.status, letter.sequence) for letter in issued] == [(VisaLetterStatus.ISSUED, n) for n in (1, 2, 3)]
    assert sorted(letter.reference for letter in issued) == ["IMRF2030-000001", "IMRF2030-000002", "IMRF2030-000003"]
    assert {letter.issued_by for letter in issued} == {officer}
    assert VisaLetter.objects.get(pk=declined.pk).status == VisaLetterStatus.DECLINED
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[0] == "Issue the letter: done for 3."
    assert len(shown) == 2
    assert shown[1].startswith(f"{declined}: ")


@pytest.mark.parametrize("group", OTHER_GROUPS)
def test_other_groups_cannot_issue_letters(client, forum, group):
    letter = VisaLetterFactory(delegate__accreditation__forum=forum)
    client.force_login(StaffUserFactory(group=group))

    _action(client, "decide_issue", [letter])

    assert VisaLetter.objects.get(pk=letter.pk).status == VisaLetterStatus.REQUESTED


def test_visa_officer_downloads_the_issued_letters_as_a_zip_of_pdfs_named_by_reference(client, forum):
    officer = StaffUserFactory(group=VISA)
    issued = [VisaLetterFactory(delegate__accreditation__forum=forum, issued=True) for _index in range(3)]
    requested = VisaLetterFactory(delegate__accreditation__forum=forum)
    client.force_login(officer)

    response = _action(client, "download_letters_zip", [*issued, requested])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in _cache_directives(response)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        members = {name: archive.read(name) for name in names}
    assert names == ["IMRF2030-000001.pdf", "IMRF2030-000002.pdf", "IMRF2030-000003.pdf"]
    for name, content in members.items():
        reader = pypdf.PdfReader(io.BytesIO(content))
        assert len(reader.pages) == 1
        assert f"Reference: {name.removesuffix('.pdf')}" in reader.pages[0].extract_text()
    entry = ActivityLog.objects.get(action="visa_letter.bulk_downloaded")
    assert (entry.actor, sorted(entry.data["references"])) == (officer, [name.removesuffix(".pdf") for name in names])


def test_the_change_page_shows_the_full_passport_only_to_visa_officers_and_logs_it(client, letter):
    url = reverse("admin:accreditation_visaletter_change", args=[letter.pk])
    pages = {}
    for group in [VISA, *OTHER_GROUPS]:
        client.force_login(StaffUserFactory(group=group))
        pages[group] = client.get(url)
        client.logout()

    for group, page in pages.items():
        assert page.status_code == 200, group
        assert (PASSPORT in page.content.decode()) is (group == VISA), group
        assert (MASKED in page.content.decode()) is (group != VISA), group
    viewed = ActivityLog.objects.filter(action="visa_letter.passport_viewed")
    assert [(entry.actor.groups.get().name, entry.object_id, entry.data) for entry in viewed] == [
        (VISA, str(letter.pk), {})
    ]


# --- letters are records: what a letter printed never changes ----------------------------------


def _main(response) -> str:
    """The page's answer: the text of its <main>, without the layout around it."""
    content = response.content.decode()
    return _text_of(content[content.index("<main") : content.index("</main>")])


def _text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _pdf_text(client, letter) -> str:
    response = client.get(reverse("letter_download", kwargs={"public_id": letter.public_id}))
    assert response.status_code == 200
    return " ".join(pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())


def _by_qr(client, letter):
    return client.get(reverse("verify_token", kwargs={"token": letter.verification_token}))


def test_an_issued_letter_is_unchanged_by_later_edits_of_what_it_printed(client, delegate, forum):
    officer = StaffUserFactory(group=VISA)
    letter = visa_letter_issue(
        letter=VisaLetterFactory(delegate=delegate, passport_number=PASSPORT, language="en"), actor=officer
    )
    client.force_login(officer)
    before = (
        _pdf_text(client, letter),
        _main(_by_qr(client, letter)),
        _main(_verify(client, letter.reference, PASSPORT)),
    )

    Delegate.objects.filter(pk=delegate.pk).update(
        family_name="Tran", given_names="Van Ba", date_of_birth=date(1990, 1, 2), nationality="KH"
    )
    organization = delegate.accreditation.organization
    organization.name = "A Renamed Organization"
    organization.save()
    forum.starts_on, forum.ends_on = date(2030, 9, 1), date(2030, 9, 4)
    forum.name, forum.venue, forum.signatory_name = "A Renamed Forum", "Another Venue", "Someone Else"
    forum.save()
    after = (
        _pdf_text(client, letter),
        _main(_by_qr(client, letter)),
        _main(_verify(client, letter.reference, PASSPORT)),
    )

    assert after == before
    pdf, by_qr, by_form = after
    assert "Full name: Thị Ánh NGUYỄN" in pdf
    assert "Date of birth: 14 March 1985" in pdf
    assert "Nationality: Vietnam" in pdf
    assert f"Organization: {organization.name}" not in pdf
    assert "on 5–8 May 2030." in pdf
    for text in (pdf, by_qr, by_form):
        for changed in ("TRAN", "Van Ba", "Cambodia", "A Renamed", "Another Venue", "Someone Else", "September"):
            assert changed not in text, changed
    assert by_qr == by_form
    assert "Full name Thị Ánh NGUYỄN Nationality Vietnam" in by_qr
    assert "It is valid until June 7, 2030." in by_qr


# --- verification: every state by both paths, before and after the purge ------------------------

VALID_UNTIL = "June 7, 2030"  # the forum ends on 8 May 2030; letters are valid 30 days more


def _state(response) -> str:
    return re.search(r'<p class="h4 mb-0">([^<]+)</p>', response.content.decode()).group(1)


def _both(client, letter, passport=PASSPORT):
    return _by_qr(client, letter), _verify(client, letter.reference, passport)


def test_a_valid_letter_says_valid_until_its_last_day_on_both_paths(client, letter):
    by_qr, by_form = _both(client, letter)

    assert (by_qr.status_code, by_form.status_code) == (200, 200)
    assert (_state(by_qr), _state(by_form)) == ("Valid", "Valid")
    assert _main(by_qr) == _main(by_form)
    assert (
        "Valid This letter was issued by the Secretariat and has not been revoked. It is valid until June 7, 2030. "
        f"Reference IMRF2030-000001 Forum {letter.forum_name} Full name Thị Ánh NGUYỄN Nationality Vietnam "
        f"Passport {MASKED} Valid until June 7, 2030 Verify another letter"
    ) in _main(by_qr)


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        # The last valid day ends at midnight at the venue (New York, UTC−4 in June).
        ("2030-06-08 03:59:59+00:00", "Valid"),
        ("2030-06-08 04:00:00+00:00", "Expired"),
        ("2031-01-01 12:00:00+00:00", "Expired"),
    ],
)
def test_a_letter_expires_after_its_last_valid_day_at_the_venue_on_both_paths(client, letter, moment, state):
    with freeze_time(moment):
        by_qr, by_form = _both(client, letter)

    assert (_state(by_qr), _state(by_form)) == (state, state)
    assert (by_qr.status_code, by_form.status_code) == (200, 200)
    assert _main(by_qr) == _main(by_form)
    if state == "Expired":
        assert (
            "Expired This letter was issued by the Secretariat and was valid until June 7, 2030. It is no longer "
            "valid. Reference IMRF2030-000001"
        ) in _main(by_qr)
        assert "Full name Thị Ánh NGUYỄN" in _main(by_qr)


def test_the_validity_follows_the_setting(client, letter, settings):
    settings.LETTER_VALID_DAYS_AFTER_FORUM = 0

    with freeze_time("2030-05-09 03:59:59+00:00"):
        last_day = [_state(response) for response in _both(client, letter)]
    with freeze_time("2030-05-09 04:00:00+00:00"):
        day_after = [_state(response) for response in _both(client, letter)]

    assert (last_day, day_after) == (["Valid", "Valid"], ["Expired", "Expired"])


def test_a_revoked_letter_says_revoked_on_both_paths_even_once_expired(client, delegate):
    letter = VisaLetterFactory(delegate=delegate, revoked=True, passport_number=PASSPORT)

    now = _both(client, letter)
    with freeze_time("2030-07-01"):
        later = _both(client, letter)

    assert [_state(response) for response in (*now, *later)] == ["Revoked"] * 4
    assert _main(now[0]) == _main(now[1]) == _main(later[0]) == _main(later[1])
    assert "Valid until" not in _main(now[0])
    assert "superseded" not in _main(now[0])


def test_a_superseded_letter_says_revoked_and_names_the_new_one_on_both_paths(client, letter):
    new = visa_letter_reissue(letter=letter, actor=StaffUserFactory(group=VISA), reason="Name corrected.")

    old_qr, old_form = _both(client, letter)
    new_qr, new_form = _both(client, new)

    assert [_state(response) for response in (old_qr, old_form, new_qr, new_form)] == [
        "Revoked",
        "Revoked",
        "Valid",
        "Valid",
    ]
    assert _main(old_qr) == _main(old_form)
    assert (
        "Revoked This letter was issued by the Secretariat and later revoked. It is no longer valid. "
        "It was superseded by a corrected letter, reference IMRF2030-000002. Reference IMRF2030-000001"
    ) in _main(old_qr)
    assert "Reference IMRF2030-000002" in _main(new_qr)


def test_unknown_reference_and_wrong_passport_get_the_same_answer_once_expired(client, letter):
    with freeze_time("2030-07-01"):
        unknown = _verify(client, "IMRF2030-999999", PASSPORT)
        wrong = _verify(client, letter.reference, "X98765433")

    assert (unknown.status_code, wrong.status_code) == (404, 404)
    assert _without_csrf(unknown) == _without_csrf(wrong)
    assert _state(wrong) == "Not found"


def _purge(forum) -> None:
    """The daily command, run the day after the forum's retention period (90 days) ended."""
    with freeze_time(forum.ends_on + timedelta(days=forum.retention_days + 1)):
        call_command("purge_personal_data", stdout=io.StringIO())


PURGED = (
    "Expired Letters for the {forum} are no longer valid: they have expired, and their holders' passport details "
    "have been erased as the privacy notice provides, so they can no longer be checked against a passport number."
)


@pytest.mark.parametrize("trait", ["issued", "revoked"])
def test_after_the_purge_both_paths_say_expired_and_show_no_holder(client, forum, delegate, trait):
    letter = VisaLetterFactory(delegate=delegate, passport_number=PASSPORT, **{trait: True})
    _purge(forum)

    by_qr = _by_qr(client, letter)
    by_form = _verify(client, letter.reference, PASSPORT)

    assert (by_qr.status_code, by_form.status_code) == (200, 200)
    assert (_state(by_qr), _state(by_form)) == ("Expired", "Expired")
    assert _main(by_qr) == (
        f"Verification of a visa support letter {PURGED.format(forum=forum.name)} "
        f"Reference {letter.reference} Forum {forum.name} Verify another letter"
    )
    assert _main(by_form) == (
        f"Verification of a visa support letter {PURGED.format(forum=forum.name)} Verify another letter"
    )
    for response in (by_qr, by_form):
        assert "NGUYỄN" not in response.content.decode()
        assert MASKED not in response.content.decode()


def test_after_the_purge_the_form_tells_no_reference_of_the_forum_from_another(client, forum, letter):
    other_forum = ForumFactory(short_name="IMRF2031", starts_on=date(2031, 5, 5), ends_on=date(2031, 5, 8))
    elsewhere = VisaLetterFactory(delegate__accreditation__forum=other_forum, issued=True, passport_number=PASSPORT)
    _purge(forum)

    answers = [
        _verify(client, letter.reference, PASSPORT),
        _verify(client, letter.reference, "X98765433"),
        _verify(client, "IMRF2030-999999", PASSPORT),
        _verify(client, "imrf2030-000002", "Z1234567"),
    ]
    unknown_elsewhere = _verify(client, "IMRF2031-999999", PASSPORT)
    wrong_elsewhere = _verify(client, elsewhere.reference, "X98765433")

    assert {response.status_code for response in answers} == {200}
    assert len({_without_csrf(response) for response in answers}) == 1
    assert _state(answers[0]) == "Expired"
    assert (unknown_elsewhere.status_code, wrong_elsewhere.status_code) == (404, 404)
    assert _without_csrf(unknown_elsewhere) == _without_csrf(wrong_elsewhere)
    assert _state(unknown_elsewhere) == "Not found"
    assert _state(_verify(client, elsewhere.reference, PASSPORT)) == "Valid"


def test_the_purge_erases_the_printed_date_of_birth_and_keeps_the_rest_of_the_record(forum, letter):
    _purge(forum)

    letter.refresh_from_db()
    assert (letter.holder_date_of_birth, letter.passport_number) == (None, "")
    assert (letter.holder_full_name, letter.holder_nationality, letter.reference) == (
        "Thị Ánh NGUYỄN",
        "VN",
        "IMRF2030-000001",
    )
    assert letter.verification_state() == "expired"


# --- reissue in the back office: only Visa officers ------------------------------------------------


def _decide_url(letter, name: str) -> str:
    return reverse("admin:accreditation_visaletter_decide", args=[letter.pk, name])


def test_visa_officer_reissues_a_letter_from_its_page_and_is_told_the_new_reference(client, letter):
    officer = StaffUserFactory(group=VISA)
    client.force_login(officer)

    page = client.get(reverse("admin:accreditation_visaletter_change", args=[letter.pk]))
    confirm = client.get(_decide_url(letter, "reissue"))
    response = client.post(_decide_url(letter, "reissue"), {"reason": "The given names were misspelt."})

    assert f'href="{_decide_url(letter, "reissue")}"' in page.content.decode()
    assert "The letter IMRF2030-000001 will be revoked as superseded, and a new letter with the next number" in text_of(
        confirm
    )
    assert response.status_code == 302
    new = VisaLetter.objects.get(supersedes=letter)
    assert (new.reference, new.status, new.issued_by) == ("IMRF2030-000002", VisaLetterStatus.ISSUED, officer)
    assert VisaLetter.objects.get(pk=letter.pk).revocation_reason == (
        "Superseded by letter IMRF2030-000002: The given names were misspelt."
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "IMRF2030-000001 was reissued as IMRF2030-000002."
    ]


def test_visa_officer_reissues_letters_in_bulk_and_each_refusal_is_reported(client, forum):
    officer = StaffUserFactory(group=VISA)
    issued = [VisaLetterFactory(delegate__accreditation__forum=forum, issued=True) for _index in range(2)]
    requested = VisaLetterFactory(delegate__accreditation__forum=forum)
    client.force_login(officer)

    asked = _action(client, "decide_reissue", [*issued, requested])
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "decide_reissue",
            "apply": "1",
            "reason": "The forum's venue changed.",
            "_selected_action": [letter.pk for letter in (*issued, requested)],
        },
    )

    assert asked.status_code == 200
    assert "Shown to the representative." in text_of(asked)
    assert response.status_code == 302
    numbered = VisaLetter.objects.filter(status__in=["issued", "revoked"]).order_by("sequence")
    assert [(letter.sequence, letter.status, letter.supersedes_id) for letter in numbered] == [
        (1, VisaLetterStatus.REVOKED, None),
        (2, VisaLetterStatus.REVOKED, None),
        (3, VisaLetterStatus.ISSUED, issued[0].pk),
        (4, VisaLetterStatus.ISSUED, issued[1].pk),
    ]
    assert VisaLetter.objects.get(pk=requested.pk).status == VisaLetterStatus.REQUESTED
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Reissue the letter: done for 2.",
        "IMRF2030-000001 was reissued as IMRF2030-000003.",
        "IMRF2030-000002 was reissued as IMRF2030-000004.",
        f"{requested}: Only an issued letter can be reissued.",
    ]


@pytest.mark.parametrize("group", OTHER_GROUPS)
def test_only_visa_officers_can_reissue_a_letter(client, letter, group):
    client.force_login(StaffUserFactory(group=group))

    page = client.get(reverse("admin:accreditation_visaletter_change", args=[letter.pk]))
    button = client.post(_decide_url(letter, "reissue"), {"reason": "Name."})
    _action_response = client.post(
        reverse(CHANGELIST),
        {"action": "decide_reissue", "apply": "1", "reason": "Name.", "_selected_action": [letter.pk]},
    )

    assert page.status_code == 200
    assert _decide_url(letter, "reissue") not in page.content.decode()
    assert button.status_code == 403
    assert list(VisaLetter.objects.values_list("reference", "status")) == [("IMRF2030-000001", VisaLetterStatus.ISSUED)]
    assert not ActivityLog.objects.filter(action="visa_letter.reissued").exists()


def test_the_reissue_button_is_offered_only_for_an_issued_letter(client, delegate):
    client.force_login(StaffUserFactory(group=VISA))
    pages = {
        trait: client.get(
            reverse(
                "admin:accreditation_visaletter_change",
                args=[VisaLetterFactory(delegate=delegate, **({trait: True} if trait != "requested" else {})).pk],
            )
        )
        for trait in ["revoked", "declined", "issued"]
    }

    assert {trait: "/decide/reissue/" in page.content.decode() for trait, page in pages.items()} == {
        "revoked": False,
        "declined": False,
        "issued": True,
    }


# --- the representative's details edited in the back office -------------------------------------


def _delegate_form(client, delegate, **changes) -> dict:
    url = reverse("admin:accreditation_delegate_change", args=[delegate.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    return {**data, **changes}


def test_correcting_a_printed_detail_in_the_back_office_reissues_the_letter(client, letter, delegate):
    officer = StaffUserFactory(group="Accreditation officers")
    client.force_login(officer)
    url = reverse("admin:accreditation_delegate_change", args=[delegate.pk])

    response = client.post(url, _delegate_form(client, delegate, given_names="Thị Ánh Hồng"))

    assert response.status_code == 302
    new = VisaLetter.objects.get(status=VisaLetterStatus.ISSUED)
    assert (new.reference, new.holder_full_name, new.supersedes) == ("IMRF2030-000002", "Thị Ánh Hồng NGUYỄN", letter)
    assert VisaLetter.objects.get(pk=letter.pk).status == VisaLetterStatus.REVOKED
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[0] == (
        "The visa support letter printed the corrected details, so it was reissued: the new reference is "
        "IMRF2030-000002, and IMRF2030-000001 is revoked as superseded. The representative was e-mailed."
    )
    assert len(shown) == 2  # and the admin's own "changed successfully"
    assert ActivityLog.objects.get(action="delegate.details_corrected").data == {"fields": ["given_names"]}


def test_correcting_a_detail_the_letter_does_not_print_in_the_back_office_keeps_the_letter(client, letter, delegate):
    client.force_login(StaffUserFactory(group="Accreditation officers"))
    url = reverse("admin:accreditation_delegate_change", args=[delegate.pk])

    response = client.post(url, _delegate_form(client, delegate, phone="+84 24 0000 0000"))

    assert response.status_code == 302
    assert list(VisaLetter.objects.values_list("reference", "status")) == [("IMRF2030-000001", "issued")]
    assert len(get_messages(response.wsgi_request)) == 1


def test_changing_the_participation_to_online_in_the_back_office_revokes_the_letter(client, letter, delegate):
    client.force_login(StaffUserFactory(group="Accreditation officers"))
    url = reverse("admin:accreditation_delegate_change", args=[delegate.pk])

    response = client.post(url, _delegate_form(client, delegate, modality="virtual"), follow=True)

    assert response.status_code == 200
    letter.refresh_from_db()
    assert (letter.status, letter.revocation_reason) == (VisaLetterStatus.REVOKED, "Participation changed to online.")
    assert Delegate.objects.get(pk=delegate.pk).modality == ParticipationModality.VIRTUAL
    assert "Thị Ánh NGUYỄN now participates online: their visa support letter was revoked" in text_of(response)
    assert VisaLetter.objects.count() == 1
