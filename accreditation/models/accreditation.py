import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accreditation.enums import AccreditationStatus, Basis, EcosocCategory
from accreditation.models.base import DecisionRecord
from accreditation.models.organization import Organization
from events.models import Forum


class Accreditation(DecisionRecord):
    """An organization's application to, and accreditation for, one forum."""

    # What an organization gives when applying: the application form's fields and all that
    # accreditation_save_draft takes from its data.
    APPLICATION_FIELDS: ClassVar[tuple[str, ...]] = (
        "basis",
        "ecosoc_category",
        "ecosoc_year",
        "reason_for_participation",
    )

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="accreditations"
    )
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    ecosoc_category = models.CharField(_("ECOSOC category"), max_length=20, choices=EcosocCategory.choices, blank=True)
    ecosoc_year = models.PositiveSmallIntegerField(
        _("ECOSOC status since"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1946), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AccreditationStatus.choices, default=AccreditationStatus.DRAFT
    )
    reason_for_participation = models.TextField(_("reason for participation"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(
        _("reason for the decision"), blank=True, help_text=_("Shown to the organization.")
    )
    info_request_message = models.TextField(_("information requested"), blank=True)
    info_requested_at = models.DateTimeField(_("information requested on"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulated to Member States"), null=True, blank=True)
    non_objection_ends_at = models.DateTimeField(_("non-objection period ends"), null=True, blank=True)
    objection_note = models.TextField(
        _("objection"), blank=True, help_text=_("Who objected and why. Confidential to accreditation staff.")
    )
    objection_recorded_at = models.DateTimeField(_("objection recorded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["-submitted_at", "-created_at"]
        permissions = [
            ("decide_accreditation", _("Can decide accreditations")),
            ("view_objection_note", _("Can see objection notes")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organization", "forum"], name="accreditation_unique_per_forum"),
        ]
        indexes = [
            models.Index(fields=["forum", "status"], name="accreditation_forum_status_idx"),
            models.Index(fields=["basis"], name="accreditation_basis_idx"),
            models.Index(fields=["status", "submitted_at"], name="accreditation_queue_idx"),
            # The default ordering of lists (newest submissions first).
            models.Index(fields=["-submitted_at", "-created_at"], name="accreditation_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.forum.short_name}"

    @property
    def is_accredited(self) -> bool:
        return self.status == AccreditationStatus.ACCREDITED

    @property
    def is_open(self) -> bool:
        """Not decided yet (the organization may still withdraw it)."""
        return self.status in AccreditationStatus.OPEN

    @property
    def is_editable(self) -> bool:
        return self.status in AccreditationStatus.EDITABLE

    @property
    def is_awaiting_answer(self) -> bool:
        """The Secretariat asked for information; the organization answers and resubmits."""
        return self.status == AccreditationStatus.INFO_REQUESTED

    @property
    def is_on_non_objection_list(self) -> bool:
        return self.status == AccreditationStatus.NON_OBJECTION

    @property
    def claims_ecosoc_status(self) -> bool:
        return self.basis == Basis.ECOSOC
