"""The back office's admin site: Django's, with the Secretariat's dashboard on its index page.

The dashboard's figures come from the function named by ``settings.ADMIN_DASHBOARD`` (the
core app must not import the domain apps).
"""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from imrf.admin_lookups import OfferedLookupsMixin


class ImrfAdminSite(admin.AdminSite):
    site_header = _("IMRF Accreditation — Secretariat")
    site_title = _("IMRF back office")
    index_title = _("Back office")
    index_template = "admin/imrf_index.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every list of the back office filters only by what it offers, whoever wrote its admin."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OfferedLookupsMixin):
            admin_class = type(
                admin_class.__name__, (OfferedLookupsMixin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)

    def login(self, request, extra_context=None):
        """Sign-in goes through the site's own sign-in (rate limits, two-factor code)."""
        return secure_admin_login(super().login)(request, extra_context)

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        builder = getattr(settings, "ADMIN_DASHBOARD", None)
        if builder:
            extra_context["dashboard"] = import_string(builder)(request)
        return super().index(request, extra_context)
