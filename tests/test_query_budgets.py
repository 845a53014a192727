"""Every page runs a fixed number of SQL queries whatever the size of the data it shows (STYLE.md
rule 8, DESIGN.md §5 "Selectors own reads"): at most PAGE_BUDGET queries, ADMIN_BUDGET in the
Django admin, and exactly as many with many rows as with one.

Each case below builds the page's 1-row state and returns a :class:`Page`: how to request it and
how to grow its data to many rows. The test warms the page up once (the first request fills
per-process caches: content types, the session's renewal stamp), measures it with the 1-row
state, grows the data, and asserts the same count. A failure prints the counts and the query
shapes that repeat with the data, so the N+1 is visible without a debugger.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from itertools import cycle

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.checkin_codes import checkin_code
from accreditation.models import Accreditation, Delegate
from accreditation.selectors import HISTORY_LABELS
from imrf.activity import log_action
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActiveForumFactory,
    ActivityLogFactory,
    DelegateFactory,
    EcosocListingFactory,
    FocalPointInvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    SessionFactory,
    SessionRegistrationFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
)

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 12
ADMIN_BUDGET = 15
MANY = 50


@dataclass
class Page:
    fetch: Callable[[], object]  # makes the request, returns the response
    grow: Callable[[], None]  # from the 1-row state to many rows
    budget: int = PAGE_BUDGET
    status: int = 200
    # How many of the grown rows the response shows (proves the data reached the page), and how
    # many it should show once grown.
    shows: Callable[[object], int] | None = None
    many: int = MANY


class World:
    """The active forum and the people and rows the cases share, made on first use."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.forum = ActiveForumFactory()
        self._open_accreditation: Accreditation | None = None

    @cached_property
    def staff(self):
        return StaffUserFactory()

    @cached_property
    def superuser(self):
        return StaffUserFactory(is_superuser=True)

    @cached_property
    def focal_point(self):
        return MembershipFactory().user

    @cached_property
    def organization(self):
        return self.focal_point.memberships.get().organization

    @cached_property
    def accreditation(self) -> Accreditation:
        """The focal point's organization, accredited for the forum."""
        return AccreditationFactory(organization=self.organization, forum=self.forum, accredited=True)

    @cached_property
    def session(self):
        return SessionFactory(forum=self.forum)

    @cached_property
    def delegate_user(self):
        return UserFactory()

    @cached_property
    def me(self) -> Delegate:
        """The signed-in delegate: approved, in person, with a photo and an account."""
        user = self.delegate_user
        return DelegateFactory(accreditation=self.accreditation, user=user, email=user.email, with_photo=True)

    def delegate(self, **fields) -> Delegate:
        """An approved representative of another organization, three to an accreditation (the cap)."""
        accreditation = self._open_accreditation
        if accreditation is None or accreditation.delegates.count() >= self.forum.delegate_cap:
            accreditation = self._open_accreditation = AccreditationFactory(forum=self.forum, accredited=True)
        return DelegateFactory(accreditation=accreditation, **fields)

    def issued_letter(self, delegate: Delegate | None = None):
        return VisaLetterFactory(issued=True, delegate=delegate or self.delegate(), issued_by=self.staff)

    def sign_in(self, user) -> None:
        self.client.force_login(user)

    def get(self, name: str, *args, **query) -> Callable[[], object]:
        url = reverse(name, args=args)
        return lambda: self.client.get(url, query)

    def post(self, name: str, data: dict, *args) -> Callable[[], object]:
        url = reverse(name, args=args)
        return lambda: self.client.post(url, data)


def times(count: int, make: Callable[[], object]) -> Callable[[], None]:
    def grow() -> None:
        for _ in range(count):
            make()

    return grow


def together(*steps: Callable[[], None]) -> Callable[[], None]:
    def grow() -> None:
        for step in steps:
            step()

    return grow


