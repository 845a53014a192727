"""The Secretariat's staff groups (DESIGN.md §5 "Roles") and what each may do.

A data migration creates the groups from this map; a later migration that changes a role
calls ``sync_roles`` again. Each group gets exactly these permissions (extra ones removed).
"""

ACCREDITATION_OFFICERS = "Accreditation officers"
VISA_OFFICERS = "Visa officers"
PROGRAMME_MANAGERS = "Programme managers"
VIEWERS = "Viewers"

_VIEW_ALL = [
    "accreditation.view_organization",
    "accreditation.view_membership",
    "accreditation.view_accreditation",
    "accreditation.view_delegate",
    "accreditation.view_ecosoclisting",
    "accreditation.view_visaletter",
    "accreditation.view_sessionregistration",
    "events.view_forum",
    "events.view_session",
    "imrf.view_activitylog",
]

ROLES: dict[str, list[str]] = {
    ACCREDITATION_OFFICERS: [
        *_VIEW_ALL,
        "accreditation.change_organization",
        "accreditation.add_membership",
        "accreditation.delete_membership",
        "accreditation.change_accreditation",
        "accreditation.decide_accreditation",
        "accreditation.view_objection_note",
        "accreditation.view_accreditationdocument",
        "accreditation.change_delegate",
        "accreditation.decide_delegate",
        "accreditation.add_ecosoclisting",
        "accreditation.change_ecosoclisting",
        "accreditation.delete_ecosoclisting",
    ],
    VISA_OFFICERS: [
        *_VIEW_ALL,
        "accreditation.change_visaletter",
        "accreditation.issue_visa_letter",
        "accreditation.view_passport_number",
    ],
    PROGRAMME_MANAGERS: [
        *_VIEW_ALL,
        "events.add_forum",
        "events.change_forum",
        "events.add_session",
        "events.change_session",
        "events.delete_session",
        "accreditation.change_sessionregistration",
        "accreditation.check_in",
    ],
    VIEWERS: [*_VIEW_ALL, "accreditation.view_accreditationdocument"],
}


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly its permissions (idempotent)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".", 1)
            permissions.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    """post_migrate: keep the groups in step after every ``migrate`` and ``flush`` (a flush empties
    the groups table but, unlike permissions, nothing else would bring the groups back)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    if sender.name != "imrf":
        return
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    for name, codenames in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".", 1)
            permissions.append(
                Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
