from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ImrfConfig(AppConfig):
    name = "imrf"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from imrf import checks  # noqa: F401 - registers the deployment checks
        from imrf.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="imrf.sync_roles")


class ImrfAdminConfig(AdminConfig):
    """Django's admin with our site class (the Secretariat's dashboard on the index)."""

    default_site = "imrf.admin_site.ImrfAdminSite"