def listed(key: str, attribute: str | None = None) -> Callable[[object], int]:
    """The length of a list in the page's template context (``dashboard.documents``)."""

    def count(response) -> int:
        value = response.context[key]
        return len(getattr(value, attribute) if attribute else value)

    return count


def inline_rows(response) -> int:
    return len(response.context["inline_admin_formsets"][0].formset.forms)


CASES: dict[str, Callable[[World], Page]] = {}


def case(name: str):
    def register(build: Callable[[World], Page]) -> Callable[[World], Page]:
        CASES[name] = build
        return build

    return register


# --- public pages (anonymous) ------------------------------------------------------------------


@case("public landing /")
def _landing(w: World) -> Page:
    AccreditationFactory(forum=w.forum, accredited=True)
    SessionFactory(forum=w.forum)
    return Page(
        w.get("landing"),
        together(
            times(MANY - 1, lambda: SessionFactory(forum=w.forum)),
            times(MANY - 1, lambda: AccreditationFactory(forum=w.forum, accredited=True)),
        ),
    )


@case("public /programme/ (sessions)")
def _programme(w: World) -> Page:
    SessionRegistrationFactory(session=w.session, delegate=w.delegate())
    return Page(
        w.get("programme"),
        times(MANY - 1, lambda: SessionFactory(forum=w.forum)),
        shows=lambda response: sum(len(day) for day in response.context["days"].values()),
    )


@case("public /programme/<uuid>/ (registrations)")
def _session_detail(w: World) -> Page:
    SessionRegistrationFactory(session=w.session, delegate=w.delegate())
    return Page(
        w.get("session_detail", w.session.public_id),
        times(MANY - 1, lambda: SessionRegistrationFactory(session=w.session, delegate=w.delegate())),
        shows=lambda response: response.context["session"].seats_taken,
    )


@case("public /programme/<uuid>/ as a registered delegate (registrations)")
def _session_detail_delegate(w: World) -> Page:
    SessionRegistrationFactory(session=w.session, delegate=w.me)
    w.sign_in(w.delegate_user)
    return Page(
        w.get("session_detail", w.session.public_id),
        times(MANY - 1, lambda: SessionRegistrationFactory(session=w.session, delegate=w.delegate())),
        shows=lambda response: response.context["session"].seats_taken,
    )


@case("public /programme/forum.ics (sessions)")
def _programme_ics(w: World) -> Page:
    SessionFactory(forum=w.forum)
    return Page(
        w.get("programme_ics"),
        times(MANY - 1, lambda: SessionFactory(forum=w.forum)),
        shows=lambda response: response.content.count(b"BEGIN:VEVENT"),
    )


@case("public /organizations/ (accredited organizations)")
def _organizations(w: World) -> Page:
    AccreditationFactory(forum=w.forum, accredited=True)
    return Page(
        w.get("organizations"),
        times(MANY - 1, lambda: AccreditationFactory(forum=w.forum, accredited=True)),
        shows=lambda response: len(response.context["page"].object_list),
    )


@case("public /organizations.csv (accredited organizations)")
def _organizations_csv(w: World) -> Page:
    AccreditationFactory(forum=w.forum, accredited=True)
    return Page(
        w.get("organizations_csv"),
        times(MANY - 1, lambda: AccreditationFactory(forum=w.forum, accredited=True)),
        shows=lambda response: response.streamed.count(b"\n") - 1,  # less the header
    )


@case("public /verify/ (letters)")
def _verify_form(w: World) -> Page:
    w.issued_letter()
    return Page(w.get("verify"), times(MANY - 1, w.issued_letter))


@case("public /verify/<token>/ valid letter (letters)")
def _verify_token(w: World) -> Page:
    letter = w.issued_letter()
    return Page(w.get("verify_token", letter.verification_token), times(MANY - 1, w.issued_letter))


