"""Users (focal points, delegates, staff) and the audit log."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from imrf.models import ActivityLog, User

PASSWORD = "correct-horse-battery"

# Deterministic names from several scripts, so pages and PDFs meet diacritics every run.
FULL_NAMES = [
    "Amina Yusuf",
    "Nguyễn Thị Ánh",
    "Łukasz Żółć",
    "José Luis García Márquez",
    "Olena Ivanova",
    "Søren Østergaard",
    "Chiamaka Okonkwo",
    "Yara Haddad",
]


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user with a verified e-mail address and the password ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: FULL_NAMES[n % len(FULL_NAMES)])
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a confirmed e-mail address unless ``verified=False``."""
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)


# Every factory-made staff member's authenticator app shares this secret (tests only).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app would show now for ``secret``."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class StaffUserFactory(UserFactory):
    """A Secretariat member with two-factor authentication set up (``totp=False`` for one
    without); ``group="Visa officers"`` puts them in that role's group."""

    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP

            TOTP.activate(self, TOTP_SECRET)


class ActivityLogFactory(factory.django.DjangoModelFactory):
    """An audit entry; pass ``target=<instance>`` to point it at an object."""

    class Meta:
        model = ActivityLog
        exclude = ["target"]

    class Params:
        target = None

    action = "organization.updated"
    actor = factory.SubFactory(UserFactory)
    ip_address = "203.0.113.7"
    content_type = factory.LazyAttribute(
        lambda entry: ContentType.objects.get_for_model(entry.target) if entry.target is not None else None
    )
    object_id = factory.LazyAttribute(lambda entry: str(entry.target.pk) if entry.target is not None else "")
    target_repr = factory.LazyAttribute(
        lambda entry: str(entry.target)[:300] if entry.target is not None else "Migrant Rights Network"
    )
    data = factory.LazyFunction(lambda: {"fields": ["name"]})
