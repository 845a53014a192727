import uuid
import zoneinfo
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.validators import validate_letter_template

DEFAULT_LETTER_TEMPLATE = (
    "The Secretariat of the {forum_name} confirms that {full_name}, born on {date_of_birth}, "
    "a national of {nationality}, holder of passport number {passport_number} valid until "
    "{passport_expires_on}, has been registered as a representative of {organization}, "
    "an organization accredited to the forum ({basis}), to participate in the {forum_name}, "
    "to be held at {venue}, {city}, {country}, on {forum_dates}.\n\n"
    "The participant intends to arrive on {arrival_on} and to depart on {departure_on}.\n\n"
    "This letter confirms participation only. The organizers do not cover any costs of travel, "
    "accommodation or subsistence, and the decision on a visa rests solely with the "
    "competent authorities."
)

DEFAULT_LETTER_TEMPLATE_FR = (
    "Le Secrétariat du {forum_name} confirme que {full_name}, né(e) le {date_of_birth}, "
    "de nationalité {nationality}, titulaire du passeport numéro {passport_number} valable jusqu'au "
    "{passport_expires_on}, est inscrit(e) en tant que représentant(e) de {organization}, "
    "organisation accréditée au forum ({basis}), pour participer au {forum_name}, "
    "qui se tiendra à {venue}, {city}, {country}, du {forum_dates}.\n\n"
    "La personne participante prévoit d'arriver le {arrival_on} et de repartir le {departure_on}.\n\n"
    "La présente lettre confirme uniquement la participation. Les organisateurs ne prennent en charge "
    "aucun frais de voyage, d'hébergement ou de séjour, et la décision relative au visa relève exclusivement "
    "des autorités compétentes."
)

DEFAULT_LETTER_TEMPLATE_ES = (
    "La Secretaría del {forum_name} confirma que {full_name}, nacido/a el {date_of_birth}, "
    "de nacionalidad {nationality}, titular del pasaporte número {passport_number} válido hasta el "
    "{passport_expires_on}, está inscrito/a como representante de {organization}, "
    "organización acreditada ante el foro ({basis}), para participar en el {forum_name}, "
    "que se celebrará en {venue}, {city}, {country}, del {forum_dates}.\n\n"
    "La persona participante tiene previsto llegar el {arrival_on} y partir el {departure_on}.\n\n"
    "Esta carta solo confirma la participación. Los organizadores no cubren ningún gasto de viaje, "
    "alojamiento o manutención, y la decisión sobre el visado corresponde exclusivamente a las "
    "autoridades competentes."
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Forum(models.Model):
    """One edition of the forum: its dates, venue, rules (cap, age) and deadlines."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=20, help_text=_("Begins every letter reference, e.g. IMRF2026.")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    delegate_cap = models.PositiveSmallIntegerField(
        _("representatives per organization"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age of representatives"), default=18, validators=[MaxValueValidator(120)]
    )
    applications_close_at = models.DateTimeField(_("applications close"))
    nominations_close_at = models.DateTimeField(_("nominations close"))
    visa_requests_close_at = models.DateTimeField(_("visa-letter requests close"))
    non_objection_days = models.PositiveSmallIntegerField(
        _("non-objection period (days)"), default=10, validators=[MinValueValidator(1)]
    )
    retention_days = models.PositiveSmallIntegerField(_("personal data kept after the forum (days)"), default=90)
    letter_template = models.TextField(
        _("visa-letter template"),
        default=DEFAULT_LETTER_TEMPLATE,
        validators=[validate_letter_template],
        help_text=_("Placeholders in braces, e.g. {full_name}; unknown placeholders are refused."),
    )
    letter_template_fr = models.TextField(
        _("visa-letter template (French)"),
        default=DEFAULT_LETTER_TEMPLATE_FR,
        validators=[validate_letter_template],
    )
    letter_template_es = models.TextField(
        _("visa-letter template (Spanish)"),
        default=DEFAULT_LETTER_TEMPLATE_ES,
        validators=[validate_letter_template],
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    is_active = models.BooleanField(
        _("active"), default=False, help_text=_("The forum the portals work on. At most one.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="forum_single_active"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="forum_ends_after_start"),
            models.CheckConstraint(condition=Q(delegate_cap__gte=1), name="forum_delegate_cap_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.slug and self.name:
            self.slug = slugify(self.short_name)[:60]
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The forum cannot end before it starts.")})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def reference_prefix(self) -> str:
        """``IMRF2026``: the short name, which begins every letter reference."""
        return "".join(self.short_name.split()).upper()

    def local(self, moment: datetime) -> datetime:
        return timezone.localtime(moment, self.tzinfo)

    def letter_template_for(self, language: str) -> str:
        """The letter body in the delegate's language (English when none is set)."""
        return {"fr": self.letter_template_fr, "es": self.letter_template_es}.get(language) or self.letter_template

    def format_moment(self, moment: datetime) -> str:
        """A deadline or time as the venue reads it, localized: "15 March 2027, 11:59 p.m. (America/New_York)"."""
        return f"{date_format(self.local(moment), 'DATETIME_FORMAT')} ({self.time_zone})"

    def is_open(self, deadline: datetime, *, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < deadline

    @property
    def applications_open(self) -> bool:
        return self.is_open(self.applications_close_at)

    @property
    def nominations_open(self) -> bool:
        return self.is_open(self.nominations_close_at)

    @property
    def visa_requests_open(self) -> bool:
        return self.is_open(self.visa_requests_close_at)

    def age_on_start(self, date_of_birth: date) -> int:
        start = self.starts_on
        return start.year - date_of_birth.year - ((start.month, start.day) < (date_of_birth.month, date_of_birth.day))