@case("public POST /verify/ reference + passport (letters)")
def _verify_post(w: World) -> Page:
    letter = w.issued_letter()
    data = {"reference": letter.reference, "passport_number": letter.passport_number}
    return Page(w.post("verify", data), times(MANY - 1, w.issued_letter))


# --- the NGO portal (a signed-in focal point) ----------------------------------------------------


def _history_entry(w: World, code: str) -> None:
    """A history entry the dashboard shows, aimed at what the action code is about."""
    if code.startswith("organization."):
        target = w.organization
    elif code.startswith("delegate."):
        target = w.accreditation.delegates.order_by("pk").first()
    else:
        target = w.accreditation
    actor = w.staff if code.split(".")[1] in {"approved", "rejected", "info_requested", "circulated"} else None
    log_action(
        action=code,
        target=target,
        actor=actor or w.focal_point,
        data={"reason": "No longer available.", "file": "statutes.pdf"},
    )


def _portal(w: World) -> None:
    """The 1-row dashboard: one representative, one document, one history entry, one focal point."""
    DelegateFactory(accreditation=w.accreditation)
    AccreditationDocumentFactory(accreditation=w.accreditation, uploaded_by=w.focal_point)
    _history_entry(w, "accreditation.approved")
    w.sign_in(w.focal_point)


@case("portal /portal/ dashboard (representatives 1 vs 3)")
def _dashboard_delegates(w: World) -> Page:
    _portal(w)
    return Page(
        w.get("portal:dashboard"),
        times(2, lambda: DelegateFactory(accreditation=w.accreditation)),
        shows=listed("dashboard", "delegates"),
        many=w.forum.delegate_cap,
    )


@case("portal /portal/ dashboard (documents)")
def _dashboard_documents(w: World) -> Page:
    _portal(w)
    return Page(
        w.get("portal:dashboard"),
        times(
            MANY - 1,
            lambda: AccreditationDocumentFactory(accreditation=w.accreditation, uploaded_by=UserFactory()),
        ),
        shows=listed("dashboard", "documents"),
    )


@case("portal /portal/ dashboard (history entries)")
def _dashboard_history(w: World) -> Page:
    _portal(w)
    codes = cycle(HISTORY_LABELS)
    return Page(
        w.get("portal:dashboard"),
        times(MANY - 1, lambda: _history_entry(w, next(codes))),
        shows=listed("dashboard", "history"),
    )


@case("portal /portal/ dashboard (focal points)")
def _dashboard_focal_points(w: World) -> Page:
    _portal(w)
    return Page(
        w.get("portal:dashboard"),
        times(MANY - 1, lambda: MembershipFactory(organization=w.organization)),
        shows=listed("dashboard", "focal_points"),
    )


@case("portal /portal/organization/ (focal points, documents)")
def _organization_edit(w: World) -> Page:
    _portal(w)
    return Page(
        w.get("portal:organization_edit"),
        together(
            times(MANY - 1, lambda: MembershipFactory(organization=w.organization)),
            times(MANY - 1, lambda: AccreditationDocumentFactory(accreditation=w.accreditation)),
        ),
    )


@case("portal /portal/organization/focal-points/ (focal points)")
def _focal_points(w: World) -> Page:
    _portal(w)
    return Page(
        w.get("portal:focal_points"),
        times(MANY - 1, lambda: MembershipFactory(organization=w.organization)),
        shows=listed("members"),
    )


@case("portal /portal/organization/focal-points/ (invitations waiting for an answer)")
def _focal_point_invitations(w: World) -> Page:
    _portal(w)

    def invite() -> None:
        FocalPointInvitationFactory(organization=w.organization, invited_by=UserFactory())

    invite()
    return Page(w.get("portal:focal_points"), times(MANY - 1, invite), shows=listed("invitations"))


