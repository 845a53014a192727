"""Organizations and their focal points."""

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accreditation.errors import AccreditationError
from accreditation.models import Membership, Organization
from accreditation.normalize import organization_key
from imrf.activity import log_action
from imrf.locking import lock_row
from imrf.mail import recipient_language, send_templated_email

ORGANIZATION_FIELDS = [
    "name",
    "acronym",
    "country",
    "city",
    "website",
    "email",
    "phone",
    "stakeholder_type",
    "migration_work",
    "head_name",
    "head_title",
    "year_founded",
    "is_registered",
    "registration_number",
    "registration_explanation",
]


def _duplicate_error(existing: Organization) -> AccreditationError:
    return AccreditationError(
        _(
            "%(name)s (%(country)s) is already registered. To act for it, ask one of its focal points "
            "to add you: they can do so from their portal, under “Focal points”, with your e-mail address."
        )
        % {"name": existing.name, "country": existing.country.name},
        field="name",
        code="duplicate",
    )


def organization_create(*, data: dict[str, Any], actor) -> Organization:
    """Register an organization; its creator becomes its first focal point. Names are unique per
    country, ignoring case and accents."""
    if Membership.objects.filter(user=actor).exists():
        raise AccreditationError(_("You are already the focal point of an organization."), code="has_organization")
    existing = Organization.objects.filter(name_key=organization_key(data["name"]), country=data["country"]).first()
    if existing is not None:
        raise _duplicate_error(existing)
    organization = Organization(**{name: data[name] for name in ORGANIZATION_FIELDS if name in data})
    if organization.is_registered:
        organization.registration_explanation = ""
    try:
        with transaction.atomic():
            organization.full_clean()
            organization.save()
            Membership.objects.create(organization=organization, user=actor, added_by=actor)
            log_action(
                action="organization.created", target=organization, actor=actor, data={"name": organization.name}
            )
    except ValidationError as exc:
        raise AccreditationError("; ".join(exc.messages), code="invalid") from exc
    except IntegrityError as exc:
        # Two people registered the same organization at the same moment.
        existing = Organization.objects.filter(name_key=organization.name_key, country=organization.country).first()
        if existing is not None:
            raise _duplicate_error(existing) from exc
        raise AccreditationError(_("The organization could not be saved. Please try again."), code="retry") from exc
    return organization


def organization_update(*, organization: Organization, data: dict[str, Any], actor) -> Organization:
    """Change an organization's profile (a name already taken in the country is refused)."""
    key = organization_key(data.get("name", organization.name))
    country = data.get("country", organization.country)
    existing = Organization.objects.filter(name_key=key, country=country).exclude(pk=organization.pk).first()
    if existing is not None:
        raise _duplicate_error(existing)
    data = dict(data)
    if data.get("is_registered", organization.is_registered):
        # A registered organization has nothing to explain.
        data["registration_explanation"] = ""
    changed = []
    for name in ORGANIZATION_FIELDS:
        if name in data and getattr(organization, name) != data[name]:
            setattr(organization, name, data[name])
            changed.append(name)
    if not changed:
        return organization
    try:
        with transaction.atomic():
            organization.full_clean()
            organization.save(update_fields=[*changed, "updated_at"])
            log_action(action="organization.updated", target=organization, actor=actor, data={"fields": changed})
    except ValidationError as exc:
        raise AccreditationError("; ".join(exc.messages), code="invalid") from exc
    except IntegrityError as exc:
        raise AccreditationError(_("The organization could not be saved. Please try again."), code="retry") from exc
    return organization


def organization_check_new_focal_point(*, organization: Organization, user) -> None:
    """Refuse (``AccreditationError``) unless ``user`` — ``None`` when no account was found — may
    become a focal point of ``organization``: a confirmed account, of no organization yet."""
    verified = (
        user is not None and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )
    if not verified:
        raise AccreditationError(
            _(
                "No confirmed account uses this e-mail address. "
                "Ask the person to register and confirm their e-mail first."
            ),
            field="email",
            code="no_account",
        )
    if organization.pk is not None and Membership.objects.filter(organization=organization, user=user).exists():
        raise AccreditationError(_("This person is already a focal point."), field="email", code="already_member")
    if Membership.objects.filter(user=user).exists():
        raise AccreditationError(
            _("This person is already the focal point of another organization."), field="email", code="other_org"
        )


def organization_add_focal_point(*, organization: Organization, email: str, actor) -> Membership:
    """Add a person with a verified account as a focal point of the organization."""
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    organization_check_new_focal_point(organization=organization, user=user)
    with transaction.atomic():
        membership = Membership.objects.create(organization=organization, user=user, added_by=actor)
        log_action(action="organization.focal_point_added", target=organization, actor=actor, data={"user": user.email})
        send_templated_email(
            template="focal_point_added",
            to=user.email,
            language=recipient_language(user),
            context={"organization": organization.name},
        )
    return membership


def organization_remove_focal_point(*, membership: Membership, actor) -> None:
    """Remove a focal point; an organization always keeps at least one."""
    with transaction.atomic():
        # Lock the organization so two focal points removing each other cannot leave none.
        lock_row(Organization.objects.filter(pk=membership.organization_id))
        if Membership.objects.filter(organization=membership.organization).count() <= 1:
            raise AccreditationError(_("An organization needs at least one focal point."), code="last_member")
        log_action(
            action="organization.focal_point_removed",
            target=membership.organization,
            actor=actor,
            data={"user": membership.user.email},
        )
        membership.delete()
