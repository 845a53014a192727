"""Representatives and the decisions on them."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from accreditation.enums import DelegateStatus
from accreditation.models import Delegate
from accreditation.resources import DelegateResource
from accreditation.services import nominations
from imrf.admin import HistoryAdminMixin
from imrf.admin_decisions import Decision, DecisionAdminMixin, ReasonForm


class PossibleDuplicateFilter(admin.SimpleListFilter):
    """People (same normalized names and date of birth) also nominated by another organization for
    the same forum, in any status — to catch people passed between organizations."""

    title = _("possible duplicates")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", _("also nominated by another organization"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        elsewhere = Delegate.objects.filter(forum=OuterRef("forum"), name_key=OuterRef("name_key")).exclude(
            accreditation__organization=OuterRef("accreditation__organization")
        )
        return queryset.filter(Exists(elsewhere))


DELEGATE_AUDIT_FIELDS = [
    "public_id",
    "forum",
    "slot",
    "status",
    "user",
    "nominated_at",
    "nominated_by",
    "decided_at",
    "decided_by",
    "decision_reason",
    "badge_collected_at",
    "badge_collected_by",
    "personal_data_purged_at",
    "updated_at",
]


DELEGATE_DECISIONS = (
    Decision(
        name="approve",
        label=_("Approve the representative"),
        service=lambda obj, actor: nominations.delegate_approve(delegate=obj, actor=actor),
        permission="accreditation.decide_delegate",
        available=lambda obj: obj.status == DelegateStatus.NOMINATED,
        style="positive",
    ),
    Decision(
        name="reject",
        label=_("Do not approve the representative"),
        service=lambda obj, actor, reason: nominations.delegate_reject(delegate=obj, actor=actor, reason=reason),
        permission="accreditation.decide_delegate",
        form_class=ReasonForm,
        available=lambda obj: obj.status == DelegateStatus.NOMINATED,
        style="negative",
    ),
    Decision(
        name="cancel",
        label=_("Cancel the representative"),
        service=lambda obj, actor, reason: nominations.delegate_cancel(delegate=obj, actor=actor, reason=reason),
        permission="accreditation.decide_delegate",
        form_class=ReasonForm,
        available=lambda obj: obj.status in DelegateStatus.ACTIVE,
        style="negative",
    ),
)


@admin.register(Delegate)
class DelegateAdmin(HistoryAdminMixin, DecisionAdminMixin, ExportMixin, admin.ModelAdmin):
    decisions = DELEGATE_DECISIONS
    resource_classes = [DelegateResource]
    export_formats = [CSV, XLSX]
    list_display = [
        "family_name",
        "given_names",
        "organization",
        "slot",
        "status",
        "modality",
        "nationality",
        "nominated_at",
    ]
    list_filter = [
        "status",
        PossibleDuplicateFilter,
        "modality",
        "forum",
        "gender",
        "is_head_of_delegation",
        "nationality",
    ]
    search_fields = ["family_name", "given_names", "email", "accreditation__organization__name"]
    list_select_related = ["accreditation__organization", "forum"]
    autocomplete_fields = ["accreditation"]
    readonly_fields = DELEGATE_AUDIT_FIELDS
    exclude = ["photo"]
    show_full_result_count = False
    date_hierarchy = "nominated_at"

    @admin.display(description=_("organization"), ordering="accreditation__organization__name")
    def organization(self, obj: Delegate):
        return obj.accreditation.organization

    def get_readonly_fields(self, request, obj=None):
        return [*DELEGATE_AUDIT_FIELDS, "accreditation"]

    def has_add_permission(self, request) -> bool:
        # Nominations go through the cap service.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
