"""Decisions in the back office: bulk admin actions and change-page buttons that call services.

A :class:`Decision` names a service, the permission it needs, and optionally a form (a reason,
a message). The :class:`DecisionAdminMixin` turns each into

- an admin action (``@admin.action(permissions=[...])``): with a form, an intermediate page
  asks for its fields first; the service then runs once per selected row and every refusal is
  reported with ``message_user`` (nothing stops at the first failure, nothing bypasses the
  service);
- a button on the change page, leading to a confirmation page (GET) that runs the service on
  POST.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imrf.errors import ServiceError


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=4000,
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What the organization should add or correct"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=4000,
    )


class ObjectionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Who objected and why"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=4000,
        help_text=gettext_lazy("Confidential: seen only by accreditation officers."),
    )


@dataclass(frozen=True)
class Decision:
    name: str
    label: str
    # service(obj, actor=..., **form.cleaned_data) -> the changed object
    service: Callable[..., Any]
    permission: str
    form_class: type[forms.Form] | None = None
    # Whether the button is offered for this object (the service still checks everything).
    available: Callable[[Any], bool] = field(default=lambda obj: True)
    style: str = "default"
    # What the confirmation page says will happen (obj -> text), e.g. when a period ends.
    explain: Callable[[Any], str] | None = None
    # What the officer is told once it is done (the service's result -> text), e.g. the new
    # reference of a reissued letter; without it, "<label>: done."
    done_message: Callable[[Any], str] | None = None


# The mixin extends ModelAdmin; the type checker reads it as one.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


class DecisionAdminMixin(_ModelAdmin):
    decisions: tuple[Decision, ...] = ()
    change_form_template = "admin/decisions/change_form.html"

    # --- permissions -------------------------------------------------------------------

    def _has_decision_permission(self, request: HttpRequest, decision: Decision) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.has_perm(decision.permission)

    def allowed_decisions(self, request: HttpRequest, obj=None) -> list[Decision]:
        return [
            decision
            for decision in self.decisions
            if self._has_decision_permission(request, decision) and (obj is None or decision.available(obj))
        ]

    # --- bulk actions ----------------------------------------------------------------

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        for decision in self.decisions:
            if not self._has_decision_permission(request, decision):
                continue
            function = self._make_action(decision)
            actions[f"decide_{decision.name}"] = (function, f"decide_{decision.name}", decision.label)
        return actions

    def _make_action(self, decision: Decision):
        def action(modeladmin, request, queryset):
            return modeladmin.run_bulk_decision(request, queryset, decision)

        action.__name__ = f"decide_{decision.name}"
        return action

    def run_bulk_decision(self, request: HttpRequest, queryset, decision: Decision):
        if not self._has_decision_permission(request, decision):
            raise PermissionDenied
        form = None
        if decision.form_class is not None:
            if "apply" in request.POST:
                form = decision.form_class(request.POST)
            if form is None or not form.is_valid():
                return TemplateResponse(
                    request,
                    "admin/decisions/intermediate.html",
                    {
                        **self.admin_site.each_context(request),
                        "title": decision.label,
                        "decision": decision,
                        "form": form or decision.form_class(),
                        "objects": list(queryset),
                        "opts": self.model._meta,
                        "action_name": f"decide_{decision.name}",
                        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                    },
                )
        data = form.cleaned_data if form is not None else {}
        done, failures, reports = 0, [], []
        for obj in queryset:
            try:
                result = decision.service(obj, actor=request.user, **data)
                done += 1
                if decision.done_message is not None:
                    reports.append(decision.done_message(result))
            except ServiceError as exc:
                failures.append(f"{obj}: {exc.message}")
            except DatabaseError:
                failures.append(f"{obj}: " + _("changed by someone else at the same moment; try again."))
        if done:
            self.message_user(
                request,
                _("%(label)s: done for %(count)d.") % {"label": decision.label, "count": done},
                messages.SUCCESS,
            )
        for report in reports:
            self.message_user(request, report, messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)
        return None

    # --- change-page buttons ------------------------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/decide/<str:decision_name>/",
                self.admin_site.admin_view(self.decision_view),
                name="%s_%s_decide" % info,
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request: HttpRequest, object_id: str, decision_name: str) -> HttpResponse:
        decision = next((d for d in self.decisions if d.name == decision_name), None)
        obj = self.get_object(request, object_id)
        if decision is None or obj is None:
            raise Http404
        if not self._has_decision_permission(request, decision):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_change", args=[obj.pk])
        form = decision.form_class(request.POST or None) if decision.form_class else None
        error = None
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                result = decision.service(obj, actor=request.user, **(form.cleaned_data if form else {}))
            except ServiceError as exc:
                error = exc.message
            except DatabaseError:
                error = _("Changed by someone else at the same moment; try again.")
            else:
                done = (
                    decision.done_message(result)
                    if decision.done_message is not None
                    else _("%(label)s: done.") % {"label": decision.label}
                )
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/decisions/confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{decision.label}: {obj}",
                "decision": decision,
                "object": obj,
                "form": form,
                "error": error,
                "opts": self.model._meta,
                "change_url": change_url,
                "explanation": decision.explain(obj) if decision.explain else "",
            },
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["decision_buttons"] = [] if obj is None else self.allowed_decisions(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
