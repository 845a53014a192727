"""What the decided records share: accreditations, representatives and visa letters."""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecisionRecord(models.Model):
    """The status a decision leaves, who made it, when and why — and the one way to record it.
    A subclass has ``status`` and ``updated_at``; it may redefine ``decision_reason``'s wording."""

    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        abstract = True

    def record_decision(self, status: str, *, actor, reason: str = "", at=None, also: Iterable[str] = ()) -> None:
        """Move to ``status`` and save it with who decided, when and why (and the ``also``
        fields the caller changed with it). Callers hold the row's lock and log the action."""
        self.status = status
        self.decided_at = at or timezone.now()
        self.decided_by = actor if actor is not None and actor.is_authenticated else None
        self.decision_reason = reason
        self.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at", *also])
