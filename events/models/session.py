import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.enums import Modality, SessionKind
from events.models.forum import Forum
from events.validators import validate_gcm_objectives


class Session(models.Model):
    """A meeting of the forum's programme, with a limited number of stakeholder seats."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Round tables are numbered 1 to 4.")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    gcm_objectives = models.JSONField(
        _("GCM objectives"),
        default=list,
        blank=True,
        validators=[validate_gcm_objectives],
        help_text=_("Numbers 1 to 23, e.g. [2, 5, 6, 12, 18]."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, default=Modality.IN_PERSON)
    stakeholder_seats = models.PositiveIntegerField(
        _("stakeholder seats"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    reserved_seats = models.PositiveIntegerField(
        _("reserved seats"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Seats held for speakers; they do not count against the stakeholder seats."),
    )
    webcast_url = models.URLField(_("webcast URL"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "number", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.UniqueConstraint(
                fields=["forum", "kind", "number"],
                condition=Q(number__isnull=False),
                name="session_unique_number_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["forum", "starts_at"], name="session_forum_start_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.kind == SessionKind.ROUND_TABLE and not self.number:
            errors["number"] = _("Give the round table's number.")
        if self.modality == Modality.VIRTUAL and self.room:
            errors["room"] = _("A virtual session has no room.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_virtual(self) -> bool:
        return self.modality == Modality.VIRTUAL

    @property
    def has_seats_limit(self) -> bool:
        return self.stakeholder_seats is not None
