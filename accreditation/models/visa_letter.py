import uuid
from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accreditation.enums import Basis, VerificationState, VisaLetterStatus, VisaOutcome
from accreditation.models.base import DecisionRecord
from accreditation.models.delegate import Delegate
from events.models import Forum
from imrf.crypto import EncryptedCharField, mask
from imrf.mail import absolute_url


class VisaLetter(DecisionRecord):
    """A request for, and the issued, visa support letter of one delegate."""

    # What a delegate gives when requesting a letter: the request form's fields and all that
    # visa_letter_request takes from its data.
    REQUEST_FIELDS: ClassVar[tuple[str, ...]] = (
        "passport_number",
        "passport_issuing_country",
        "passport_issued_on",
        "passport_expires_on",
        "place_of_birth",
        "consulate_country",
        "consulate_city",
        "arrival_on",
        "departure_on",
        "language",
    )

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("representative"), on_delete=models.PROTECT, related_name="visa_letters"
    )
    # Denormalized: the reference sequence is per forum.
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=VisaLetterStatus.choices, default=VisaLetterStatus.REQUESTED
    )
    passport_number = EncryptedCharField(_("passport number"), max_plaintext_length=20)
    passport_issuing_country = CountryField(_("passport issued by"), blank=True)
    passport_issued_on = models.DateField(_("passport issued on"), null=True, blank=True)
    passport_expires_on = models.DateField(_("passport expires on"), null=True, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=100, blank=True)
    consulate_country = CountryField(_("consulate country"))
    consulate_city = models.CharField(_("consulate city"), max_length=100)
    arrival_on = models.DateField(_("arrival"))
    departure_on = models.DateField(_("departure"))
    language = models.CharField(_("letter language"), max_length=10, choices=settings.LANGUAGES, default="en")
    sequence = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    reference = models.CharField(_("reference"), max_length=40, null=True, blank=True, unique=True, editable=False)
    verification_token = models.CharField(
        _("verification token"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for declining"), blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    visa_outcome = models.CharField(
        _("visa outcome"), max_length=20, choices=VisaOutcome.choices, default=VisaOutcome.PENDING
    )
    visa_outcome_at = models.DateTimeField(_("visa outcome reported"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(_("personal data purged"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # What the letter prints, copied from the live rows when it is issued (DESIGN.md §9, "letters
    # are records"): the PDF and the verification page read only these, so an edit after issue
    # never changes a letter a consulate already holds. A correction is a reissue. The passport
    # data, consulate, travel dates and language above are the request's and never change.
    holder_family_name = models.CharField(_("family name (as printed)"), max_length=100, blank=True, editable=False)
    holder_given_names = models.CharField(_("given names (as printed)"), max_length=150, blank=True, editable=False)
    holder_date_of_birth = models.DateField(_("date of birth (as printed)"), null=True, blank=True, editable=False)
    holder_nationality = CountryField(_("nationality (as printed)"), blank=True, editable=False)
    organization_name = models.CharField(_("organization (as printed)"), max_length=300, blank=True, editable=False)
    accreditation_basis = models.CharField(
        _("accreditation basis (as printed)"), max_length=20, choices=Basis.choices, blank=True, editable=False
    )
    forum_name = models.CharField(_("forum (as printed)"), max_length=200, blank=True, editable=False)
    forum_starts_on = models.DateField(_("forum starts on (as printed)"), null=True, blank=True, editable=False)
    forum_ends_on = models.DateField(_("forum ends on (as printed)"), null=True, blank=True, editable=False)
    forum_venue = models.CharField(_("venue (as printed)"), max_length=200, blank=True, editable=False)
    forum_city = models.CharField(_("city (as printed)"), max_length=100, blank=True, editable=False)
    forum_country = CountryField(_("country (as printed)"), blank=True, editable=False)
    dated_on = models.DateField(_("dated"), null=True, blank=True, editable=False)
    signatory_name = models.CharField(_("signatory's name (as printed)"), max_length=200, blank=True, editable=False)
    signatory_title = models.CharField(_("signatory's title (as printed)"), max_length=200, blank=True, editable=False)
    letter_template = models.TextField(_("letter text (as printed)"), blank=True, editable=False)
    # A reissued letter names the letter it corrects (which is revoked as superseded).
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    # The fields copied at issue, in the order ``copy_printed_details`` fills them.
    PRINTED_FIELDS = (
        "holder_family_name",
        "holder_given_names",
        "holder_date_of_birth",
        "holder_nationality",
        "organization_name",
        "accreditation_basis",
        "forum_name",
        "forum_starts_on",
        "forum_ends_on",
        "forum_venue",
        "forum_city",
        "forum_country",
        "dated_on",
        "signatory_name",
        "signatory_title",
        "letter_template",
    )

    class Meta:
        verbose_name = _("visa support letter")
        verbose_name_plural = _("visa support letters")
        ordering = ["-requested_at"]
        permissions = [
            ("issue_visa_letter", _("Can issue, decline and revoke visa support letters")),
            ("view_passport_number", _("Can see passport numbers")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate"],
                condition=Q(status__in=sorted(VisaLetterStatus.NON_FINAL)),
                name="visaletter_one_open_per_delegate",
            ),
            models.UniqueConstraint(fields=["forum", "sequence"], name="visaletter_unique_sequence"),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(VisaLetterStatus.NUMBERED))
                | Q(sequence__isnull=False, reference__isnull=False, verification_token__isnull=False),
                name="visaletter_numbered_when_issued",
            ),
            models.CheckConstraint(
                condition=Q(departure_on__gte=models.F("arrival_on")), name="visaletter_departure_after_arrival"
            ),
            # A numbered letter carries the copy of what it prints (filled at issue).
            models.CheckConstraint(
                condition=~Q(status__in=sorted(VisaLetterStatus.NUMBERED))
                | Q(forum_ends_on__isnull=False, dated_on__isnull=False),
                name="visaletter_printed_copy_when_issued",
            ),
        ]
        indexes = [
            models.Index(fields=["forum", "status"], name="visaletter_forum_status_idx"),
            # The Visa officers' queue: by status, oldest request first.
            models.Index(fields=["status", "requested_at"], name="visaletter_queue_idx"),
        ]

    def __str__(self) -> str:
        return self.reference or _("Request by %(name)s") % {"name": self.delegate.full_name}

    def get_verification_url(self) -> str:
        """The public address the letter's QR code opens (``/verify/<token>/`` on SITE_URL)."""
        return absolute_url(reverse("verify_token", kwargs={"token": self.verification_token}))

    def record_revocation(self, *, actor, reason: str, at=None) -> None:
        """Revoke an issued letter: verification says so from now on. Callers hold the row's lock
        and log the action."""
        self.status = VisaLetterStatus.REVOKED
        self.revoked_at = at or timezone.now()
        self.revoked_by = actor if actor is not None and actor.is_authenticated else None
        self.revocation_reason = reason
        self.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "updated_at"])

    def copy_printed_details(self) -> None:
        """Copy everything the letter prints from the representative, the organization and the
        forum as they are now (at issue; ``issued_at`` is set). The caller saves
        ``PRINTED_FIELDS``."""
        delegate = self.delegate
        accreditation = delegate.accreditation
        forum = self.forum
        self.holder_family_name = delegate.family_name
        self.holder_given_names = delegate.given_names
        self.holder_date_of_birth = delegate.date_of_birth
        self.holder_nationality = delegate.nationality
        self.organization_name = accreditation.organization.name
        self.accreditation_basis = accreditation.basis
        self.forum_name = forum.name
        self.forum_starts_on = forum.starts_on
        self.forum_ends_on = forum.ends_on
        self.forum_venue = forum.venue
        self.forum_city = forum.city
        self.forum_country = forum.country
        # The day of issue at the venue: a letter issued at 02:00 UTC in March is dated the day
        # before in New York.
        self.dated_on = forum.local(self.issued_at or timezone.now()).date()
        self.signatory_name = forum.signatory_name
        self.signatory_title = forum.signatory_title
        self.letter_template = forum.letter_template_for(self.language)

    @property
    def holder_full_name(self) -> str:
        """As the letter prints it: given names then FAMILY NAME (like ``Delegate.full_name``)."""
        return f"{self.holder_given_names} {self.holder_family_name.upper()}".strip()

    @property
    def valid_until(self) -> date | None:
        """The last day the letter is valid: LETTER_VALID_DAYS_AFTER_FORUM days after the forum it
        names ends."""
        if self.forum_ends_on is None:
            return None
        return self.forum_ends_on + timedelta(days=settings.LETTER_VALID_DAYS_AFTER_FORUM)

    def is_expired(self, *, today: date | None = None) -> bool:
        """Past its last valid day at the venue — or its holder's data purged, which happens only
        after the forum: a letter whose passport number is erased can vouch for no one."""
        if self.personal_data_purged_at is not None:
            return True
        valid_until = self.valid_until
        today = today or self.forum.local(timezone.now()).date()
        return valid_until is not None and today > valid_until

    def verification_state(self, *, today: date | None = None) -> str:
        """What verification answers for this numbered letter (both paths ask this one place).
        After the purge every letter is *expired*, revoked or not: the form can no longer match
        its passport number, and both paths must give the same answer."""
        if self.personal_data_purged_at is not None:
            return VerificationState.EXPIRED
        if self.status == VisaLetterStatus.REVOKED:
            return VerificationState.REVOKED
        if self.is_expired(today=today):
            return VerificationState.EXPIRED
        return VerificationState.VALID

    @property
    def superseded_by_reference(self) -> str:
        """The reference of the letter that replaced this one when it was reissued, or ""."""
        try:
            return self.superseded_by.reference or ""
        except VisaLetter.DoesNotExist:
            return ""

    @property
    def is_requested(self) -> bool:
        return self.status == VisaLetterStatus.REQUESTED

    @property
    def is_issued(self) -> bool:
        return self.status == VisaLetterStatus.ISSUED

    @property
    def is_revoked(self) -> bool:
        return self.status == VisaLetterStatus.REVOKED

    @property
    def is_declined(self) -> bool:
        return self.status == VisaLetterStatus.DECLINED

    @property
    def visa_refused(self) -> bool:
        return self.visa_outcome == VisaOutcome.REFUSED

    @property
    def masked_passport_number(self) -> str:
        return mask(self.passport_number)
