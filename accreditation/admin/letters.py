"""Visa support letters: the Visa officers' queue, their decisions, bulk download and exports.

Passport numbers are masked everywhere here except on a letter's change page for users with
``accreditation.view_passport_number``; each such view is logged.
"""

import io
import zipfile

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accreditation.admin.forms import OrganizationReasonForm, RepresentativeReasonForm
from accreditation.enums import VisaLetterStatus
from accreditation.models import VisaLetter
from accreditation.pdf import visa_letter_pdf
from accreditation.resources import VisaLetterResource, VisaLetterWithPassportResource
from accreditation.services import letters as letter_services
from imrf.activity import log_action
from imrf.admin import FastListMixin, HistoryAdminMixin
from imrf.admin_decisions import Decision, DecisionAdminMixin
from imrf.spreadsheets import CSV, XLSX

LETTER_DECISIONS = (
    Decision(
        name="issue",
        label=_("Issue the letter"),
        service=lambda obj, actor: letter_services.visa_letter_issue(letter=obj, actor=actor),
        permission="accreditation.issue_visa_letter",
        available=lambda obj: obj.status in VisaLetterStatus.ALLOWED_FROM["issue"],
        style="positive",
    ),
    Decision(
        name="decline",
        label=_("Decline the request"),
        service=lambda obj, actor, reason: letter_services.visa_letter_decline(letter=obj, actor=actor, reason=reason),
        permission="accreditation.issue_visa_letter",
        form_class=OrganizationReasonForm,
        available=lambda obj: obj.status in VisaLetterStatus.ALLOWED_FROM["decline"],
        style="negative",
    ),
    Decision(
        name="reissue",
        label=_("Reissue the letter"),
        service=lambda obj, actor, reason: letter_services.visa_letter_reissue(letter=obj, actor=actor, reason=reason),
        permission="accreditation.issue_visa_letter",
        form_class=RepresentativeReasonForm,
        available=lambda obj: obj.status in VisaLetterStatus.ALLOWED_FROM["reissue"],
        explain=lambda obj: (
            gettext(
                "The letter %(reference)s will be revoked as superseded, and a new letter with the next number and "
                "the representative's, organization's and forum's details as they are now will be issued in its place."
            )
            % {"reference": obj.reference}
        ),
        done_message=lambda new: (
            gettext("%(previous)s was reissued as %(reference)s.")
            % {"previous": new.supersedes.reference, "reference": new.reference}
        ),
    ),
    Decision(
        name="revoke",
        label=_("Revoke the letter"),
        service=lambda obj, actor, reason: letter_services.visa_letter_revoke(letter=obj, actor=actor, reason=reason),
        permission="accreditation.issue_visa_letter",
        form_class=OrganizationReasonForm,
        available=lambda obj: obj.status in VisaLetterStatus.ALLOWED_FROM["revoke"],
        style="negative",
    ),
)


@admin.action(description=_("Download the issued letters as one ZIP"), permissions=["issue_visa_letter"])
def download_letters_zip(modeladmin, request, queryset):

    letters = list(
        queryset.filter(status=VisaLetterStatus.ISSUED).select_related(
            "delegate__accreditation__organization", "delegate__accreditation__forum", "forum"
        )
    )
    skipped = queryset.exclude(status=VisaLetterStatus.ISSUED).count()
    if skipped:
        modeladmin.message_user(
            request,
            gettext("%(count)d selected letters are not issued and were left out.") % {"count": skipped},
            messages.WARNING,
        )
    if not letters:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for letter in letters:
            archive.writestr(
                f"{letter.reference}.pdf", visa_letter_pdf(letter, verification_url=letter.get_verification_url())
            )
    log_action(
        action="visa_letter.bulk_downloaded",
        target=None,
        actor=request.user,
        data={"references": [letter.reference for letter in letters]},
    )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="visa-letters.zip"'
    response["Cache-Control"] = "no-store"
    return response


@admin.register(VisaLetter)
class VisaLetterAdmin(FastListMixin, HistoryAdminMixin, DecisionAdminMixin, ExportMixin, admin.ModelAdmin):
    decisions = LETTER_DECISIONS
    actions = [download_letters_zip]
    export_formats = [CSV, XLSX]
    list_display = [
        "reference",
        "delegate",
        "organization",
        "status",
        "consulate",
        "requested_at",
        "issued_at",
        "visa_outcome",
    ]
    list_filter = [
        "status",
        "visa_outcome",
        ("requested_at", admin.DateFieldListFilter),
        "forum",
        "consulate_country",
        "language",
    ]
    search_fields = ["reference", "delegate__family_name", "delegate__given_names", "consulate_city"]
    list_select_related = ["delegate__accreditation__organization", "forum"]
    autocomplete_fields = ["delegate"]
    show_full_result_count = False
    list_per_page = 50
    ordering = ["status", "requested_at"]

    def has_issue_visa_letter_permission(self, request) -> bool:
        return request.user.has_perm("accreditation.issue_visa_letter")

    # --- exports: full passport numbers only for Visa officers, logged ---------------------

    def get_export_resource_classes(self, request):
        classes = [VisaLetterResource]
        if request.user.has_perm("accreditation.view_passport_number"):
            classes.append(VisaLetterWithPassportResource)
        return classes

    def get_data_for_export(self, request, queryset, **kwargs):
        export_class = self.choose_export_resource_class(kwargs.get("export_form"), request)
        if export_class is VisaLetterWithPassportResource:
            if not request.user.has_perm("accreditation.view_passport_number"):
                raise PermissionDenied
            log_action(
                action="visa_letter.exported_with_passport_numbers",
                target=None,
                actor=request.user,
                data={"count": queryset.count()},
            )
        return super().get_data_for_export(request, queryset, **kwargs)

    # --- columns and fields ---------------------------------------------------------

    @admin.display(description=_("organization"))
    def organization(self, obj: VisaLetter):
        return obj.delegate.accreditation.organization

    @admin.display(description=_("consulate"), ordering="consulate_country")
    def consulate(self, obj: VisaLetter) -> str:
        return f"{obj.consulate_city}, {obj.consulate_country.code}"

    @admin.display(description=_("passport number"))
    def passport(self, obj: VisaLetter) -> str:
        return obj.masked_passport_number

    @admin.display(description=_("passport number"))
    def passport_full(self, obj: VisaLetter) -> str:
        return obj.passport_number

    @admin.display(description=_("letter"))
    def download(self, obj: VisaLetter):
        if obj.status != VisaLetterStatus.ISSUED:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("letter_download", args=[obj.public_id]), gettext("Download (PDF)")
        )

    @admin.display(description=_("replaced by"))
    def replaced_by(self, obj: VisaLetter) -> str:
        return obj.superseded_by_reference or "—"

    @admin.display(description=_("valid until"))
    def valid_until(self, obj: VisaLetter):
        return obj.valid_until or "—"

    def get_fields(self, request, obj=None):
        sees_passport = request.user.has_perm("accreditation.view_passport_number")
        return [
            "public_id",
            "delegate",
            "forum",
            "status",
            "reference",
            "download",
            "supersedes",
            "replaced_by",
            "valid_until",
            "passport_full" if sees_passport else "passport",
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
        # Everything: letters change only through the Visa officers' decisions.
        return self.get_fields(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and request.user.has_perm("accreditation.view_passport_number"):
            letter = self.get_object(request, object_id)
            if letter is not None:
                log_action(action="visa_letter.passport_viewed", target=letter, actor=request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
