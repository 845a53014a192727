"""Form rendering shared by every page: Bootstrap classes, an error summary at the top that
links to each field, each field's error next to it (templates/forms/)."""

from django import forms
from django.conf import settings
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy


class SiteFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


class StyledFormMixin:
    """Give every widget the Bootstrap class it needs; forms inherit this before forms.Form."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
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
