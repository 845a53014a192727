"""Applications for accreditation, the decisions on them, ECOSOC verification and the
non-objection list."""

import csv
import io
from datetime import timedelta

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accreditation.admin.forms import OrganizationReasonForm
from accreditation.enums import AccreditationStatus, Basis
from accreditation.models import Accreditation, AccreditationDocument
from accreditation.pdf import non_objection_list_pdf
from accreditation.resources import AccreditationResource
from accreditation.selectors.ecosoc import ecosoc_candidates, ecosoc_match_exists
from accreditation.services import decisions as accreditation_decisions
from imrf.activity import log_action
from imrf.admin import FastListMixin, HistoryAdminMixin, ReadOnlyAdminMixin
from imrf.admin_decisions import Decision, DecisionAdminMixin, MessageForm, ObjectionForm
from imrf.spreadsheets import CSV, XLSX, safe_row


class DocumentInline(admin.TabularInline):
    model = AccreditationDocument
    extra = 0
    fields = ["download", "kind", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("file"))
    def download(self, document: AccreditationDocument):
        from django.urls import reverse

        return format_html(
            '<a href="{}">{}</a>',
            reverse("portal:document_download", args=[document.public_id]),
            document.original_name,
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("accreditation.view_accreditationdocument")


class EcosocMatchFilter(admin.SimpleListFilter):
    title = _("claims ECOSOC status")
    parameter_name = "ecosoc"

    def lookups(self, request, model_admin):
        return [("matched", _("matched on the ECOSOC list")), ("unmatched", _("not found on the ECOSOC list"))]

    def queryset(self, request, queryset):
        if self.value() == "matched":
            return queryset.filter(basis=Basis.ECOSOC, ecosoc_listed=True)
        if self.value() == "unmatched":
            return queryset.filter(basis=Basis.ECOSOC, ecosoc_listed=False)
        return queryset


class NonObjectionOverdueFilter(admin.SimpleListFilter):
    title = _("non-objection period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("running", _("still running")), ("ended", _("ended, to finalize"))]

    def queryset(self, request, queryset):
        if self.value() == "running":
            return queryset.filter(status=AccreditationStatus.NON_OBJECTION, non_objection_ends_at__gt=timezone.now())
        if self.value() == "ended":
            return queryset.filter(status=AccreditationStatus.NON_OBJECTION, non_objection_ends_at__lte=timezone.now())
        return queryset


ACCREDITATION_AUDIT_FIELDS = [
    "public_id",
    "status",
    "submitted_at",
    "submitted_by",
    "decided_at",
    "decided_by",
    "decision_reason",
    "info_request_message",
    "info_requested_at",
    "circulated_at",
    "non_objection_ends_at",
    "objection_note",
    "objection_recorded_at",
    "created_at",
    "updated_at",
]


def _period_over(accreditation: Accreditation) -> bool:
    return accreditation.status in AccreditationStatus.ALLOWED_FROM["finalize"] and (
        accreditation.non_objection_ends_at is None or accreditation.non_objection_ends_at <= timezone.now()
    )


ACCREDITATION_DECISIONS = (
    Decision(
        name="approve",
        label=_("Accredit (verified ECOSOC, GCM or NHRI status)"),
        service=lambda obj, actor: accreditation_decisions.accreditation_approve(accreditation=obj, actor=actor),
        permission="accreditation.decide_accreditation",
        available=lambda obj: obj.status in AccreditationStatus.ALLOWED_FROM["approve"] and obj.basis in Basis.VERIFIED,
        style="positive",
    ),
    Decision(
        name="request_info",
        label=_("Request information"),
        service=lambda obj, actor, message: accreditation_decisions.accreditation_request_info(
            accreditation=obj, actor=actor, message=message
        ),
        permission="accreditation.decide_accreditation",
        form_class=MessageForm,
        available=lambda obj: obj.status in AccreditationStatus.ALLOWED_FROM["request_info"],
    ),
    Decision(
        name="circulate",
        label=_("Place on the non-objection list"),
        service=lambda obj, actor: accreditation_decisions.accreditation_circulate(accreditation=obj, actor=actor),
        permission="accreditation.decide_accreditation",
        explain=lambda obj: (
            gettext(
                "The application goes on the list circulated to Member States today. Unless a Member State "
                "objects within %(days)d days, until %(end)s, it can then be finalized as accredited."
            )
            % {
                "days": obj.forum.non_objection_days,
                "end": obj.forum.format_moment(timezone.now() + timedelta(days=obj.forum.non_objection_days)),
            }
        ),
        available=lambda obj: (
            obj.status in AccreditationStatus.ALLOWED_FROM["circulate"] and obj.basis == Basis.SPECIAL
        ),
    ),
    Decision(
        name="record_objection",
        label=_("Record an objection"),
        service=lambda obj, actor, note: accreditation_decisions.accreditation_record_objection(
            accreditation=obj, actor=actor, note=note
        ),
        permission="accreditation.view_objection_note",
        form_class=ObjectionForm,
        available=lambda obj: obj.status in AccreditationStatus.ALLOWED_FROM["record_objection"],
    ),
    Decision(
        name="finalize",
        label=_("Finalize after the non-objection period"),
        service=lambda obj, actor: accreditation_decisions.accreditation_finalize(accreditation=obj, actor=actor),
        permission="accreditation.decide_accreditation",
        available=_period_over,
        style="positive",
    ),
    Decision(
        name="reject",
        label=_("Do not accredit"),
        service=lambda obj, actor, reason: accreditation_decisions.accreditation_reject(
            accreditation=obj, actor=actor, reason=reason
        ),
        permission="accreditation.decide_accreditation",
        form_class=OrganizationReasonForm,
        available=lambda obj: obj.status in AccreditationStatus.ALLOWED_FROM["reject"],
        style="negative",
    ),
    Decision(
        name="revoke",
        label=_("Revoke the accreditation"),
        explain=lambda obj: gettext(
            "Its representatives are cancelled, their visa support letters revoked and their seats released."
        ),
        service=lambda obj, actor, reason: accreditation_decisions.accreditation_revoke(
            accreditation=obj, actor=actor, reason=reason
        ),
        permission="accreditation.decide_accreditation",
        form_class=OrganizationReasonForm,
        available=lambda obj: obj.status in AccreditationStatus.ALLOWED_FROM["revoke"],
        style="negative",
    ),
)


def _non_objection_rows(modeladmin, request, queryset):
    rows = list(queryset.select_related("organization", "forum").order_by("organization__name"))
    eligible = [row for row in rows if row.status == AccreditationStatus.NON_OBJECTION]
    for row in rows:
        if row.status != AccreditationStatus.NON_OBJECTION:
            modeladmin.message_user(
                request,
                gettext("%(organization)s is not on the non-objection list (“%(status)s”); left out.")
                % {"organization": row.organization.name, "status": row.get_status_display()},
                messages.WARNING,
            )
    if not eligible:
        return []
    # One list per forum: rows of another forum than the first are left out, and said so.
    forum_id = eligible[0].forum_id
    for row in eligible:
        if row.forum_id != forum_id:
            modeladmin.message_user(
                request,
                gettext("%(organization)s applies to another forum (%(forum)s); left out of this list.")
                % {"organization": row.organization.name, "forum": row.forum.name},
                messages.WARNING,
            )
    return [row for row in eligible if row.forum_id == forum_id]


@admin.action(description=_("Download the non-objection list (PDF)"), permissions=["decide_accreditation"])
def non_objection_list_as_pdf(modeladmin, request, queryset):
    rows = _non_objection_rows(modeladmin, request, queryset)
    if not rows:
        return None
    forum = rows[0].forum
    content = non_objection_list_pdf(forum=forum, accreditations=rows)
    log_action(
        action="accreditation.non_objection_list_exported",
        target=forum,
        actor=request.user,
        data={"format": "pdf", "count": len(rows)},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="non-objection-list-{forum.slug}.pdf"'
    return response


@admin.action(description=_("Download the non-objection list (CSV)"), permissions=["decide_accreditation"])
def non_objection_list_as_csv(modeladmin, request, queryset):
    rows = _non_objection_rows(modeladmin, request, queryset)
    if not rows:
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["organization", "country", "website", "stakeholder_type", "circulated_at", "non_objection_ends_at"]
    )
    for row in rows:
        organization = row.organization
        writer.writerow(
            safe_row(
                [
                    organization.name,
                    organization.country.name,
                    organization.website,
                    organization.get_stakeholder_type_display(),
                    row.circulated_at.isoformat() if row.circulated_at else "",
                    row.non_objection_ends_at.isoformat() if row.non_objection_ends_at else "",
                ]
            )
        )
    forum = rows[0].forum
    log_action(
        action="accreditation.non_objection_list_exported",
        target=forum,
        actor=request.user,
        data={"format": "csv", "count": len(rows)},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="non-objection-list-{forum.slug}.csv"'
    return response


@admin.register(Accreditation)
class AccreditationAdmin(FastListMixin, HistoryAdminMixin, DecisionAdminMixin, ExportMixin, admin.ModelAdmin):
    decisions = ACCREDITATION_DECISIONS
    resource_classes = [AccreditationResource]
    export_formats = [CSV, XLSX]
    actions = [non_objection_list_as_pdf, non_objection_list_as_csv]
    list_display = ["organization", "country", "forum", "basis", "ecosoc_list", "status", "submitted_at", "decided_at"]
    list_filter = [
        "status",
        "basis",
        EcosocMatchFilter,
        NonObjectionOverdueFilter,
        ("submitted_at", admin.DateFieldListFilter),
        "forum",
        "organization__stakeholder_type",
        "organization__is_registered",
    ]
    search_fields = ["organization__name", "organization__acronym", "organization__email"]
    list_select_related = ["organization", "forum"]
    autocomplete_fields = ["organization", "forum"]
    readonly_fields = ACCREDITATION_AUDIT_FIELDS
    list_per_page = 50
    inlines = [DocumentInline]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(ecosoc_listed=ecosoc_match_exists())

    def has_decide_accreditation_permission(self, request) -> bool:
        return request.user.has_perm("accreditation.decide_accreditation")

    @admin.display(description=_("country"), ordering="organization__country")
    def country(self, obj: Accreditation):
        return obj.organization.country.code

    @admin.display(description=_("ECOSOC list"), ordering="ecosoc_listed")
    def ecosoc_list(self, obj: Accreditation) -> str:
        if obj.basis != Basis.ECOSOC:
            return "—"
        return gettext("matched") if obj.ecosoc_listed else gettext("not found")

    @admin.display(description=_("ECOSOC list check"))
    def ecosoc_check(self, obj: Accreditation):
        if obj.basis != Basis.ECOSOC:
            return gettext("Not an ECOSOC claim.")
        candidates = ecosoc_candidates(obj)
        if not candidates:
            return gettext("No listing resembles this organization.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({}; {}, {}) — {}: {}%{}</li>",
                (
                    (
                        candidate.listing.name,
                        candidate.listing.country.code or "—",
                        candidate.listing.get_category_display(),
                        candidate.listing.year or "—",
                        gettext("similarity"),
                        candidate.score,
                        " ✓ " + gettext("match") if candidate.is_match else "",
                    )
                    for candidate in candidates
                ),
            ),
        )

    def get_fieldsets(self, request, obj=None):
        decision = [
            "status",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "decision_reason",
            "info_request_message",
            "info_requested_at",
            "circulated_at",
            "non_objection_ends_at",
        ]
        if request.user.has_perm("accreditation.view_objection_note"):
            decision += ["objection_note", "objection_recorded_at"]
        return (
            (None, {"fields": ["organization", "forum", "public_id"]}),
            (
                _("Application"),
                {"fields": ["basis", "ecosoc_category", "ecosoc_year", "ecosoc_check", "reason_for_participation"]},
            ),
            (_("Decision"), {"fields": decision}),
            (_("Record"), {"fields": ["created_at", "updated_at"]}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*ACCREDITATION_AUDIT_FIELDS, "ecosoc_check"]
        if obj is not None:
            # An application belongs to its organization and forum for good.
            readonly += ["organization", "forum"]
            if not obj.is_editable:
                # Once submitted, what was applied for is the record the decision is based on.
                readonly += ["basis", "ecosoc_category", "ecosoc_year", "reason_for_participation"]
        return readonly

    def has_add_permission(self, request) -> bool:
        # Applications start in the NGO portal (or a staff service); never as a bare row.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccreditationDocument)
class AccreditationDocumentAdmin(HistoryAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "accreditation", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "accreditation__organization__name"]
    list_select_related = ["accreditation__organization", "accreditation__forum"]
    readonly_fields = [
        "public_id",
        "accreditation",
        "kind",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    exclude = ["file"]
