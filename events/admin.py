"""Back office for forums and their programme (Programme managers)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.models import Forum, Session
from imrf.admin import URL_FIELD_OVERRIDES, HistoryAdminMixin


@admin.register(Forum)
class ForumAdmin(HistoryAdminMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "short_name", "starts_on", "ends_on", "city", "delegate_cap", "is_active"]
    list_filter = ["is_active", "country"]
    search_fields = ["name", "short_name", "city"]
    list_select_related = []
    prepopulated_fields = {"slug": ["short_name"]}
    readonly_fields = ["public_id", "created_at", "updated_at"]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "is_active", "public_id")}),
        (_("Dates and venue"), {"fields": ("starts_on", "ends_on", "venue", "city", "country", "time_zone")}),
        (
            _("Rules and deadlines"),
            {
                "fields": (
                    "delegate_cap",
                    "minimum_age",
                    "applications_close_at",
                    "nominations_close_at",
                    "visa_requests_close_at",
                    "non_objection_days",
                    "retention_days",
                )
            },
        ),
        (
            _("Visa support letter"),
            {
                "fields": (
                    "letter_template",
                    "letter_template_fr",
                    "letter_template_es",
                    "signatory_name",
                    "signatory_title",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Session)
class SessionAdmin(HistoryAdminMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["title", "kind", "number", "starts_at", "ends_at", "room", "modality", "stakeholder_seats"]
    list_filter = ["forum", "kind", "modality"]
    search_fields = ["title", "room", "description"]
    list_select_related = ["forum"]
    autocomplete_fields = ["forum"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    date_hierarchy = "starts_at"
    fieldsets = (
        (None, {"fields": ("forum", "kind", "number", "title", "description", "gcm_objectives", "public_id")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "room", "modality", "webcast_url")}),
        (_("Seats"), {"fields": ("stakeholder_seats", "reserved_seats")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
