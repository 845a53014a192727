"""Forms of the NGO and delegate portals. They parse and check input; services decide."""

import unicodedata
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.enums import Basis, DocumentKind, Gender, ParticipationModality, VisaOutcome
from accreditation.errors import AccreditationError
from accreditation.models import Accreditation, Delegate, Organization, VisaLetter
from accreditation.normalize import clean_name
from accreditation.uploads import JPEG, PNG, image_size, validate_upload
from accreditation.validators import check_request_data
from events.models import Forum
from imrf.forms import DateInput, InputOnlyModelForm, StyledForm, StyledModelForm, formfield_for

MIN_PHOTO_PIXELS = 300


def _strip_controls(value: str) -> str:
    """Remove control characters (other than newlines and tabs) that no person types on purpose;
    NFC-compose what is left."""
    kept = "".join(char for char in value if char in "\n\t" or unicodedata.category(char) != "Cc")
    return unicodedata.normalize("NFC", kept)


class CleanTextMixin:
    """Clean every text field: a one-line field (a name, an acronym, a city, a number) loses its
    invisible characters — zero-width spaces, soft hyphens, bidi controls… — and keeps single
    spaces (``normalize.clean_name``); a text area loses its control characters. Surrounding space
    goes. A required field left empty by the cleaning (a name of zero-width spaces) is reported as
    missing, next to it."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                field = self.fields.get(name)
                if field is not None and isinstance(field.widget, forms.Textarea):
                    cleaned[name] = _strip_controls(value).strip()
                else:
                    cleaned[name] = clean_name(value)
                if field is not None and field.required and not cleaned[name]:
                    self.add_error(name, field.error_messages["required"])
        return cleaned


class OrganizationForm(CleanTextMixin, InputOnlyModelForm, StyledModelForm):
    """An organization's profile. Uniqueness of (name, country) is checked by the service, with a
    message saying how to join."""

    class Meta:
        model = Organization
        formfield_callback = formfield_for
        fields = Organization.PROFILE_FIELDS
        widgets = {
            "migration_work": forms.Textarea(attrs={"rows": 5}),
            "registration_explanation": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "name": _("The full name, as in your statutes."),
            "is_registered": _(
                "Untick if your organization is not registered with the authorities where it works. "
                "You can still apply: explain why below and upload another proof of existence."
            ),
        }

    def clean_year_founded(self):
        year = self.cleaned_data.get("year_founded")
        if year and year > timezone.localdate().year:
            raise ValidationError(_("The year founded cannot be in the future."))
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_registered") is False and not (cleaned.get("registration_explanation") or "").strip():
            self.add_error(
                "registration_explanation",
                _(
                    "Explain why your organization is not registered; "
                    "the Secretariat reads it with your proof of existence."
                ),
            )
        return cleaned


class ApplicationForm(CleanTextMixin, InputOnlyModelForm, StyledModelForm):
    class Meta:
        model = Accreditation
        fields = Accreditation.APPLICATION_FIELDS
        widgets = {
            "basis": forms.RadioSelect,
            "reason_for_participation": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "basis": _("Choose special accreditation if none of the other three applies."),
            "ecosoc_category": _("Only for organizations in ECOSOC consultative status."),
            "reason_for_participation": _("For special accreditation: why your organization wants to take part."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = Basis.choices

    def clean_ecosoc_year(self):
        year = self.cleaned_data.get("ecosoc_year")
        if year and year > timezone.localdate().year:
            raise ValidationError(_("The year cannot be in the future."))
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("basis") == Basis.ECOSOC:
            if not cleaned.get("ecosoc_category"):
                self.add_error("ecosoc_category", _("Give the category of your consultative status."))
            if not cleaned.get("ecosoc_year"):
                self.add_error("ecosoc_year", _("Give the year consultative status was granted."))
        return cleaned


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            excluded = (
                DocumentKind.ALTERNATIVE_PROOF if organization.is_registered else DocumentKind.REGISTRATION_CERTIFICATE
            )
            self.fields["kind"].choices = [choice for choice in DocumentKind.choices if choice[0] != excluded]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = validate_upload(upload)
        return upload


class FocalPointForm(CleanTextMixin, StyledForm):
    """Whom to invite as a focal point (the person accepts from the e-mail)."""

    email = forms.EmailField(
        label=_("E-mail address of the person to invite"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Their name (optional)"),
        required=False,
        max_length=150,
        help_text=_("We greet them by this name in the invitation."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self):
        name = _strip_controls(self.cleaned_data.get("name", "")).strip()
        # The invitation goes out from our address: a name, not a link or a message.
        if any(marker in name.lower() for marker in ("://", "www.", "@", "<", ">")):
            raise ValidationError(_("Enter only the person's name."))
        return name


class FocalPointInvitationAnswerForm(StyledForm):
    """The invitee's answer: the button they pressed."""

    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class ConfirmForm(StyledForm):
    """Confirms an action that cannot be undone (withdraw, switch to virtual), with an optional
    reason (``with_reason=False`` drops it)."""

    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(label=_("Yes, I want to do this"), required=True)

    def __init__(self, *args, with_reason: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_reason:
            del self.fields["reason"]

    def clean_reason(self):
        return _strip_controls(self.cleaned_data.get("reason", "")).strip()


class NominationForm(CleanTextMixin, InputOnlyModelForm, StyledModelForm):
    # The service builds and validates the Delegate (slot, forum, identity key); the form only
    # checks the fields themselves.
    validate_instance = False

    # A FileField: accreditation.uploads checks the content (Django's ImageField would open the
    # image with Pillow first, and say only "not a valid image" of one too large).
    photo = forms.FileField(
        label=_("Photo"),
        required=True,
        help_text=_("A recent passport-style photo, JPEG or PNG, at least 300 × 300 pixels, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    privacy_consent = forms.BooleanField(
        label=_("This person has read the privacy notice and agrees that their data is used as it describes."),
        required=True,
        error_messages={"required": _("Confirm that the representative agrees to the privacy notice.")},
    )

    class Meta:
        model = Delegate
        fields = Delegate.NOMINEE_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "modality": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "family_name": _("Exactly as in the passport."),
            "given_names": _("Exactly as in the passport, all of them."),
            "gender": _("Optional; used only for anonymous statistics."),
            "email": _("The representative receives a link here to reach their own page."),
            "accessibility_needs": _("Anything the Secretariat should arrange (wheelchair access, sign language, …)."),
        }

    def __init__(self, *args, forum: Forum, **kwargs):
        self.forum = forum
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].required = True
        self.fields["gender"].choices = [
            ("", _("Prefer not to say")),
            *[c for c in Gender.choices if c[0] != Gender.UNDISCLOSED],
        ]
        self.fields["modality"].choices = ParticipationModality.choices

    def clean_date_of_birth(self):
        born: date | None = self.cleaned_data.get("date_of_birth")
        if born is None:
            return born
        if born > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        if born.year < 1900:
            raise ValidationError(_("Check the year of birth."))
        if self.forum.age_on_start(born) < self.forum.minimum_age:
            raise ValidationError(
                _("Representatives must be at least %(age)d years old when the forum starts.")
                % {"age": self.forum.minimum_age}
            )
        return born

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo is None:
            return photo
        self.photo_content_type = validate_upload(photo, allowed=(JPEG, PNG))
        width, height = image_size(photo)
        if width < MIN_PHOTO_PIXELS or height < MIN_PHOTO_PIXELS:
            raise ValidationError(
                _("The photo is %(width)d × %(height)d pixels; it must be at least 300 × 300.")
                % {"width": width, "height": height}
            )
        photo.content_type = self.photo_content_type
        return photo


