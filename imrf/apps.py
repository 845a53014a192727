from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ImrfConfig(AppConfig):
    name = "imrf"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"


class ImrfAdminConfig(AdminConfig):
    """Django's admin with our site class (the Secretariat's dashboard on the index)."""

    default_site = "imrf.admin_site.ImrfAdminSite"
