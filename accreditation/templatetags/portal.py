from django import template

register = template.Library()

_TONES = {
    "accredited": "ok",
    "approved": "ok",
    "issued": "ok",
    "confirmed": "ok",
    "granted": "ok",
    "submitted": "warn",
    "info_requested": "warn",
    "non_objection": "warn",
    "nominated": "warn",
    "requested": "warn",
    "waitlisted": "warn",
    "pending": "warn",
    "rejected": "bad",
    "objected": "bad",
    "revoked": "bad",
    "cancelled": "bad",
    "declined": "bad",
    "refused": "bad",
}


@register.filter
def status_tone(status: str) -> str:
    """The colour family of a status badge (text always says the status; colour only helps)."""
    return _TONES.get(str(status), "")
