import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accreditation.enums import RegistrationStatus
from accreditation.models.delegate import Delegate
from events.models import Session


class SessionRegistration(models.Model):
    """A delegate's seat (or waitlist place) in one session."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("representative"), on_delete=models.CASCADE, related_name="registrations"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    in_person = models.BooleanField(
        _("in person"), default=True, help_text=_("Takes a seat in the room; virtual participants do not.")
    )
    position = models.PositiveIntegerField(
        _("waitlist position"), null=True, blank=True, help_text=_("Order on the waitlist; lower goes first.")
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["session", "status", "position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "session"],
                condition=Q(status__in=sorted(RegistrationStatus.ACTIVE)),
                name="registration_unique_active",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="registration_session_idx")]

    def __str__(self) -> str:
        return f"{self.delegate} — {self.session}"

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED
