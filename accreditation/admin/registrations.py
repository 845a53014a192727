"""Session registrations."""

from django.contrib import admin

from accreditation.models import SessionRegistration
from imrf.admin import ReadOnlyAdminMixin


@admin.register(SessionRegistration)
class SessionRegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["delegate", "session", "status", "position", "created_at", "attended_at"]
    list_filter = ["status", "session__forum", "session"]
    search_fields = ["delegate__family_name", "delegate__given_names", "session__title"]
    list_select_related = ["delegate", "session"]
    readonly_fields = [
        "public_id",
        "delegate",
        "session",
        "status",
        "position",
        "created_at",
        "updated_at",
        "cancelled_at",
        "attended_at",
        "attendance_recorded_by",
    ]
