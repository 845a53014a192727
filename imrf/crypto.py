"""Encryption at rest for personal data (passport numbers).

MultiFernet over the keys in ``settings.FIELD_ENCRYPTION_KEYS``: the first key encrypts,
every key decrypts, so keys rotate by prepending a new one, running
``manage.py reencrypt_personal_data``, then dropping the old one (docs/deployment.md). Fernet
is authenticated, so a value encrypted under an unknown key, or tampered with, raises instead
of returning garbage.
"""

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "Each FIELD_ENCRYPTION_KEYS entry must be a Fernet key (32 url-safe base64 bytes)."
        ) from exc


@lru_cache(maxsize=1)
def _newest_fernet() -> Fernet:
    _fernet()  # the same checks of the keys
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0])


@receiver(setting_changed)
def _reset_keys(*, setting: str, **kwargs) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()
        _newest_fernet.cache_clear()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError("The value cannot be decrypted with the configured keys.") from exc


def is_under_newest_key(token: str) -> bool:
    """Whether the first (newest) key alone decrypts ``token``: nothing to rotate then."""
    try:
        _newest_fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate(token: str) -> str:
    """``token`` re-encrypted under the newest key (same plaintext, same timestamp).

    The plaintext never leaves the cryptography library. Raises ``DecryptionError`` when no
    configured key decrypts the token.
    """
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError("The value cannot be decrypted with the configured keys.") from exc


def mask(value: str, *, visible: int = 4) -> str:
    """``X1234567`` → ``••••4567``: what everyone but the letter and visa officers sees."""
    if not value:
        return ""
    shown = value[-visible:] if len(value) > visible else value[-1:]
    return "•" * max(len(value) - len(shown), 4) + shown


class EncryptedCharField(models.TextField):
    """A text column that holds only ciphertext. Empty stays empty (so "no value" is cheap).

    It cannot be searched or sorted: ciphertext of equal values differs (random IV), so the
    only lookups allowed are ``isnull`` and equality with the empty string.
    """

    description = "Encrypted text"

    def __init__(self, *args, max_plaintext_length: int = 64, **kwargs) -> None:
        self.max_plaintext_length = max_plaintext_length
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_plaintext_length != 64:
            kwargs["max_plaintext_length"] = self.max_plaintext_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        # Only "is there a value" questions make sense on ciphertext (``=""``, ``isnull``).
        if lookup_name not in {"exact", "isnull"}:
            return None
        return super().get_lookup(lookup_name)

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        # A one-line input, not TextField's text area, bounded by the plaintext's length.
        return models.Field.formfield(
            self,
            form_class=form_class or forms.CharField,
            choices_form_class=choices_form_class,
            **{"max_length": self.max_plaintext_length, **kwargs},
        )