@case("portal /portal/application/ (documents)")
def _application(w: World) -> Page:
    # Editable (the Secretariat asked for more), so the form shows instead of a redirect.
    accreditation = AccreditationFactory(organization=w.organization, forum=w.forum, info_requested=True)
    AccreditationDocumentFactory(accreditation=accreditation)
    w.sign_in(w.focal_point)
    return Page(
        w.get("portal:application"),
        times(MANY - 1, lambda: AccreditationDocumentFactory(accreditation=accreditation)),
    )


@case("portal /portal/documents/new/ (documents)")
def _document_new(w: World) -> Page:
    _portal(w)
    return Page(
        w.get("portal:document_new"),
        times(MANY - 1, lambda: AccreditationDocumentFactory(accreditation=w.accreditation)),
    )


@case("portal /portal/representatives/new/ not full (representatives 1 vs 2 + 48 withdrawn)")
def _nominate(w: World) -> Page:
    _portal(w)
    return Page(
        w.get("portal:nominate"),
        together(
            lambda: DelegateFactory(accreditation=w.accreditation, nominated=True),
            times(MANY - 2, lambda: DelegateFactory(accreditation=w.accreditation, withdrawn=True)),
        ),
    )


@case("portal /portal/representatives/new/ full (3 active; + 47 withdrawn)")
def _nominate_full(w: World) -> Page:
    _portal(w)
    DelegateFactory.create_batch(2, accreditation=w.accreditation)
    return Page(
        w.get("portal:nominate"),
        times(MANY - 3, lambda: DelegateFactory(accreditation=w.accreditation, withdrawn=True)),
    )


@case("portal document download (documents, focal points)")
def _document_download(w: World) -> Page:
    _portal(w)
    document = w.accreditation.documents.get()
    return Page(
        w.get("portal:document_download", document.public_id),
        together(
            times(MANY - 1, lambda: AccreditationDocumentFactory(accreditation=w.accreditation)),
            times(MANY - 1, lambda: MembershipFactory(organization=w.organization)),
        ),
    )


@case("portal representative photo (representatives, focal points)")
def _delegate_photo(w: World) -> Page:
    _portal(w)
    delegate = DelegateFactory(accreditation=w.accreditation, with_photo=True)
    return Page(
        w.get("portal:delegate_photo", delegate.public_id),
        together(
            times(MANY - 2, lambda: DelegateFactory(accreditation=w.accreditation, withdrawn=True)),
            times(MANY - 1, lambda: MembershipFactory(organization=w.organization)),
        ),
    )


# --- the delegate's pages ------------------------------------------------------------------------


def _declined_letter(w: World) -> None:
    VisaLetterFactory(delegate=w.me, declined=True, decided_by=w.staff)


@case("delegate /me/ (earlier nominations of the same person)")
def _delegate_home(w: World) -> Page:
    w.sign_in(w.delegate_user)
    assert w.me.user == w.delegate_user
    return Page(
        w.get("delegate:home"),
        times(
            MANY - 1,
            lambda: DelegateFactory(accreditation=w.accreditation, user=w.delegate_user, withdrawn=True),
        ),
    )


@case("delegate /me/letter/ (old declined letters)")
def _letter_page(w: World) -> Page:
    w.sign_in(w.delegate_user)
    _declined_letter(w)
    w.issued_letter(w.me)
    # The issued letter and the declined ones.
    return Page(
        w.get("delegate:letter"), times(MANY - 1, lambda: _declined_letter(w)), shows=listed("letters"), many=MANY + 1
    )


@case("delegate /me/sessions/ (sessions 2 vs 50, registrations 1 vs 10)")
def _my_sessions(w: World) -> Page:
    w.sign_in(w.delegate_user)
    SessionRegistrationFactory(delegate=w.me, session=w.session)
    SessionFactory(forum=w.forum)
    return Page(
        w.get("delegate:sessions"),
        together(
            times(9, lambda: SessionRegistrationFactory(delegate=w.me, session=SessionFactory(forum=w.forum))),
            times(MANY - 11, lambda: SessionFactory(forum=w.forum)),
        ),
        shows=lambda response: len(response.context["registrations"]) + len(response.context["sessions"]),
    )


