"""The back office's admin site: Django's, with the Secretariat's dashboard on its index page.

The dashboard's figures come from the function named by ``settings.ADMIN_DASHBOARD`` (the
core app must not import the domain apps).
"""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class ImrfAdminSite(admin.AdminSite):
    site_header = _("IMRF Accreditation — Secretariat")
    site_title = _("IMRF back office")
    index_title = _("Back office")
    index_template = "admin/imrf_index.html"

    def login(self, request, extra_context=None):
        """Sign-in goes through the site's own sign-in (rate limits, two-factor code)."""
        return secure_admin_login(super().login)(request, extra_context)

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        builder = getattr(settings, "ADMIN_DASHBOARD", None)
        if builder:
            extra_context["dashboard"] = import_string(builder)(request)
        return super().index(request, extra_context)
