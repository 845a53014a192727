"""The audit log helper every service calls (pretix's ``log_action``)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from imrf.models import ActivityLog
from imrf.request_context import current_ip

MASK = "********"
_SECRET_MARKERS = ("password", "secret", "token", "passport", "key")


def mask_secrets(data: Any) -> Any:
    """Mask values whose keys look secret, at any depth."""
    if isinstance(data, dict):
        return {
            key: MASK if any(marker in str(key).lower() for marker in _SECRET_MARKERS) else mask_secrets(value)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [mask_secrets(value) for value in data]
    return data


def log_action(
    *, action: str, target: models.Model | None, actor=None, data: dict[str, Any] | None = None
) -> ActivityLog:
    """Write one audit entry. ``action`` is namespaced: ``<app or entity>.<verb>``."""
    if "." not in action:
        raise ValueError(f"Action codes are namespaced ('entity.verb'), got {action!r}.")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return ActivityLog.objects.create(
        action=action,
        actor=actor,
        ip_address=current_ip.get(),
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        data=mask_secrets(data or {}),
    )
