"""Organizations and their focal points.

Staff add and remove focal points here directly, through the services
(``organization_add_focal_point`` / ``organization_remove_focal_point``): the same rules, an
e-mail to the person added and to the other focal points, the same log entries. (In the portal a
focal point can only invite; the person accepts — accreditation.services.focal_point_invitations.)
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accreditation.errors import AccreditationError
from accreditation.forms import CleanTextMixin
from accreditation.models import Membership, Organization
from accreditation.normalize import organization_key
from accreditation.resources import OrganizationResource
from accreditation.services.organizations import (
    organization_add_focal_point,
    organization_check_new_focal_point,
    organization_remove_focal_point,
)
from imrf.admin import URL_FIELD_OVERRIDES, FastListMixin, HistoryAdminMixin
from imrf.spreadsheets import CSV, XLSX


class FocalPointForm(forms.ModelForm):
    """A new focal point is checked as ``organization_add_focal_point`` will check it."""

    class Meta:
        model = Membership
        fields = ["organization", "user"]

    def clean(self):
        cleaned_data = super().clean()
        organization, user = cleaned_data.get("organization"), cleaned_data.get("user")
        if self.instance.pk is None and organization is not None and user is not None:
            try:
                organization_check_new_focal_point(organization=organization, user=user)
            except AccreditationError as exc:
                self.add_error("user", exc.message)
        return cleaned_data


class FocalPointFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # (Rows ticked for deletion carry no other data: their own errors do not count.)
        if not any(self._should_delete_form(form) for form in self.initial_forms):
            return
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk is not None or form.has_changed())
        ]
        if not kept:
            # organization_remove_focal_point refuses it too.
            raise ValidationError(gettext("An organization needs at least one focal point."))


class MembershipInline(admin.TabularInline):
    model = Membership
    form = FocalPointForm
    formset = FocalPointFormSet
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


class OrganizationAdminForm(CleanTextMixin, forms.ModelForm):
    """Text cleaned as in the portal (no invisible characters in a name); a name already taken in
    the country — ignoring case, accents, invisible characters and look-alike letters — is refused
    next to the field, as ``organization_update`` refuses it, instead of failing at the database."""

    # No Meta: the admin builds the form for its model with the fields of its fieldsets.

    def clean(self):
        cleaned_data = super().clean()
        name, country = cleaned_data.get("name"), cleaned_data.get("country")
        if name and country:
            existing = (
                Organization.objects.filter(name_key=organization_key(name), country=country)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if existing is not None:
                self.add_error(
                    "name",
                    gettext("Another organization of this country is registered under this name: %(name)s.")
                    % {"name": existing.name},
                )
        return cleaned_data


@admin.register(Organization)
class OrganizationAdmin(FastListMixin, HistoryAdminMixin, ExportMixin, admin.ModelAdmin):
    form = OrganizationAdminForm
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

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # Collects the new and the deleted rows; the services write them.
        formset.save_m2m()
        # Additions first: replacing the only focal point (add one, remove the other) then succeeds.
        formset.new_objects = [
            organization_add_focal_point(organization=formset.instance, user=membership.user, actor=request.user)
            for membership in formset.new_objects
        ]
        for membership in formset.deleted_objects:
            organization_remove_focal_point(membership=membership, actor=request.user)
        return None


@admin.register(Membership)
class MembershipAdmin(HistoryAdminMixin, admin.ModelAdmin):
    form = FocalPointForm
    list_display = ["user", "organization", "added_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization", "added_by"]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["added_by", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A membership is added or removed, never re-pointed.
        return False

    def get_actions(self, request):
        # One at a time: the service may refuse a removal (the last focal point), which a bulk
        # deletion would report as done.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Through the services, which log (the mixin's own admin.* entries would log twice).

    def save_model(self, request, obj, form, change):
        membership = organization_add_focal_point(organization=obj.organization, user=obj.user, actor=request.user)
        obj.pk, obj.public_id = membership.pk, membership.public_id
        obj.added_by, obj.created_at = membership.added_by, membership.created_at
        obj._state.adding, obj._state.db = False, membership._state.db

    def delete_model(self, request, obj):
        organization_remove_focal_point(membership=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("organization", "user"):
            organization_remove_focal_point(membership=membership, actor=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except AccreditationError as exc:
            # Refused (the organization's last focal point): nothing was deleted.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:accreditation_membership_change", args=[object_id])
            )
