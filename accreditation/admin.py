"""Back office for organizations, accreditations, representatives, letters and seats.

Statuses and audit fields are read-only everywhere: only services change them (decisions
arrive as admin actions that call services). Confidential fields (objection notes, passport
numbers) are shown only to the groups whose permission names them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accreditation.enums import VERIFIED_BASES, AccreditationStatus, Basis, DelegateStatus
from accreditation.models import (
    Accreditation,
    AccreditationDocument,
    Delegate,
    EcosocListing,
    Membership,
    Organization,
    SessionRegistration,
    VisaLetter,
)
from accreditation.services import decisions as accreditation_decisions
from accreditation.services import nominations
from imrf.admin import URL_FIELD_OVERRIDES, HistoryAdminMixin, ReadOnlyAdminMixin
from imrf.admin_decisions import Decision, DecisionAdminMixin, MessageForm, ObjectionForm, ReasonForm


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["added_by", "created_at"]
    verbose_name = _("focal point")
    verbose_name_plural = _("focal points")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "acronym", "country", "stakeholder_type", "is_registered", "created_at"]
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


class DocumentInline(admin.TabularInline):
    model = AccreditationDocument
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("accreditation.view_accreditationdocument")


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
    from django.utils import timezone

    return accreditation.status == AccreditationStatus.NON_OBJECTION and (
        accreditation.non_objection_ends_at is None or accreditation.non_objection_ends_at <= timezone.now()
    )


ACCREDITATION_DECISIONS = (
    Decision(
        name="approve",
        label=_("Accredit (verified ECOSOC, GCM or NHRI status)"),
        service=lambda obj, actor: accreditation_decisions.accreditation_approve(accreditation=obj, actor=actor),
        permission="accreditation.decide_accreditation",
        available=lambda obj: obj.status == AccreditationStatus.SUBMITTED and obj.basis in VERIFIED_BASES,
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
        available=lambda obj: obj.status == AccreditationStatus.SUBMITTED,
    ),
    Decision(
        name="circulate",
        label=_("Place on the non-objection list"),
        service=lambda obj, actor: accreditation_decisions.accreditation_circulate(accreditation=obj, actor=actor),
        permission="accreditation.decide_accreditation",
        available=lambda obj: obj.status == AccreditationStatus.SUBMITTED and obj.basis == Basis.SPECIAL,
    ),
    Decision(
        name="record_objection",
        label=_("Record an objection"),
        service=lambda obj, actor, note: accreditation_decisions.accreditation_record_objection(
            accreditation=obj, actor=actor, note=note
        ),
        permission="accreditation.view_objection_note",
        form_class=ObjectionForm,
        available=lambda obj: obj.status == AccreditationStatus.NON_OBJECTION,
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
        form_class=ReasonForm,
        available=lambda obj: obj.status in AccreditationStatus.OPEN - {AccreditationStatus.DRAFT},
        style="negative",
    ),
    Decision(
        name="revoke",
        label=_("Revoke the accreditation"),
        service=lambda obj, actor, reason: accreditation_decisions.accreditation_revoke(
            accreditation=obj, actor=actor, reason=reason
        ),
        permission="accreditation.decide_accreditation",
        form_class=ReasonForm,
        available=lambda obj: obj.status == AccreditationStatus.ACCREDITED,
        style="negative",
    ),
)


@admin.register(Accreditation)
class AccreditationAdmin(HistoryAdminMixin, DecisionAdminMixin, admin.ModelAdmin):
    decisions = ACCREDITATION_DECISIONS
    list_display = ["organization", "forum", "basis", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "basis", "forum", "organization__stakeholder_type", "organization__is_registered"]
    search_fields = ["organization__name", "organization__acronym", "organization__email"]
    list_select_related = ["organization", "forum"]
    autocomplete_fields = ["organization", "forum"]
    readonly_fields = ACCREDITATION_AUDIT_FIELDS
    inlines = [DocumentInline]
    show_full_result_count = False
    date_hierarchy = "submitted_at"

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
            (_("Application"), {"fields": ["basis", "ecosoc_category", "ecosoc_year", "reason_for_participation"]}),
            (_("Decision"), {"fields": decision}),
            (_("Record"), {"fields": ["created_at", "updated_at"]}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(ACCREDITATION_AUDIT_FIELDS)
        if obj is not None:
            # An application belongs to its organization and forum for good.
            readonly += ["organization", "forum"]
        return readonly

    def has_add_permission(self, request) -> bool:
        # Applications start in the NGO portal (or a staff service); never as a bare row.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccreditationDocument)
class AccreditationDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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


@admin.register(EcosocListing)
class EcosocListingAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "category", "year", "imported_at"]
    list_filter = ["category", "country"]
    search_fields = ["name", "name_key"]
    list_select_related = []
    readonly_fields = ["name_key", "imported_at"]


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
class DelegateAdmin(HistoryAdminMixin, DecisionAdminMixin, admin.ModelAdmin):
    decisions = DELEGATE_DECISIONS
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
    list_filter = ["status", "modality", "forum", "gender", "is_head_of_delegation", "nationality"]
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


@admin.register(VisaLetter)
class VisaLetterAdmin(admin.ModelAdmin):
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