@case("delegate /me/confirmation.pdf (registrations 1 vs 10)")
def _confirmation_pdf(w: World) -> Page:
    w.sign_in(w.delegate_user)
    SessionRegistrationFactory(delegate=w.me, session=w.session)
    return Page(
        w.get("delegate:confirmation"),
        times(9, lambda: SessionRegistrationFactory(delegate=w.me, session=SessionFactory(forum=w.forum))),
    )


@case("delegate /letters/<uuid>/pdf/ (old declined letters)")
def _letter_pdf(w: World) -> Page:
    w.sign_in(w.delegate_user)
    _declined_letter(w)
    letter = w.issued_letter(w.me)
    return Page(w.get("letter_download", letter.public_id), times(MANY - 1, lambda: _declined_letter(w)))


# --- the back office (a superuser with two-factor authentication) ----------------------------------


def _admin(build: Callable[[World], Page]) -> Callable[[World], Page]:
    def admin_case(w: World) -> Page:
        w.sign_in(w.superuser)
        page = build(w)
        page.budget = ADMIN_BUDGET
        return page

    return admin_case


def _organization_with_delegates(w: World, index: int) -> None:
    accreditation = AccreditationFactory(forum=w.forum, accredited=True)
    for _ in range(index % 3 + 1):
        DelegateFactory(accreditation=accreditation)


@case("admin index dashboard (organizations with accreditations and delegates)")
@_admin
def _admin_index(w: World) -> Page:
    _organization_with_delegates(w, 0)
    numbers = iter(range(1, MANY))
    return Page(
        w.get("admin:index"),
        times(MANY - 1, lambda: _organization_with_delegates(w, next(numbers))),
        shows=lambda response: response.context["dashboard"].charts[0].total,  # applications by status
    )


# Each changelist: the row maker, a filter and a search that keep every row listed.
CHANGELISTS: dict[str, tuple[Callable[[World], object], dict, dict]] = {
    "accreditation_accreditation": (
        lambda w: AccreditationFactory(forum=w.forum, accredited=True),
        {"status__exact": "accredited"},
        {"q": "Migrant"},
    ),
    "accreditation_delegate": (lambda w: w.delegate(), {"status__exact": "approved"}, {"q": "example.org"}),
    "accreditation_visaletter": (lambda w: w.issued_letter(), {"status__exact": "issued"}, {"q": "Nairobi"}),
    "accreditation_organization": (
        lambda w: OrganizationFactory(),
        {"stakeholder_type__exact": "ngo"},
        {"q": "Migrant"},
    ),
    "events_session": (lambda w: SessionFactory(forum=w.forum), {"kind__exact": "round_table"}, {"q": "Round"}),
    "accreditation_sessionregistration": (
        lambda w: SessionRegistrationFactory(delegate=w.delegate(), session=w.session),
        {"status__exact": "confirmed"},
        {"q": "Round"},
    ),
    "imrf_activitylog": (
        lambda w: ActivityLogFactory(target=w.accreditation, actor=w.staff),
        {"action": "organization.updated"},  # the link AllValuesFieldListFilter makes
        {"q": "organization"},
    ),
    "accreditation_ecosoclisting": (lambda w: EcosocListingFactory(), {"category__exact": "special"}, {"q": "Listed"}),
    "imrf_user": (lambda w: UserFactory(), {"is_staff__exact": "0"}, {"q": "example.org"}),
    "accreditation_membership": (
        lambda w: MembershipFactory(),
        # The admin's own "Today" link.
        {
            "created_at__gte": str(timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)),
            "created_at__lt": str(
                timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
            ),
        },
        {"q": "example.org"},
    ),
    "accreditation_accreditationdocument": (
        lambda w: AccreditationDocumentFactory(accreditation=w.accreditation),
        {"kind__exact": "statutes"},
        {"q": "statutes"},
    ),
}


