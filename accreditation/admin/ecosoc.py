"""The imported ECOSOC list."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.results import RowResult

from accreditation.models import EcosocListing
from accreditation.resources import EcosocListingResource
from imrf.activity import log_action
from imrf.admin import HistoryAdminMixin
from imrf.spreadsheets import CSV, XLSX


@admin.register(EcosocListing)
class EcosocListingAdmin(HistoryAdminMixin, ImportExportMixin, admin.ModelAdmin):
    """Import the ECOSOC list as CSV (name, country, category, year): a file with any bad row
    imports nothing and lists the errors."""

    resource_classes = [EcosocListingResource]
    import_formats = [CSV]
    export_formats = [CSV, XLSX]

    def get_import_data_kwargs(self, **kwargs):
        # A file with any bad row imports nothing, whichever step is posted.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        """A confirmed import is written to the ActivityLog: who, which file, how many rows of
        each kind (the dry run before it logs nothing)."""
        totals = result.totals
        log_action(
            action="ecosoc.imported",
            target=None,
            actor=request.user,
            data={
                "file": request.POST.get("original_file_name", "")[:200],
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "deleted": totals[RowResult.IMPORT_TYPE_DELETE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
        return super().process_result(result, request)

    list_display = ["name", "country_code", "category", "year", "imported_at"]

    @admin.display(description=_("country"), ordering="country")
    def country_code(self, obj: EcosocListing) -> str:
        return obj.country.code

    list_filter = ["category", "country"]
    search_fields = ["name", "name_key"]
    list_select_related = []
    readonly_fields = ["name_key", "imported_at"]
