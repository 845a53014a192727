"""Organizations and their focal points."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from accreditation.models import Membership, Organization
from accreditation.resources import OrganizationResource
from imrf.admin import URL_FIELD_OVERRIDES, FastListMixin, HistoryAdminMixin


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["added_by", "created_at"]
    verbose_name = _("focal point")
    verbose_name_plural = _("focal points")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organization", "added_by")

    def has_change_permission(self, request, obj=None) -> bool:
        # A focal point is added or removed, never re-pointed (as in MembershipAdmin).
        return False


@admin.register(Organization)
class OrganizationAdmin(FastListMixin, HistoryAdminMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [OrganizationResource]
    export_formats = [CSV, XLSX]
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "acronym", "country_code", "stakeholder_type", "is_registered", "created_at"]

    @admin.display(description=_("country"), ordering="country")
    def country_code(self, obj: Organization) -> str:
        # The code, not the field: rendering a CountryField cell builds all 250 translated choices.
        return obj.country.code

    list_filter = ["stakeholder_type", "is_registered", "country"]
    search_fields = ["name", "acronym", "email", "city"]
    list_select_related = []
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [MembershipInline]
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("name", "acronym", "stakeholder_type", "public_id")}),
        (_("Contact"), {"fields": ("country", "city", "website", "email", "phone")}),
        (_("About"), {"fields": ("migration_work", "head_name", "head_title", "year_founded")}),
        (_("Registration"), {"fields": ("is_registered", "registration_number", "registration_explanation")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "added_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization", "added_by"]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["added_by", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A membership is added or removed, never re-pointed.
        return False
