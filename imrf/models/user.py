from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who signs in: focal point, delegate or Secretariat staff. E-mail is the login."""

    username = None  # type: ignore[assignment]  # no username: the e-mail address is the login
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and e-mails are in this language."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # django-stubs types AbstractUser.objects as auth's UserManager, whose methods take a username.
    objects = UserManager()  # type: ignore[misc, assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.get_full_name()

    # --- Staff privileges held back until the second factor (imrf.two_factor) ---------------

    _suspended_privileges: tuple[bool, bool] | None = None

    def suspend_staff_privileges(self) -> None:
        """For this request's copy of the user only: no staff flag, no superuser flag, no
        permission. Saving the user still writes the real flags."""
        if self._suspended_privileges is None:
            self._suspended_privileges = (self.is_staff, self.is_superuser)
        self.is_staff = self.is_superuser = False
        no_permission: set[str] = set()
        self._perm_cache = self._user_perm_cache = self._group_perm_cache = no_permission

    @property
    def staff_privileges_suspended(self) -> bool:
        return self._suspended_privileges is not None

    def has_perm(self, perm, obj=None) -> bool:
        return not self.staff_privileges_suspended and super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return not self.staff_privileges_suspended and super().has_module_perms(app_label)

    def save(self, *args, **kwargs) -> None:
        if self._suspended_privileges is None:
            return super().save(*args, **kwargs)
        self.is_staff, self.is_superuser = self._suspended_privileges
        try:
            super().save(*args, **kwargs)
        finally:
            self.is_staff = self.is_superuser = False
