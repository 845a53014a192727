from django import template

from accreditation.enums import STATUS_ENUMS

register = template.Library()

# One table from every status enumeration's tones (a value has the same tone in every enum
# that has it: "revoked" is bad for an accreditation and for a letter).
_TONES = {value: tone for enum in STATUS_ENUMS for value, tone in enum.TONES.items()}


@register.filter
def status_tone(status: str) -> str:
    """The colour family of a status badge (text always says the status; colour only helps)."""
    return _TONES.get(str(status), "")
