"""Session registrations, and the sessions' attendee and waitlist lists for Programme managers.

``events`` knows nothing about people, so the session admin that shows who registered is
extended here: the events ModelAdmin is re-registered with the registrations inline and a
CSV export of attendees and waitlist.
"""

import csv
import io

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from accreditation.enums import RegistrationStatus
from accreditation.models import SessionRegistration
from accreditation.services.programme import session_change
from events.admin import SessionAdmin
from events.models import Session
from imrf.activity import log_action
from imrf.admin import HistoryAdminMixin, ReadOnlyAdminMixin
from imrf.spreadsheets import safe_row


@admin.register(SessionRegistration)
class SessionRegistrationAdmin(HistoryAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["delegate", "session", "status", "in_person", "position", "created_at", "attended_at"]
    list_filter = ["status", "in_person", "session__forum", "session"]
    search_fields = ["delegate__family_name", "delegate__given_names", "session__title"]
    list_select_related = ["delegate", "session"]
    readonly_fields = [
        "public_id",
        "delegate",
        "session",
        "status",
        "in_person",
        "position",
        "created_at",
        "updated_at",
        "cancelled_at",
        "attended_at",
        "attendance_recorded_by",
    ]


class RegistrationInline(admin.TabularInline):
    model = SessionRegistration
    extra = 0
    can_delete = False
    fields = ["delegate", "organization", "status", "in_person", "position", "attended_at"]
    readonly_fields = fields
    ordering = ["status", "position", "created_at"]
    verbose_name_plural = _("attendees and waiting list")

    @admin.display(description=_("organization"))
    def organization(self, registration: SessionRegistration):
        return registration.delegate.accreditation.organization

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status__in=RegistrationStatus.ACTIVE)
            .select_related("session", "delegate__accreditation__organization")
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description=_("Download attendees and waiting lists (CSV)"), permissions=["view"])
def attendees_csv(modeladmin, request, queryset):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "session",
            "starts_at",
            "status",
            "position",
            "in_person",
            "family_name",
            "given_names",
            "organization",
            "nationality",
            "attended_at",
        ]
    )
    registrations = (
        SessionRegistration.objects.filter(session__in=queryset, status__in=RegistrationStatus.ACTIVE)
        .select_related("session", "delegate__accreditation__organization")
        .order_by("session__starts_at", "session_id", "status", "position", "created_at")
    )
    for registration in registrations:
        delegate = registration.delegate
        writer.writerow(
            safe_row(
                [
                    registration.session.title,
                    registration.session.starts_at.isoformat(),
                    registration.status,
                    registration.position or "",
                    "yes" if registration.in_person else "no",
                    delegate.family_name,
                    delegate.given_names,
                    delegate.accreditation.organization.name,
                    delegate.nationality.code,
                    registration.attended_at.isoformat() if registration.attended_at else "",
                ]
            )
        )
    log_action(
        action="session.attendees_exported", target=None, actor=request.user, data={"sessions": queryset.count()}
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session-attendees.csv"'
    return response


admin.site.unregister(Session)


@admin.register(Session)
class SessionWithAttendeesAdmin(SessionAdmin):
    inlines = [RegistrationInline]
    actions = [attendees_csv]
    list_display = [*SessionAdmin.list_display, "confirmed", "waitlisted"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "registrations",
                    filter=Q(registrations__status=RegistrationStatus.CONFIRMED, registrations__in_person=True),
                ),
                waitlisted_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
            )
        )

    def save_model(self, request, obj, form, change):
        """A changed session goes through its service: more seats promote the waiting list, a new
        time or room is e-mailed to the people registered (issue 15, item 7)."""
        if not change:
            return super().save_model(request, obj, form, change)
        if form.changed_data:
            session_change(session=obj, fields=list(form.changed_data), actor=request.user)
        return None

    @admin.display(description=_("seats taken"), ordering="confirmed_count")
    def confirmed(self, session: Session) -> int:
        return session.confirmed_count

    @admin.display(description=_("waiting"), ordering="waitlisted_count")
    def waitlisted(self, session: Session) -> int:
        return session.waitlisted_count
