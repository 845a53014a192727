"""Import and export of back-office lists (django-import-export): the ECOSOC list in, and
organizations, accreditations, representatives and letters out (CSV, XLSX).

Confidential columns never leave through an export: objection notes are not exported at all,
and passport numbers only in the separate letters export that Visa officers choose (logged).
"""

from decimal import InvalidOperation

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets

from accreditation.enums import EcosocCategory
from accreditation.models import Accreditation, Delegate, EcosocListing, Organization, VisaLetter
from accreditation.normalize import fold, organization_key


class CountryWidget(widgets.Widget):
    """An ISO 3166 code (``KE``) or an English country name (``Kenya``)."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return ""
        if len(value) == 2 and value.upper() in dict(countries):
            return value.upper()
        by_name = {fold(name): code for code, name in countries}
        code = by_name.get(fold(value))
        if code is None:
            raise ValueError(_("Unknown country: %(value)s") % {"value": value})
        return code

    def render(self, value, obj=None, **kwargs):
        return str(value.code if hasattr(value, "code") else value or "")


class CategoryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = fold(value or "")
        by_label = {fold(str(label)): choice for choice, label in EcosocCategory.choices}
        by_label.update({choice: choice for choice in EcosocCategory.values})
        if value not in by_label:
            raise ValueError(
                _("Unknown category: %(value)s (expected General, Special or Roster)") % {"value": value or "—"}
            )
        return by_label[value]

    def render(self, value, obj=None, **kwargs):
        return EcosocCategory(value).label if value in EcosocCategory.values else ""


class YearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            year = super().clean(value, row=row, **kwargs)
        except (InvalidOperation, ValueError, TypeError) as exc:
            raise ValueError(
                _("The year must be a number between 1946 and 2100; got “%(value)s”.") % {"value": value}
            ) from exc
        if year is not None and not 1946 <= year <= 2100:
            raise ValueError(_("The year must be between 1946 and 2100."))
        return year


class EcosocListingResource(resources.ModelResource):
    """CSV columns: name, country, category, year. Rows are matched by normalized name and country."""

    name = fields.Field(attribute="name", column_name="name", widget=widgets.CharWidget())
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    category = fields.Field(attribute="category", column_name="category", widget=CategoryWidget())
    year = fields.Field(attribute="year", column_name="year", widget=YearWidget())

    class Meta:
        model = EcosocListing
        fields = ("name", "country", "category", "year")
        import_id_fields = ("name", "country")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        headers = dataset.headers or []
        missing = [column for column in ("name", "country", "category", "year") if column not in headers]
        if missing:
            raise ValueError(
                _("The file lacks the column(s): %(missing)s. Expected: name, country, category, year.")
                % {"missing": ", ".join(missing)}
            )

    def before_import_row(self, row, **kwargs):
        if not (row.get("name") or "").strip():
            raise ValueError(_("A row has no name."))

    def get_instance(self, instance_loader, row):
        key = organization_key(row.get("name") or "")
        country = CountryWidget().clean(row.get("country"))
        return EcosocListing.objects.filter(name_key=key, country=country).first()


class OrganizationResource(resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    stakeholder_type = fields.Field(column_name="stakeholder_type")

    class Meta:
        model = Organization
        fields = (
            "public_id",
            "name",
            "acronym",
            "country",
            "city",
            "website",
            "email",
            "phone",
            "stakeholder_type",
            "year_founded",
            "is_registered",
            "registration_number",
            "created_at",
        )
        export_order = fields

    def dehydrate_stakeholder_type(self, organization: Organization) -> str:
        return str(organization.get_stakeholder_type_display())


class AccreditationResource(resources.ModelResource):
    organization = fields.Field(attribute="organization__name", column_name="organization")
    country = fields.Field(attribute="organization__country", column_name="country", widget=CountryWidget())
    forum = fields.Field(attribute="forum__short_name", column_name="forum")

    class Meta:
        model = Accreditation
        # No objection note, ever: it is confidential to accreditation officers.
        fields = (
            "public_id",
            "organization",
            "country",
            "forum",
            "basis",
            "ecosoc_category",
            "ecosoc_year",
            "status",
            "submitted_at",
            "decided_at",
            "circulated_at",
            "non_objection_ends_at",
        )
        export_order = fields


class DelegateResource(resources.ModelResource):
    organization = fields.Field(attribute="accreditation__organization__name", column_name="organization")
    nationality = fields.Field(attribute="nationality", column_name="nationality", widget=CountryWidget())
    country_of_residence = fields.Field(
        attribute="country_of_residence", column_name="country_of_residence", widget=CountryWidget()
    )

    class Meta:
        model = Delegate
        fields = (
            "public_id",
            "organization",
            "slot",
            "status",
            "family_name",
            "given_names",
            "date_of_birth",
            "gender",
            "nationality",
            "country_of_residence",
            "email",
            "job_title",
            "modality",
            "is_head_of_delegation",
            "nominated_at",
            "decided_at",
            "badge_collected_at",
        )
        export_order = fields


class VisaLetterResource(resources.ModelResource):
    """Letters with the passport number masked (last four characters)."""

    family_name = fields.Field(attribute="delegate__family_name", column_name="family_name")
    given_names = fields.Field(attribute="delegate__given_names", column_name="given_names")
    nationality = fields.Field(attribute="delegate__nationality", column_name="nationality", widget=CountryWidget())
    organization = fields.Field(attribute="delegate__accreditation__organization__name", column_name="organization")
    passport = fields.Field(column_name="passport_number")
    consulate_country = fields.Field(
        attribute="consulate_country", column_name="consulate_country", widget=CountryWidget()
    )

    class Meta:
        model = VisaLetter
        name = _("Letters (passport numbers masked)")
        fields = (
            "reference",
            "status",
            "family_name",
            "given_names",
            "nationality",
            "organization",
            "passport",
            "passport_expires_on",
            "consulate_country",
            "consulate_city",
            "arrival_on",
            "departure_on",
            "requested_at",
            "issued_at",
            "visa_outcome",
        )
        export_order = fields

    def dehydrate_passport(self, letter: VisaLetter) -> str:
        return letter.masked_passport_number


class VisaLetterWithPassportResource(VisaLetterResource):
    """For Visa officers only: the full passport numbers (each export is logged)."""

    class Meta(VisaLetterResource.Meta):
        name = _("Letters with full passport numbers (Visa officers; logged)")

    def dehydrate_passport(self, letter: VisaLetter) -> str:
        return letter.passport_number
