import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models.organization import Organization

# Not yet accepted, declined or cancelled (it may have expired: it can still be sent again).
OPEN = Q(accepted_at__isnull=True, declined_at__isnull=True, cancelled_at__isnull=True)


class FocalPointInvitation(models.Model):
    """An organization's invitation, by e-mail, to become one of its focal points. Only an account
    whose confirmed address is the invited one can accept it, through a one-time link that expires;
    nobody becomes a focal point without accepting."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="focal_point_invitations",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    name = models.CharField(_("name"), max_length=150, blank=True)
    # Part of the link; replaced when the invitation is sent again, cleared once it is answered
    # or cancelled, so an old link never works.
    nonce = models.CharField(_("link nonce"), max_length=64, blank=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"))
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("focal point invitation")
        verbose_name_plural = _("focal point invitations")
        ordering = ["created_at"]
        constraints = [
            # One open invitation per address and organization: inviting again renews it.
            models.UniqueConstraint(
                Lower("email"), "organization", condition=OPEN, name="focal_point_invitation_one_open"
            ),
            # Answered or cancelled, once.
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True)
                | Q(accepted_at__isnull=True, cancelled_at__isnull=True)
                | Q(declined_at__isnull=True, cancelled_at__isnull=True),
                name="focal_point_invitation_one_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.cancelled_at is None

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def is_pending(self) -> bool:
        """Open and its link still valid."""
        return self.is_open and not self.is_expired()
