"""Back office for the core: users, the audit log, and the admin site's look."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from imrf.activity import log_action
from imrf.models import ActivityLog, User

# Every admin form: web addresses typed without a scheme are taken as https:// (Django 6's default).
URL_FIELD_OVERRIDES: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}

# The mixins below extend ModelAdmin; the type checker reads them as ModelAdmins.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


class FastListMixin(_ModelAdmin):
    """The row checkbox of a changelist written directly: Django renders it through the form
    template engine, about a millisecond a row — a fifth of a 50-row list's time."""

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


class HistoryAdminMixin(_ModelAdmin):
    """Every change page shows the object's ActivityLog entries (newest first, at most 100; the
    ``admin/change_form.html`` override renders them), and every plain admin save or deletion is
    logged: ``admin.added``, ``admin.changed`` or ``admin.deleted``, with the names of the fields
    the form changed — never their values (passport numbers, confidential notes stay out of the
    log). Decisions and other services log themselves; admins that route a save through a service
    override these methods instead of logging twice."""

    history_limit = 100

    def history_entries(self, request, obj) -> list[ActivityLog] | None:
        """The entries shown on ``obj``'s change page (one query, whatever their number);
        ``None`` (no history block) for those who may not read the audit log."""
        if obj is None or obj.pk is None or not request.user.has_perm("imrf.view_activitylog"):
            return None
        return list(
            ActivityLog.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
            ).select_related("actor")[: self.history_limit]
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["history_entries"] = self.history_entries(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        fields = list(form.changed_data)
        super().save_model(request, obj, form, change)
        if change and not fields:
            return  # Saved unchanged (perhaps only its inlines changed; they log themselves).
        log_action(
            action="admin.changed" if change else "admin.added", target=obj, actor=request.user, data={"fields": fields}
        )

    def delete_model(self, request, obj):
        # Before the deletion, while the object still has its primary key.
        log_action(action="admin.deleted", target=obj, actor=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            log_action(action="admin.deleted", target=obj, actor=request.user)
        super().delete_queryset(request, queryset)


class ReadOnlyAdminMixin:
    """For records only services write: visible, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(HistoryAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "last_login", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "language"]
    search_fields = ["email", "full_name", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "first_name", "last_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["send_enrolment_link"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A staff account gets its one-time link to set up an authenticator app as soon as it
        # has staff access and none is set up: the password alone never enrols one.
        if (obj.is_staff or obj.is_superuser) and {"is_staff", "is_superuser"} & set(form.changed_data):
            self._send_enrolment_links(request, [obj])

    @admin.action(description=_("Send a two-factor set-up link"), permissions=["change"])
    def send_enrolment_link(self, request, queryset):
        self._send_enrolment_links(request, list(queryset))

    def _send_enrolment_links(self, request, users) -> None:
        from django.contrib import messages
        from django.db import transaction

        from imrf import two_factor

        for user in users:
            if not (user.is_staff or user.is_superuser) or not user.is_active:
                self.message_user(
                    request, _("%(user)s has no staff access: no link sent.") % {"user": user.email}, messages.WARNING
                )
            elif two_factor.has_authenticator(user):
                self.message_user(
                    request,
                    _("%(user)s already has an authenticator app: no link sent.") % {"user": user.email},
                    messages.WARNING,
                )
            else:
                with transaction.atomic():
                    two_factor.staff_enrolment_send(user=user, actor=request.user)
                self.message_user(
                    request,
                    _("A two-factor set-up link was sent to %(user)s.") % {"user": user.email},
                    messages.SUCCESS,
                )

    def user_change_password(self, request, id, form_url=""):
        """A password set here is a change like any other (its name logged, never its value)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            user = self.get_object(request, unquote(id))
            # Django redirects to the user's change page once the password is saved (elsewhere otherwise).
            if user is not None and response.url == reverse(f"{self.admin_site.name}:imrf_user_change", args=[user.pk]):
                log_action(action="admin.changed", target=user, actor=request.user, data={"fields": ["password"]})
        return response


@admin.register(ActivityLog)
class ActivityLogAdmin(FastListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "target_repr", "actor", "ip_address"]
    list_filter = ["action", "content_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["action", "target_repr", "actor__email", "object_id"]
    list_select_related = ["actor", "content_type"]
    readonly_fields = [
        "created_at",
        "actor",
        "ip_address",
        "action",
        "content_type",
        "object_id",
        "target_repr",
        "data",
    ]
    show_full_result_count = False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("imrf.view_activitylog")