class InvitationAcceptForm(StyledForm):
    password1 = forms.CharField(
        label=_("Choose a password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.password_validation import validate_password

        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, user=get_user_model()(email=self.email))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class InvitationSignInForm(StyledForm):
    """The password of the account that already owns the invited address: the proof that the
    person following the link owns that account."""

    password = forms.CharField(
        label=_("Password of your account"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


__all__ = [
    "ApplicationForm",
    "ConfirmForm",
    "DocumentForm",
    "FocalPointForm",
    "FocalPointInvitationAnswerForm",
    "InvitationAcceptForm",
    "InvitationSignInForm",
    "NominationForm",
    "OrganizationForm",
    "VerifyLetterForm",
    "VisaLetterRequestForm",
    "VisaOutcomeForm",
]


class VisaLetterRequestForm(CleanTextMixin, InputOnlyModelForm, StyledModelForm):
    # The service builds the letter (delegate, forum, status) and checks the request's rules.
    validate_instance = False

    passport_number = forms.CharField(
        label=_("Passport number"),
        max_length=20,
        help_text=_("As printed in the passport. It is stored encrypted and shown only on the letter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = VisaLetter
        fields = VisaLetter.REQUEST_FIELDS
        widgets = {
            "passport_issued_on": DateInput(),
            "passport_expires_on": DateInput(),
            "arrival_on": DateInput(),
            "departure_on": DateInput(),
        }
        labels = {"language": _("Language of the letter")}
        help_texts = {
            "consulate_country": _("The country of the embassy or consulate where you will apply for the visa."),
            "consulate_city": _("The city of that embassy or consulate."),
        }

    def __init__(self, *args, forum: Forum, **kwargs):
        self.forum = forum
        super().__init__(*args, **kwargs)
        for name in ("passport_issuing_country", "passport_issued_on", "passport_expires_on", "place_of_birth"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                check_request_data(forum=self.forum, data=cleaned)
            except AccreditationError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return cleaned


class VisaOutcomeForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("What did the consulate decide?"), choices=VisaOutcome.choices, widget=forms.RadioSelect
    )


class VerifyLetterForm(StyledForm):
    reference = forms.CharField(
        label=_("Reference of the letter"), max_length=40, help_text=_("For example IMRF2026-000123.")
    )
    passport_number = forms.CharField(
        label=_("Passport number of the holder"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_reference(self):
        return "".join(self.cleaned_data["reference"].split()).upper()
