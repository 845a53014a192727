from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accreditation.enums import EcosocCategory
from accreditation.normalize import organization_key


class EcosocListing(models.Model):
    """One organization of the imported list of ECOSOC consultative status."""

    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(_("normalized name"), max_length=300, editable=False, db_index=True)
    country = CountryField(_("country"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=EcosocCategory.choices)
    year = models.PositiveSmallIntegerField(
        _("year granted"), null=True, blank=True, validators=[MinValueValidator(1946), MaxValueValidator(2100)]
    )
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("ECOSOC listing")
        verbose_name_plural = _("ECOSOC list")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name_key", "country"], name="ecosoclisting_unique")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = organization_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)
