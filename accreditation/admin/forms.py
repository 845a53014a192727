"""Forms of the accreditation back office's decisions."""

from django.utils.translation import gettext_lazy as _

from imrf.admin_decisions import ReasonForm


class OrganizationReasonForm(ReasonForm):
    """A reason the organization reads (in its e-mail and on its dashboard)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("Shown to the organization.")


class RepresentativeReasonForm(ReasonForm):
    """A reason the representative reads (in their e-mail)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("Shown to the representative.")
