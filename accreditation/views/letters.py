"""Visa support letters: the delegate's request and status page, the download, and the
public verification a consular officer uses."""

import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accreditation.enums import DelegateStatus, ParticipationModality, VerificationState, VisaLetterStatus
from accreditation.forms import ConfirmForm, VerifyLetterForm, VisaLetterRequestForm, VisaOutcomeForm
from accreditation.models import VisaLetter
from accreditation.pdf import visa_letter_pdf
from accreditation.permissions import can_download_letter
from accreditation.selectors import delegate_for_user
from accreditation.services.letters import (
    delegate_switch_to_virtual,
    visa_letter_report_outcome,
    visa_letter_request,
)
from accreditation.validators import normalize_passport_number
from accreditation.views.common import call_service
from events.models import Forum
from events.selectors import active_forum
from imrf.activity import log_action
from imrf.ratelimit import allow


def _own_delegate(request: HttpRequest):
    delegate = delegate_for_user(user=request.user, forum=active_forum())
    if delegate is None:
        raise Http404
    return delegate


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def letter_page(request: HttpRequest) -> HttpResponse:
    """Request a letter, follow it, download it, report the visa outcome."""
    delegate = _own_delegate(request)
    forum = delegate.accreditation.forum
    letters = list(delegate.visa_letters.order_by("-requested_at"))
    current = next((letter for letter in letters if letter.status in VisaLetterStatus.NON_FINAL), None)
    can_request = (
        current is None
        and delegate.status == DelegateStatus.APPROVED
        and delegate.modality == ParticipationModality.IN_PERSON
        and forum.visa_requests_open
    )
    form = None
    if can_request:
        initial = {"language": request.user.language, "consulate_country": delegate.country_of_residence}
        form = VisaLetterRequestForm(request.POST or None, forum=forum, initial=initial)
        if request.method == "POST" and form.is_valid():
            letter = call_service(
                form, lambda: visa_letter_request(delegate=delegate, data=form.cleaned_data, actor=request.user)
            )
            if letter is not None:
                messages.success(
                    request, _("Your request has been sent. You will receive an e-mail when the letter is ready.")
                )
                return redirect("delegate:letter")
    elif request.method == "POST":
        return redirect("delegate:letter")
    issued = next((letter for letter in letters if letter.status in VisaLetterStatus.NUMBERED), None)
    return render(
        request,
        "accreditation/delegate/letter.html",
        {
            "delegate": delegate,
            "forum": forum,
            "letters": letters,
            "current": current,
            "issued": issued,
            "form": form,
            "outcome_form": VisaOutcomeForm(initial={"outcome": issued.visa_outcome}) if issued else None,
        },
    )


@login_required
@require_POST
def letter_outcome(request: HttpRequest) -> HttpResponse:
    delegate = _own_delegate(request)
    letter = delegate.visa_letters.filter(status__in=VisaLetterStatus.NUMBERED).order_by("-issued_at").first()
    if letter is None:
        raise Http404
    form = VisaOutcomeForm(request.POST)
    if form.is_valid():
        saved = call_service(
            form,
            lambda: visa_letter_report_outcome(letter=letter, actor=request.user, outcome=form.cleaned_data["outcome"]),
        )
        if saved is not None:
            messages.success(request, _("Thank you: the Secretariat now knows the outcome."))
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("delegate:letter")


@login_required
@require_http_methods(["GET", "POST"])
def switch_to_virtual(request: HttpRequest) -> HttpResponse:
    delegate = _own_delegate(request)
    if delegate.modality == ParticipationModality.VIRTUAL or delegate.status not in DelegateStatus.ACTIVE:
        raise Http404
    form = ConfirmForm(request.POST or None, with_reason=False)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: delegate_switch_to_virtual(delegate=delegate, actor=request.user))
        if done is not None:
            messages.success(request, _("You now participate virtually. Your place in the delegation is kept."))
            return redirect("delegate:home")
    return render(
        request,
        "includes/confirm.html",
        {
            "form": form,
            "title": _("Participate virtually"),
            "explanation": _(
                "You keep your place as a representative and follow the hybrid and virtual sessions online. "
                "Your in-person seats are released."
            ),
            "button": _("Switch to virtual participation"),
            "cancel_url": reverse("delegate:letter"),
        },
    )