def _changelist_case(model: str, variant: str) -> Callable[[World], Page]:
    make, filters, search = CHANGELISTS[model]
    query = {"plain": {}, "filtered": filters, "searched": search}[variant]

    @_admin
    def build(w: World) -> Page:
        make(w)
        return Page(
            w.get(f"admin:{model}_changelist", **query),
            times(MANY - 1, lambda: make(w)),
            shows=lambda response: response.context["cl"].result_count,
        )

    return build


for _model in CHANGELISTS:
    for _variant in ("plain", "filtered", "searched"):
        case(f"admin changelist {_model} {_variant}")(_changelist_case(_model, _variant))


def _history(w: World, target) -> Callable[[], None]:
    action = f"{target._meta.model_name}.updated"
    return times(MANY - 1, lambda: ActivityLogFactory(target=target, actor=UserFactory(), action=action))


def history_and_inline_rows(response) -> int:
    return min(len(response.context["history_entries"]), inline_rows(response))


@case("admin change accreditation (documents, history entries)")
@_admin
def _accreditation_change(w: World) -> Page:
    accreditation = w.accreditation
    AccreditationDocumentFactory(accreditation=accreditation)
    ActivityLogFactory(target=accreditation, actor=w.staff)
    return Page(
        w.get("admin:accreditation_accreditation_change", accreditation.pk),
        together(
            times(MANY - 1, lambda: AccreditationDocumentFactory(accreditation=accreditation)),
            _history(w, accreditation),
        ),
        shows=history_and_inline_rows,
    )


@case("admin change delegate (history entries)")
@_admin
def _delegate_change(w: World) -> Page:
    delegate = w.me
    ActivityLogFactory(target=delegate, actor=w.staff)
    return Page(
        w.get("admin:accreditation_delegate_change", delegate.pk),
        _history(w, delegate),
        shows=listed("history_entries"),
    )


@case("admin change letter (history entries)")
@_admin
def _letter_change(w: World) -> Page:
    letter = w.issued_letter(w.me)
    ActivityLogFactory(target=letter, actor=w.staff)
    # Opening it is logged (the superuser sees the passport number): one more entry each time.
    return Page(
        w.get("admin:accreditation_visaletter_change", letter.pk), _history(w, letter), shows=listed("history_entries")
    )


@case("admin change session (registrations inline)")
@_admin
def _session_change(w: World) -> Page:
    SessionRegistrationFactory(session=w.session, delegate=w.delegate())
    return Page(
        w.get("admin:events_session_change", w.session.pk),
        times(MANY - 1, lambda: SessionRegistrationFactory(session=w.session, delegate=w.delegate())),
        shows=inline_rows,
    )


@case("admin change organization (focal points inline, history entries)")
@_admin
def _organization_change(w: World) -> Page:
    organization = w.organization
    ActivityLogFactory(target=organization, actor=w.staff)
    return Page(
        w.get("admin:accreditation_organization_change", organization.pk),
        together(
            # Focal points added by a colleague, as organization_add_focal_point records them.
            times(MANY - 1, lambda: MembershipFactory(organization=organization, added_by=w.focal_point)),
            _history(w, organization),
        ),
        shows=history_and_inline_rows,
    )


@case("admin check-in GET (sessions)")
@_admin
def _checkin(w: World) -> Page:
    assert w.session.forum == w.forum
    return Page(
        w.get("admin:accreditation_delegate_checkin"),
        times(MANY - 1, lambda: SessionFactory(forum=w.forum)),
        shows=lambda response: response.context["form"].fields["session"].queryset.count(),
    )


@case("admin check-in POST scan (sessions)")
@_admin
def _checkin_scan(w: World) -> Page:
    assert w.session.forum == w.forum
    data = {"code": checkin_code(w.me.public_id), "session": ""}
    return Page(
        w.post("admin:accreditation_delegate_checkin", data),
        times(MANY - 1, lambda: SessionFactory(forum=w.forum)),
        shows=lambda response: response.context["form"].fields["session"].queryset.count(),
    )


