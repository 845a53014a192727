"""Back-office lists filter only by what they offer (issue 13, finding 2)."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext as _


class OfferedLookupsChangeList(ChangeList):
    """A changelist that filters only by what it offers: its list filters (each consumes its own
    parameters), its date hierarchy and the admin's ``extra_list_lookups``. Django itself lets
    any lookup on a local field through (``?objection_note__regex=^A``), which reads a hidden
    field by bisection; here any other parameter sends the list back unfiltered, with a message.
    Searching (``q``) is limited by ``search_fields`` and sorting (``o``) by ``list_display``."""

    def get_filters(self, request):
        filter_specs, has_filters, remaining, may_have_duplicates, has_active_filters = super().get_filters(request)
        allowed = set(getattr(self.model_admin, "extra_list_lookups", ()))
        if self.date_hierarchy:
            allowed |= {f"{self.date_hierarchy}__gte", f"{self.date_hierarchy}__lt"}
        refused = sorted(set(remaining) - allowed)
        if refused:
            messages.error(request, _("This list cannot be filtered that way; it is shown without that filter."))
            raise IncorrectLookupParameters(f"Not a filter of this list: {', '.join(refused)}")
        return filter_specs, has_filters, remaining, may_have_duplicates, has_active_filters


if TYPE_CHECKING:
    from import_export.admin import ExportMixin

    # The mixin is given to ModelAdmins, django-import-export's among them.
    _ModelAdmin = ExportMixin
else:
    _ModelAdmin = object


class OfferedLookupsMixin(_ModelAdmin):
    """Given to every ModelAdmin the site registers (ImrfAdminSite.register), ours and
    third-party ones alike: see OfferedLookupsChangeList."""

    extra_list_lookups: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return OfferedLookupsChangeList

    def get_export_queryset(self, request):
        """The export of a list (django-import-export) follows the list's filters: an unoffered
        lookup there is refused as a bad request, not exported or raised as an error."""
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as exc:
            raise DisallowedModelAdminLookup(str(exc)) from exc