def letter_download(request: HttpRequest, public_id) -> HttpResponse:
    """The letter PDF: for its delegate, the organization's focal points and Visa officers. Logged."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    letter = get_object_or_404(
        VisaLetter.objects.select_related(
            "delegate__accreditation__organization", "delegate__accreditation__forum", "forum"
        ),
        public_id=public_id,
        status=VisaLetterStatus.ISSUED,
    )
    user = request.user
    if not can_download_letter(user, letter):
        raise Http404
    content = visa_letter_pdf(letter, verification_url=letter.get_verification_url())
    log_action(action="visa_letter.downloaded", target=letter, actor=user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="visa-letter-{letter.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _verification_answer(
    request: HttpRequest, letter: VisaLetter | None, *, state: str, forum_name: str = ""
) -> HttpResponse:
    """One page for every answer of both paths: the state, and what the letter printed (from its
    copy) unless its holder's data was purged."""
    response = render(
        request,
        "accreditation/verify/result.html",
        {
            "letter": letter,
            "state": state,
            "purged": letter is None or letter.personal_data_purged_at is not None,
            "forum_name": letter.forum_name if letter is not None else forum_name,
        },
        status=404 if state == VerificationState.NOT_FOUND else 200,
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _rate_limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "accreditation/verify/too_many.html", status=429)
    response["Retry-After"] = "600"
    return response


_NUMBERED = sorted(VisaLetterStatus.NUMBERED)


def _numbered_letters():
    return VisaLetter.objects.select_related("forum", "superseded_by").filter(status__in=_NUMBERED)


@never_cache
def verify_token(request: HttpRequest, token: str) -> HttpResponse:
    """What the QR code opens: valid, expired, revoked or not found — with the holder's name and
    masked passport as the letter printed them (nothing of the holder once the data is purged)."""
    if not allow(request, scope="verify-token", limit=settings.VERIFY_RATE_LIMIT_TOKEN, window_seconds=600):
        return _rate_limited(request)
    letter = _numbered_letters().filter(verification_token=token).first() if len(token) <= 64 else None
    if letter is None:
        return _verification_answer(request, None, state=VerificationState.NOT_FOUND)
    return _verification_answer(request, letter, state=letter.verification_state())


def _purged_forum_name(reference: str, letter: VisaLetter | None) -> str:
    """The name of the forum a typed reference belongs to, if that forum's letters were purged
    ("" otherwise). Decided by the reference's prefix (``IMRF2026-``), not by whether the letter
    exists, so that after the purge every reference of the forum gets the same answer."""
    if letter is not None and letter.personal_data_purged_at is not None:
        return letter.forum_name
    prefix = reference.rpartition("-")[0]
    forums = [forum for forum in Forum.objects.only("pk", "name", "short_name") if forum.reference_prefix == prefix]
    purged = (
        VisaLetter.objects.filter(forum__in=forums, personal_data_purged_at__isnull=False)
        .values_list("forum_name", flat=True)
        .first()
        if prefix and forums
        else None
    )
    return purged or ""


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_form(request: HttpRequest) -> HttpResponse:
    """A consular officer types the reference and the passport number. An unknown reference and a
    wrong passport number get the same answer, so nothing can be enumerated.

    After the purge no passport number is left to match: every reference of that forum — existing
    or not, whatever passport number is typed — is answered *Expired* for the forum as a whole,
    which is what the QR code of any of its letters says too (never "Not found" for a letter that
    exists, and still nothing that tells an existing reference from an unknown one)."""
    form = VerifyLetterForm(request.POST or None)
    if request.method == "POST":
        if not allow(request, scope="verify-form", limit=settings.VERIFY_RATE_LIMIT_FORM, window_seconds=600):
            return _rate_limited(request)
        if form.is_valid():
            reference = form.cleaned_data["reference"]
            letter = _numbered_letters().filter(reference=reference).first()
            typed = normalize_passport_number(form.cleaned_data["passport_number"])
            stored = normalize_passport_number(letter.passport_number) if letter and letter.passport_number else ""
            if stored and hmac.compare_digest(stored.encode(), typed.encode()):
                return _verification_answer(request, letter, state=letter.verification_state())
            forum_name = _purged_forum_name(reference, letter)
            if forum_name:
                return _verification_answer(request, None, state=VerificationState.EXPIRED, forum_name=forum_name)
            return _verification_answer(request, None, state=VerificationState.NOT_FOUND)
    response = render(request, "accreditation/verify/form.html", {"form": form})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