@case("admin decision confirmation request_info (documents, history entries)")
@_admin
def _decision_confirm(w: World) -> Page:
    accreditation = AccreditationFactory(organization=w.organization, forum=w.forum)
    AccreditationDocumentFactory(accreditation=accreditation)
    return Page(
        w.get("admin:accreditation_accreditation_decide", accreditation.pk, "request_info"),
        together(
            times(MANY - 1, lambda: AccreditationDocumentFactory(accreditation=accreditation)),
            _history(w, accreditation),
        ),
    )


# --- the test ------------------------------------------------------------------------------------

_LITERAL = re.compile(r"'(?:[^']|'')*'|(?<![\w\"])-?\d+(?:\.\d+)?\b")
_LIST = re.compile(r"\((?:\?, )+\?\)")


def _shape(sql: str) -> str:
    """The query without its values: the same shape repeated is the same query per row."""
    return _LIST.sub("(…)", _LITERAL.sub("?", sql))


def _shapes(queries) -> Counter:
    return Counter(_shape(query["sql"]) for query in queries)


def _report(name: str, budget: int, one, many) -> str:
    counted = len(many) if many is not None else "?"
    lines = [f"{name}: {len(one)} queries with 1 row, {counted} with many (budget {budget})"]
    if many is not None and len(many) != len(one):
        before, after = _shapes(one), _shapes(many)
        lines.append("Queries that grow with the data (1 row → many):")
        for shape, count in sorted(after.items(), key=lambda item: -item[1]):
            if count != before.get(shape, 0):
                lines.append(f"  {before.get(shape, 0)} → {count} × {shape}")
        lines.extend(f"  {count} → 0 × {shape}" for shape, count in before.items() if shape not in after)
    if len(one) > budget:
        lines.append("Queries with 1 row:")
        lines.extend(f"  {count} × {shape}" for shape, count in _shapes(one).items())
    return "\n".join(lines)


def _consume(response):
    """Streaming responses (CSV, files) query while they are read: read them inside the count."""
    if getattr(response, "streaming", False):
        # The test client closes the response once it is read (closing it again would fire
        # request_finished, which drops the test's PostgreSQL connection).
        response.streamed = b"".join(response.streaming_content)
    return response


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and other cached values start empty (POST /verify/ is rate-limited)."""
    cache.clear()
    yield
    cache.clear()


def test_public_pages_are_not_cached_in_tests():
    # A cached page would run no query at all and prove nothing below.
    assert settings.PUBLIC_PAGE_CACHE_SECONDS == 0


@pytest.mark.parametrize("name", list(CASES))
def test_page_runs_the_same_queries_with_1_and_many_rows_within_budget(name, client, django_assert_num_queries):
    page = CASES[name](World(client))
    warm = _consume(page.fetch())
    assert warm.status_code == page.status, f"{name}: warm-up answered {warm.status_code}"

    with CaptureQueriesContext(connection) as one:
        response = _consume(page.fetch())
    assert response.status_code == page.status
    if page.shows:
        assert page.shows(response) >= 1, f"{name}: the 1-row page shows no row"
    problems = []
    if len(one) > page.budget:
        problems.append(f"{len(one)} queries with 1 row, over the budget of {page.budget}")
    page.grow()
    many = None
    try:
        with django_assert_num_queries(len(one)) as many:
            response = _consume(page.fetch())
    except pytest.fail.Exception as error:
        problems.append(str(error).splitlines()[0])
    assert response.status_code == page.status
    if page.shows:
        assert page.shows(response) >= page.many, f"{name}: the grown page shows {page.shows(response)} rows"

    report = _report(name, page.budget, one, many)
    if problems:
        pytest.fail("; ".join(problems) + "\n" + report, pytrace=False)
    print(report)  # the counts of every page, with -s
