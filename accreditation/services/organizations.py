"""Organizations and their focal points."""

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accreditation.errors import AccreditationError, busy
from accreditation.models import Membership, Organization
from accreditation.normalize import clean_name, organization_key
from imrf.activity import log_action
from imrf.locking import lock_row, locked_transaction
from imrf.mail import absolute_url, recipient_language, send_templated_email
from imrf.models import User


class OrganizationProfileData(TypedDict, total=False):
    """The ``data`` of organization_create and organization_update: ``Organization.PROFILE_FIELDS``,
    as OrganizationForm cleans them (other keys are ignored)."""

    name: str
    acronym: str
    stakeholder_type: str
    country: str
    city: str
    website: str
    email: str
    phone: str
    migration_work: str
    head_name: str
    head_title: str
    year_founded: int | None
    is_registered: bool
    registration_number: str
    registration_explanation: str


# Names as people type them, cleaned wherever they come from (portal, back office, scripts).
ORGANIZATION_NAME_FIELDS = ("name", "acronym", "head_name")


def clean_name_fields(
    *, data: Mapping[str, Any], model: type[models.Model], fields: Iterable[str], keep: Iterable[str]
) -> dict[str, Any]:
    """The ``keep`` entries of ``data``, with the names in ``fields`` cleaned of invisible characters
    (``clean_name``); a required name left empty — made only of such characters — is refused,
    next to its field."""
    cleaned = {name: data[name] for name in keep if name in data}
    for name in fields:
        if name in cleaned:
            cleaned[name] = clean_name(cleaned[name])
            field = model._meta.get_field(name)
            if not cleaned[name] and isinstance(field, models.Field) and not field.blank:
                raise AccreditationError(field.error_messages["blank"], field=name, code="required")
    return cleaned


def _duplicate_error(existing: Organization) -> AccreditationError:
    return AccreditationError(
        _(
            "%(name)s (%(country)s) is already registered. To act for it, ask one of its focal points "
            "to invite you: they can do so from their portal, under “Focal points”, with your e-mail address."
        )
        % {"name": existing.name, "country": existing.country.name},
        field="name",
        code="duplicate",
    )


def organization_create(*, data: OrganizationProfileData, actor: User) -> Organization:
    """Register an organization; its creator becomes its first focal point. Names are unique per
    country, ignoring case, accents, invisible characters and look-alike letters."""
    if Membership.objects.filter(user=actor).exists():
        raise AccreditationError(_("You are already the focal point of an organization."), code="has_organization")
    profile = clean_name_fields(
        data=data, model=Organization, fields=ORGANIZATION_NAME_FIELDS, keep=Organization.PROFILE_FIELDS
    )
    existing = Organization.objects.filter(
        name_key=organization_key(profile["name"]), country=profile["country"]
    ).first()
    if existing is not None:
        raise _duplicate_error(existing)
    organization = Organization(**profile)
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


def organization_update(
    *, organization: Organization, data: OrganizationProfileData, actor: User | None
) -> Organization:
    """Change an organization's profile (a name already taken in the country is refused)."""
    profile = clean_name_fields(
        data=data, model=Organization, fields=ORGANIZATION_NAME_FIELDS, keep=Organization.PROFILE_FIELDS
    )
    key = organization_key(profile.get("name", organization.name))
    country = profile.get("country", organization.country)
    existing = Organization.objects.filter(name_key=key, country=country).exclude(pk=organization.pk).first()
    if existing is not None:
        raise _duplicate_error(existing)
    if profile.get("is_registered", organization.is_registered):
        # A registered organization has nothing to explain.
        profile["registration_explanation"] = ""
    changed = []
    for name, value in profile.items():
        if getattr(organization, name) != value:
            setattr(organization, name, value)
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


def organization_check_new_focal_point(*, organization: Organization, user: User | None) -> None:
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


def focal_point_create(
    *,
    organization: Organization,
    user: User,
    added_by: User | None,
    actor: User | None,
    data: dict[str, Any] | None = None,
) -> Membership:
    """Record a new focal point, log it and tell the organization's other focal points. Runs in the
    caller's transaction, after its checks (the unique constraint is the backstop)."""
    others = list(organization.memberships.select_related("user"))
    membership = Membership.objects.create(organization=organization, user=user, added_by=added_by)
    log_action(
        action="organization.focal_point_added",
        target=organization,
        actor=actor,
        data={"user": user.email, **(data or {})},
    )
    for other in others:
        send_templated_email(
            template="focal_point_joined",
            to=other.user.email,
            language=recipient_language(other.user),
            context={
                "organization": organization.name,
                "full_name": user.get_full_name(),
                "email": user.email,
                "focal_points_url": absolute_url(reverse("portal:focal_points")),
            },
        )
    return membership


def organization_add_focal_point(*, organization: Organization, user: User, actor: User | None) -> Membership:
    """Staff make a confirmed account, of no organization yet, a focal point (the back office; the
    portal invites instead, and only the person can accept)."""
    with locked_transaction(busy=busy("focal_points")):
        # The person's row first, then the organization's (as an invitation's acceptance does):
        # two organizations adding the same person at once cannot both succeed.
        lock_row(get_user_model().objects.filter(pk=user.pk))
        lock_row(Organization.objects.filter(pk=organization.pk))
        organization_check_new_focal_point(organization=organization, user=user)
        membership = focal_point_create(organization=organization, user=user, added_by=actor, actor=actor)
        send_templated_email(
            template="focal_point_added",
            to=user.email,
            language=recipient_language(user),
            context={"organization": organization.name},
        )
    return membership


def organization_remove_focal_point(*, membership: Membership, actor: User | None) -> None:
    """Remove a focal point; an organization always keeps at least one."""
    with locked_transaction(busy=busy("focal_points")):
        # Lock the organization so two focal points removing each other cannot leave none.
        lock_row(Organization.objects.filter(pk=membership.organization_id))
        if not Membership.objects.filter(pk=membership.pk).exists():
            raise AccreditationError(_("This focal point has already been removed."), code="gone")
        if Membership.objects.filter(organization=membership.organization).count() <= 1:
            raise AccreditationError(_("An organization needs at least one focal point."), code="last_member")
        log_action(
            action="organization.focal_point_removed",
            target=membership.organization,
            actor=actor,
            data={"user": membership.user.email},
        )
        membership.delete()
