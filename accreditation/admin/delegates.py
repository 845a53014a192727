"""Representatives and the decisions on them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accreditation.admin.forms import OrganizationReasonForm
from accreditation.enums import DelegateStatus
from accreditation.errors import AccreditationError
from accreditation.forms import CleanTextMixin
from accreditation.models import Delegate
from accreditation.normalize import person_key
from accreditation.regions import REGION_LABELS, REGION_OF_COUNTRY
from accreditation.resources import DelegateResource
from accreditation.services import checkin, corrections, nominations
from events.models import Session
from events.selectors import active_forum
from imrf.admin import FastListMixin, HistoryAdminMixin
from imrf.admin_decisions import Decision, DecisionAdminMixin
from imrf.spreadsheets import CSV, XLSX


class RegionFilter(admin.SimpleListFilter):
    """By UN region (M49) of nationality: five choices instead of 250 countries."""

    title = _("region of nationality")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return list(REGION_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in REGION_LABELS:
            return queryset.filter(
                nationality__in=[code for code, region in REGION_OF_COUNTRY.items() if region == self.value()]
            )
        return queryset


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
    "invited_at",
    "invitation_accepted_at",
    "nominated_at",
    "nominated_by",
    "consent_at",
    "consent_notice_version",
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
        available=lambda obj: obj.status in DelegateStatus.ALLOWED_FROM["approve"],
        style="positive",
    ),
    Decision(
        name="reject",
        label=_("Do not approve the representative"),
        service=lambda obj, actor, reason: nominations.delegate_reject(delegate=obj, actor=actor, reason=reason),
        permission="accreditation.decide_delegate",
        form_class=OrganizationReasonForm,
        available=lambda obj: obj.status in DelegateStatus.ALLOWED_FROM["reject"],
        style="negative",
    ),
    Decision(
        name="cancel",
        label=_("Cancel the representative"),
        service=lambda obj, actor, reason: nominations.delegate_cancel(delegate=obj, actor=actor, reason=reason),
        permission="accreditation.decide_delegate",
        form_class=OrganizationReasonForm,
        available=lambda obj: obj.status in DelegateStatus.ALLOWED_FROM["cancel"],
        style="negative",
    ),
)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=100,
        help_text=_("Scan the QR code of the participation confirmation, or type the code."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "size": 60, "spellcheck": "false"}),
    )
    session = forms.ModelChoiceField(
        label=_("Session (for attendance)"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("— Badge collection —"),
    )

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        if forum is not None:
            self.fields["session"].queryset = Session.objects.filter(forum=forum).order_by("starts_at")


class DelegateAdminForm(CleanTextMixin, forms.ModelForm):
    """Text cleaned as in the portal (no invisible characters in a name); names that would make an
    active representative the same person as another of the forum — one person per forum,
    ignoring case, accents, order, invisible characters and look-alike letters — are refused next
    to the field instead of failing at the database."""

    # No Meta: the admin builds the form for its model with the fields of its fieldsets.

    def clean(self):
        cleaned_data = super().clean()
        delegate = self.instance
        family_name, given_names = cleaned_data.get("family_name"), cleaned_data.get("given_names")
        if (
            delegate.pk is not None
            and delegate.status in DelegateStatus.ACTIVE
            and not delegate.personal_data_purged_at
            and family_name
            and given_names
        ):
            key = person_key(
                family_name=family_name,
                given_names=given_names,
                date_of_birth=cleaned_data.get("date_of_birth", delegate.date_of_birth),
            )
            if (
                Delegate.objects.filter(forum_id=delegate.forum_id, name_key=key, status__in=DelegateStatus.ACTIVE)
                .exclude(pk=delegate.pk)
                .exists()
            ):
                self.add_error(
                    "family_name",
                    gettext(
                        "Another active representative of this forum has the same names and date of birth: "
                        "a person may represent only one organization."
                    ),
                )
        return cleaned_data


@admin.register(Delegate)
class DelegateAdmin(FastListMixin, HistoryAdminMixin, DecisionAdminMixin, ExportMixin, admin.ModelAdmin):
    form = DelegateAdminForm
    decisions = DELEGATE_DECISIONS
    import_export_change_list_template = "admin/accreditation/delegate/change_list.html"

    def get_urls(self):
        return [
            path("checkin/", self.admin_site.admin_view(self.checkin_view), name="accreditation_delegate_checkin"),
            *super().get_urls(),
        ]

    def checkin_view(self, request: HttpRequest) -> HttpResponse:
        """Scan or type a code: the photo and name for the identity check, then the badge (or a
        session's attendance) is recorded once; a second scan says when and by whom."""
        if not request.user.has_perm("accreditation.check_in"):
            raise PermissionDenied
        forum = active_forum()
        form = CheckInForm(request.POST or None, forum=forum)
        result, error = None, None
        if request.method == "POST" and form.is_valid():
            session = form.cleaned_data.get("session")
            try:
                if session is None:
                    result = checkin.delegate_check_in(code=form.cleaned_data["code"], actor=request.user)
                else:
                    result = checkin.session_attendance(
                        code=form.cleaned_data["code"], session=session, actor=request.user
                    )
            except AccreditationError as exc:
                error = exc.message
            # A fresh form for the next scan, keeping the chosen session.
            form = CheckInForm(initial={"session": session}, forum=forum)
        return TemplateResponse(
            request,
            "admin/accreditation/checkin.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Check-in"),
                "form": form,
                "result": result,
                "error": error,
                "opts": self.model._meta,
            },
        )

    resource_classes = [DelegateResource]
    export_formats = [CSV, XLSX]
    list_display = [
        "family_name",
        "given_names",
        "organization",
        "slot",
        "status",
        "modality",
        "nationality_code",
        "nominated_at",
    ]
    list_filter = [
        "status",
        PossibleDuplicateFilter,
        "modality",
        "forum",
        "gender",
        "is_head_of_delegation",
        ("nominated_at", admin.DateFieldListFilter),
        RegionFilter,
    ]
    list_per_page = 50
    # Indexed on PostgreSQL (trigram indexes, migration 0006); the organization is a filter.
    search_fields = ["family_name", "given_names", "email"]
    list_select_related = ["accreditation__organization", "forum"]
    autocomplete_fields = ["accreditation"]
    readonly_fields = DELEGATE_AUDIT_FIELDS
    exclude = ["photo"]
    show_full_result_count = False
    ordering = ["-id"]

    @admin.display(description=_("nationality"), ordering="nationality")
    def nationality_code(self, obj: Delegate) -> str:
        # The code, not the field: rendering a CountryField cell builds all 250 translated choices.
        return obj.nationality.code

    @admin.display(description=_("organization"), ordering="accreditation__organization__name")
    def organization(self, obj: Delegate):
        return obj.accreditation.organization

    def get_readonly_fields(self, request, obj=None):
        return [*DELEGATE_AUDIT_FIELDS, "accreditation"]

    # --- saving: through the service, which reissues a letter and ends travel ------------

    def save_model(self, request, obj, form, change):
        """A correction goes through ``delegate_correct_details`` (which logs it): a corrected
        detail that an issued letter prints reissues the letter, and online participation ends
        the representative's travel. The officer is told what followed."""
        result = corrections.delegate_correct_details(
            delegate=obj,
            changes={name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data},
            actor=request.user,
        )
        if result.travel_ended:
            self.message_user(
                request,
                gettext(
                    "%(name)s now participates online: their visa support letter was revoked (or their request "
                    "declined) and their in-person seats released; they were e-mailed."
                )
                % {"name": result.delegate.full_name},
                messages.WARNING,
            )
        if result.reissued is not None:
            self.message_user(
                request,
                gettext(
                    "The visa support letter printed the corrected details, so it was reissued: the new reference is "
                    "%(reference)s, and %(previous)s is revoked as superseded. The representative was e-mailed."
                )
                % {"reference": result.reissued.reference, "previous": result.reissued.supersedes.reference},
                messages.WARNING,
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AccreditationError as exc:
            # Refused (a lock stayed busy): nothing was saved.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def has_add_permission(self, request) -> bool:
        # Nominations go through the cap service.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
