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
    # bool is an int subclass, but JSON ``true`` is not objective 1.
    if not isinstance(value, list) or not all(isinstance(item, int) and not isinstance(item, bool) for item in value):
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
    """Every ``{placeholder}`` is a bare name the letter knows (no format spec); braces must balance."""
    try:
        placeholders = [
            (field, spec, conversion)
            for _text, field, spec, conversion in string.Formatter().parse(value)
            if field is not None
        ]
    except ValueError as exc:
        raise ValidationError(
            _("The template has an unbalanced brace: write {{ or }} for a literal brace."), code="syntax"
        ) from exc
    # A format spec or conversion would escape the check below ("{full_name:{salary}}" nests an
    # unknown placeholder) or fail when the letter is filled ("{full_name:d}"); letters need neither.
    formatted = [
        "{%s%s%s}" % (field, f"!{conversion}" if conversion else "", f":{spec}" if spec else "")
        for field, spec, conversion in placeholders
        if spec or conversion
    ]
    if formatted:
        raise ValidationError(
            _(
                "Write each placeholder as a bare name in braces, such as {full_name}; "
                "remove the “:” or “!” part from %(placeholders)s."
            ),
            code="format_spec",
            params={"placeholders": ", ".join(formatted)},
        )
    fields = [field for field, _spec, _conversion in placeholders]
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
