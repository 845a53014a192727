"""The back office's admin site: Django's, with the Secretariat's dashboard on its index page.

The admin site is project wiring (docs/architecture.md): like settings and urls, it may import
the domain apps, here for the Secretariat's dashboard.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accreditation.selectors.secretariat import secretariat_dashboard
from events.selectors import active_forum
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
        extra_context["dashboard"] = secretariat_dashboard(forum=active_forum())
        return super().index(request, extra_context)
