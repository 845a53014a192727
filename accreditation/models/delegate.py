import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accreditation.enums import DelegateStatus, Gender, ParticipationModality
from accreditation.models.accreditation import Accreditation
from accreditation.models.base import DecisionRecord
from accreditation.models.document import private_storage
from accreditation.normalize import person_key
from events.models import Forum

_ACTIVE = Q(status__in=sorted(DelegateStatus.ACTIVE))


def photo_path(instance: "Delegate", filename: str) -> str:
    return f"photos/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower() if '.' in filename else 'jpg'}"


class Delegate(DecisionRecord):
    """A representative nominated by an accredited organization; holds one slot of its cap."""

    # What a focal point gives when nominating: the nomination form's fields and all that
    # delegate_nominate takes from its data (the rest — slot, forum, identity key — it derives).
    NOMINEE_FIELDS: ClassVar[tuple[str, ...]] = (
        "family_name",
        "given_names",
        "date_of_birth",
        "gender",
        "nationality",
        "country_of_residence",
        "email",
        "phone",
        "job_title",
        "modality",
        "is_head_of_delegation",
        "accessibility_needs",
    )

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    accreditation = models.ForeignKey(
        Accreditation, verbose_name=_("accreditation"), on_delete=models.PROTECT, related_name="delegates"
    )
    # Denormalized from the accreditation so the database can enforce one person per forum.
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="+")
    slot = models.PositiveSmallIntegerField(_("slot"))
    status = models.CharField(
        _("status"), max_length=20, choices=DelegateStatus.choices, default=DelegateStatus.NOMINATED
    )
    family_name = models.CharField(_("family name (as in passport)"), max_length=100)
    given_names = models.CharField(_("given names (as in passport)"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    nationality = CountryField(_("nationality"))
    country_of_residence = CountryField(_("country of residence"))
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), storage=private_storage, upload_to=photo_path, max_length=200, blank=True)
    modality = models.CharField(
        _("participation"),
        max_length=20,
        choices=ParticipationModality.choices,
        default=ParticipationModality.IN_PERSON,
    )
    is_head_of_delegation = models.BooleanField(_("head of delegation"), default=False)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations",
    )
    invitation_nonce = models.CharField(_("invitation nonce"), max_length=64, blank=True, editable=False)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invitation_accepted_at = models.DateTimeField(_("invitation accepted"), null=True, blank=True)
    name_key = models.CharField(_("identity key"), max_length=400, editable=False, db_index=True)
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The nominating focal point's confirmation that the person agrees to the privacy notice.
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=20, blank=True, editable=False)
    badge_collected_at = models.DateTimeField(_("badge collected"), null=True, blank=True)
    badge_collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("badge handed over by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_purged_at = models.DateTimeField(_("personal data purged"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["accreditation", "slot", "-nominated_at"]
        permissions = [
            ("decide_delegate", _("Can decide nominations of representatives")),
            ("check_in", _("Can check representatives in")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(slot__gte=1), name="delegate_slot_positive"),
            # The cap's backstop: one active representative per slot of an accreditation.
            models.UniqueConstraint(
                fields=["accreditation", "slot"], condition=_ACTIVE, name="delegate_unique_active_slot"
            ),
            # One person is nominated by at most one organization per forum.
            models.UniqueConstraint(
                fields=["forum", "name_key"], condition=_ACTIVE, name="delegate_unique_active_person"
            ),
        ]
        indexes = [
            models.Index(fields=["forum", "status"], name="delegate_forum_status_idx"),
            models.Index(fields=["nationality"], name="delegate_nationality_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.name_key = person_key(
            family_name=self.family_name, given_names=self.given_names, date_of_birth=self.date_of_birth
        )
        if self.personal_data_purged_at and self.pk:
            # Without the date of birth, namesakes would collide; a purged row identifies no one.
            self.name_key = f"{self.name_key}|purged:{self.pk}"
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"family_name", "given_names", "date_of_birth"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        """Given names then family name in capitals, as UN lists print them."""
        return f"{self.given_names} {self.family_name.upper()}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in DelegateStatus.ACTIVE

    @property
    def is_nominated(self) -> bool:
        """Waiting for the Secretariat's decision."""
        return self.status == DelegateStatus.NOMINATED

    @property
    def is_approved(self) -> bool:
        return self.status == DelegateStatus.APPROVED

    @property
    def is_in_person(self) -> bool:
        return self.modality == ParticipationModality.IN_PERSON
