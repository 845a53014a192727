"""Who is e-mailed about an organization's application and representatives."""

from typing import Any

from django.urls import reverse

from accreditation.models import Accreditation, Delegate
from imrf.mail import absolute_url, recipient_language, send_templated_email


def notify_focal_points(*, accreditation: Accreditation, template: str, context: dict[str, Any] | None = None) -> None:
    """E-mail every focal point of the organization, each in their own language, after commit."""
    base = {
        "organization": accreditation.organization.name,
        "forum": accreditation.forum.name,
        "portal_url": absolute_url(reverse("portal:dashboard")),
        **(context or {}),
    }
    for membership in accreditation.organization.memberships.select_related("user"):
        user = membership.user
        send_templated_email(
            template=template,
            to=user.email,
            language=recipient_language(user),
            context={**base, "recipient": user.get_full_name()},
        )


def notify_delegate(
    *, delegate: Delegate, template: str, context: dict[str, Any] | None = None, language: str | None = None
) -> None:
    """E-mail a representative at the address their organization gave."""
    send_templated_email(
        template=template,
        to=delegate.email,
        language=language or recipient_language(delegate.user),
        context={
            "full_name": delegate.full_name,
            "organization": delegate.accreditation.organization.name,
            "forum": delegate.accreditation.forum.name,
            **(context or {}),
        },
    )
