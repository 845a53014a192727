"""Focal points join by invitation (issue 13, finding 10): the invitations, and a public id that
names a membership in the portal's forms instead of its e-mail address."""

import uuid

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def fill_membership_public_ids(apps, schema_editor):
    """One random id per existing membership (a column default would give them all the same)."""
    membership_model = apps.get_model("accreditation", "Membership")
    for membership in membership_model.objects.filter(public_id__isnull=True).only("pk").iterator():
        membership_model.objects.filter(pk=membership.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0009_name_keys_invisible_and_confusable"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(fill_membership_public_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"),
        ),
        migrations.CreateModel(
            name="FocalPointInvitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "public_id",
                    models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                ("name", models.CharField(blank=True, max_length=150, verbose_name="name")),
                ("nonce", models.CharField(blank=True, editable=False, max_length=64, verbose_name="link nonce")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("sent_at", models.DateTimeField(verbose_name="last sent")),
                ("expires_at", models.DateTimeField(verbose_name="expires")),
                ("accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="accepted")),
                ("declined_at", models.DateTimeField(blank=True, null=True, verbose_name="declined")),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="cancelled")),
                (
                    "invited_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="invited by",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="focal_point_invitations",
                        to="accreditation.organization",
                        verbose_name="organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "focal point invitation",
                "verbose_name_plural": "focal point invitations",
                "ordering": ["created_at"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("email"),
                        models.F("organization"),
                        condition=models.Q(
                            ("accepted_at__isnull", True), ("cancelled_at__isnull", True), ("declined_at__isnull", True)
                        ),
                        name="focal_point_invitation_one_open",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("accepted_at__isnull", True), ("declined_at__isnull", True)),
                            models.Q(("accepted_at__isnull", True), ("cancelled_at__isnull", True)),
                            models.Q(("cancelled_at__isnull", True), ("declined_at__isnull", True)),
                            _connector="OR",
                        ),
                        name="focal_point_invitation_one_outcome",
                    ),
                ],
            },
        ),
    ]
