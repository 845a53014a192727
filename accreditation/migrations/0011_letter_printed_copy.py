"""Letters are records (issue 15, item 4): what a visa support letter prints is copied onto it
when it is issued, and the PDF and the verification page read only that copy. A reissued letter
names the letter it replaces.

Letters issued before this migration get their copy from the live rows as they are now — the
best record there is — including the date of issue at the venue and the forum's letter text in
the letter's language. Then a constraint makes every numbered letter carry its copy.
"""

import zoneinfo

import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models

BATCH_SIZE = 500
# VisaLetterStatus.NUMBERED when this migration was written.
NUMBERED = ("issued", "revoked")
PRINTED_FIELDS = (
    "holder_family_name",
    "holder_given_names",
    "holder_date_of_birth",
    "holder_nationality",
    "organization_name",
    "accreditation_basis",
    "forum_name",
    "forum_starts_on",
    "forum_ends_on",
    "forum_venue",
    "forum_city",
    "forum_country",
    "dated_on",
    "signatory_name",
    "signatory_title",
    "letter_template",
)


def _copy(letter) -> None:
    """``VisaLetter.copy_printed_details`` as it was written, on the historical models."""
    delegate = letter.delegate
    accreditation = delegate.accreditation
    forum = letter.forum
    letter.holder_family_name = delegate.family_name
    letter.holder_given_names = delegate.given_names
    letter.holder_date_of_birth = delegate.date_of_birth
    letter.holder_nationality = delegate.nationality
    letter.organization_name = accreditation.organization.name
    letter.accreditation_basis = accreditation.basis
    letter.forum_name = forum.name
    letter.forum_starts_on = forum.starts_on
    letter.forum_ends_on = forum.ends_on
    letter.forum_venue = forum.venue
    letter.forum_city = forum.city
    letter.forum_country = forum.country
    moment = letter.issued_at or letter.decided_at or letter.requested_at
    letter.dated_on = moment.astimezone(zoneinfo.ZoneInfo(forum.time_zone)).date()
    letter.signatory_name = forum.signatory_name
    letter.signatory_title = forum.signatory_title
    templates = {"fr": forum.letter_template_fr, "es": forum.letter_template_es}
    letter.letter_template = templates.get(letter.language) or forum.letter_template


def copy_printed_details(apps, schema_editor):
    """Give every numbered letter without a copy the copy of the live rows."""
    letter_model = apps.get_model("accreditation", "VisaLetter")
    letters = (
        letter_model.objects.filter(status__in=NUMBERED, forum_ends_on__isnull=True)
        .select_related("delegate__accreditation__organization", "forum")
        .order_by("pk")
    )
    batch = []
    for letter in letters.iterator(chunk_size=BATCH_SIZE):
        _copy(letter)
        batch.append(letter)
        if len(batch) == BATCH_SIZE:
            letter_model.objects.bulk_update(batch, PRINTED_FIELDS)
            batch = []
    if batch:
        letter_model.objects.bulk_update(batch, PRINTED_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0010_focal_point_invitation"),
        ("events", "0002_letter_templates_fr_es"),
    ]

    operations = [
        migrations.AddField(
            model_name="visaletter",
            name="accreditation_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    ("ecosoc", "ECOSOC consultative status"),
                    ("gcm", "Accredited to the Global Compact process"),
                    ("nhri", "National human rights institution"),
                    ("special", "Special accreditation"),
                ],
                editable=False,
                max_length=20,
                verbose_name="accreditation basis (as printed)",
            ),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="dated_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="dated"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="forum_city",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="city (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="forum_country",
            field=django_countries.fields.CountryField(
                blank=True, editable=False, max_length=2, verbose_name="country (as printed)"
            ),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="forum_ends_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="forum ends on (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="forum_name",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="forum (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="forum_starts_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="forum starts on (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="forum_venue",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="venue (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="holder_date_of_birth",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="date of birth (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="holder_family_name",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="family name (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="holder_given_names",
            field=models.CharField(blank=True, editable=False, max_length=150, verbose_name="given names (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="holder_nationality",
            field=django_countries.fields.CountryField(
                blank=True, editable=False, max_length=2, verbose_name="nationality (as printed)"
            ),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="letter_template",
            field=models.TextField(blank=True, editable=False, verbose_name="letter text (as printed)"),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="organization_name",
            field=models.CharField(
                blank=True, editable=False, max_length=300, verbose_name="organization (as printed)"
            ),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="signatory_name",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="signatory's name (as printed)"
            ),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="signatory_title",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="signatory's title (as printed)"
            ),
        ),
        migrations.AddField(
            model_name="visaletter",
            name="supersedes",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="superseded_by",
                to="accreditation.visaletter",
                verbose_name="replaces",
            ),
        ),
        migrations.RunPython(copy_printed_details, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="visaletter",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["issued", "revoked"]), _negated=True)
                | models.Q(("dated_on__isnull", False), ("forum_ends_on__isnull", False)),
                name="visaletter_printed_copy_when_issued",
            ),
        ),
    ]
