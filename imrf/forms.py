"""Form rendering shared by every page: Bootstrap classes, an error summary at the top that
links to each field, each field's error next to it (templates/forms/)."""

from typing import TYPE_CHECKING, ClassVar

from django import forms
from django.conf import settings
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy


class SiteFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


class FastSelect(forms.Select):
    """A <select> rendered in Python: the template engine renders a 250-country list option by
    option (tens of milliseconds a page); this builds the same markup directly."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(item) for item in self.format_value(value)}
        parts: list[str] = [
            format_html("<select{}>", flatatt({k: v for k, v in final_attrs.items() if v is not False}))
        ]
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(self._option(sub_value, sub_label, selected) for sub_value, sub_label in option_label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, option_label, selected))
        parts.append("</select>")
        return mark_safe("".join(str(part) for part in parts))  # nosec B308, B703  # each part is format_html() output or a literal closing tag

    @staticmethod
    def _option(value, label, selected: set[str]) -> str:
        value = "" if value is None else str(getattr(value, "value", value))
        return format_html('<option value="{}"{}>{}</option>', value, " selected" if value in selected else "", label)


# The mixin extends Django's forms; the type checker reads it as one.
if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object


class StyledFormMixin(_Form):
    """Give every widget the Bootstrap class it needs; forms inherit this before forms.Form."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple | forms.RadioSelect):
                field.widget = widget = FastSelect(attrs=widget.attrs, choices=widget.choices)
            if isinstance(widget, _CHECK_WIDGETS):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


def formfield_for(field: models.Field, **kwargs) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https:// (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    """Subclasses set ``formfield_callback = formfield_for`` in their Meta (Meta is not inherited)."""


class InputOnlyModelForm(forms.ModelForm):
    """A model form that only parses input for a service, which writes the row: unique fields are
    not checked here — the service checks them, under its lock, and says how to resolve a clash.
    ``validate_instance = False`` also skips building and validating the instance (the model's
    own validators and constraints), for a service that builds it from more than the form's fields."""

    validate_instance: ClassVar[bool] = True

    def validate_unique(self) -> None:
        pass  # the service's

    def _post_clean(self) -> None:
        if self.validate_instance:
            super()._post_clean()  # type: ignore[misc]  # private in Django, so absent from django-stubs


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class SignupExtraForm(forms.Form):
    """What allauth's sign-up asks besides e-mail and password: the person's name (so the
    Secretariat and colleagues see a name, not an address) — and it remembers the language the
    person signed up in, for their e-mails."""

    full_name = forms.CharField(
        label=gettext_lazy("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        language = getattr(request, "LANGUAGE_CODE", None)
        if language in dict(settings.LANGUAGES):
            user.language = language
        user.save(update_fields=["full_name", "language"])
