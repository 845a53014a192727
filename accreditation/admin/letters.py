"""Visa support letters."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from accreditation.models import VisaLetter
from accreditation.resources import VisaLetterResource, VisaLetterWithPassportResource
from imrf.activity import log_action
from imrf.admin import HistoryAdminMixin


@admin.register(VisaLetter)
class VisaLetterAdmin(HistoryAdminMixin, ExportMixin, admin.ModelAdmin):
    export_formats = [CSV, XLSX]

    def get_export_resource_classes(self, request):
        classes = [VisaLetterResource]
        if request.user.has_perm("accreditation.view_passport_number"):
            classes.append(VisaLetterWithPassportResource)
        return classes

    def get_data_for_export(self, request, queryset, **kwargs):
        export_class = self.choose_export_resource_class(kwargs.get("export_form"), request)
        if export_class is VisaLetterWithPassportResource:
            if not request.user.has_perm("accreditation.view_passport_number"):
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied
            log_action(
                action="visa_letter.exported_with_passport_numbers",
                target=None,
                actor=request.user,
                data={"count": queryset.count()},
            )
        return super().get_data_for_export(request, queryset, **kwargs)

    list_display = [
        "reference",
        "delegate",
        "organization",
        "status",
        "consulate_country",
        "requested_at",
        "issued_at",
        "visa_outcome",
    ]
    list_filter = ["status", "visa_outcome", "forum", "consulate_country", "language"]
    search_fields = ["reference", "delegate__family_name", "delegate__given_names", "consulate_city"]
    list_select_related = ["delegate__accreditation__organization", "forum"]
    autocomplete_fields = ["delegate"]
    show_full_result_count = False
    date_hierarchy = "requested_at"

    @admin.display(description=_("organization"))
    def organization(self, obj: VisaLetter):
        return obj.delegate.accreditation.organization

    @admin.display(description=_("passport number"))
    def passport(self, obj: VisaLetter) -> str:
        return obj.masked_passport_number

    def get_fields(self, request, obj=None):
        return [
            "public_id",
            "delegate",
            "forum",
            "status",
            "reference",
            "passport",
            "passport_issuing_country",
            "passport_issued_on",
            "passport_expires_on",
            "place_of_birth",
            "consulate_country",
            "consulate_city",
            "arrival_on",
            "departure_on",
            "language",
            "requested_at",
            "issued_at",
            "issued_by",
            "decided_at",
            "decided_by",
            "decision_reason",
            "revoked_at",
            "revoked_by",
            "revocation_reason",
            "visa_outcome",
            "visa_outcome_at",
            "personal_data_purged_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        # Everything: letters change only through the visa officers' decisions.
        return self.get_fields(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
