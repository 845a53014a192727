"""Validators for the forum's own data (no knowledge of people)."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.enums import GCM_OBJECTIVE_COUNT

# Placeholders the visa-letter template may use; the letter fills each one.
LETTER_PLACEHOLDERS = {
    "full_name",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_expires_on",
    "organization",
    "forum_name",
    "forum_dates",
    "venue",
    "city",
    "country",
    "basis",
    "arrival_on",
    "departure_on",
}


def validate_gcm_objectives(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, int) for item in value):
        raise ValidationError(_("Give the GCM objectives as a list of numbers."), code="invalid")
    wrong = sorted({item for item in value if not 1 <= item <= GCM_OBJECTIVE_COUNT})
    if wrong:
        raise ValidationError(
            _("GCM objectives are numbered 1 to %(max)d; %(wrong)s is not one of them."),
            code="out_of_range",
            params={"max": GCM_OBJECTIVE_COUNT, "wrong": ", ".join(map(str, wrong))},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each GCM objective may appear only once."), code="duplicate")


def validate_letter_template(value: str) -> None:
    """Every ``{placeholder}`` must be one the letter knows; braces must balance."""
    try:
        fields = [field for _text, field, _spec, _conv in string.Formatter().parse(value) if field is not None]
    except ValueError as exc:
        raise ValidationError(
            _("The template has an unbalanced brace: write {{ or }} for a literal brace."), code="syntax"
        ) from exc
    unknown = sorted({field for field in fields if field not in LETTER_PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(unknown)s. Allowed: %(allowed)s."),
            code="unknown_placeholder",
            params={
                "unknown": ", ".join("{%s}" % field for field in unknown),
                "allowed": ", ".join("{%s}" % field for field in sorted(LETTER_PLACEHOLDERS)),
            },
        )
