import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accreditation.enums import VisaLetterStatus, VisaOutcome
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
