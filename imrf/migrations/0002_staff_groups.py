from django.db import migrations

from imrf.roles import sync_roles


def remove_groups(apps, schema_editor):
    from imrf.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("imrf", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accreditation", "0002_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, remove_groups)]
