"""Passport numbers are ciphertext at rest, readable only with a configured key, and rotate."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection

from accreditation.models import VisaLetter
from imrf.crypto import DecryptionError, decrypt, encrypt, mask
from tests.factories import VisaLetterFactory
from tests.helpers import stored_passport_number
from tests.keys import NEW_KEY, OLD_KEY, UNKNOWN_KEY


def _store(letter: VisaLetter, raw: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accreditation_visaletter SET passport_number = %s WHERE id = %s", [raw, letter.pk])


# --- At rest --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_passport_number_round_trips_through_the_database():
    letter = VisaLetterFactory(passport_number="X1234567")

    reread = VisaLetter.objects.get(pk=letter.pk)

    assert reread.passport_number == "X1234567"


@pytest.mark.django_db
def test_passport_number_column_holds_no_plaintext():
    letter = VisaLetterFactory(passport_number="X1234567")

    stored = stored_passport_number(letter)

    assert stored != "X1234567"
    assert "1234567" not in stored
    assert decrypt(stored) == "X1234567"


@pytest.mark.django_db
def test_passport_number_same_value_twice_is_stored_differently():
    first = VisaLetterFactory(passport_number="X1234567")
    second = VisaLetterFactory(passport_number="X1234567")

    assert stored_passport_number(first) != stored_passport_number(second)


@pytest.mark.django_db
def test_passport_number_empty_stays_empty():
    letter = VisaLetterFactory(passport_number="")

    assert stored_passport_number(letter) == ""
    assert VisaLetter.objects.get(pk=letter.pk).passport_number == ""


@pytest.mark.django_db
def test_passport_number_can_only_be_asked_whether_it_is_empty():
    with_number = VisaLetterFactory(passport_number="X1234567")
    without = VisaLetterFactory(passport_number="")

    assert list(VisaLetter.objects.filter(passport_number="")) == [without]
    assert list(VisaLetter.objects.exclude(passport_number="")) == [with_number]
    with pytest.raises(FieldError):
        VisaLetter.objects.filter(passport_number__icontains="1234")


# --- Failures raise, never return garbage -------------------------------------------------


@pytest.mark.django_db
def test_passport_number_written_under_an_unknown_key_raises_when_read(settings):
    letter = VisaLetterFactory(passport_number="X1234567")
    settings.FIELD_ENCRYPTION_KEYS = [UNKNOWN_KEY]

    with pytest.raises(DecryptionError):
        VisaLetter.objects.get(pk=letter.pk)


@pytest.mark.django_db
def test_passport_number_tampered_with_raises_when_read():
    letter = VisaLetterFactory(passport_number="X1234567")
    stored = stored_passport_number(letter)
    flipped = "B" if stored[40] == "A" else "A"  # one character inside the ciphertext
    _store(letter, stored[:40] + flipped + stored[41:])

    with pytest.raises(DecryptionError):
        VisaLetter.objects.get(pk=letter.pk)


def test_decrypt_of_something_that_is_not_a_token_raises():
    with pytest.raises(DecryptionError):
        decrypt("X1234567")


def test_encrypt_without_keys_is_improperly_configured(settings):
    settings.FIELD_ENCRYPTION_KEYS = []

    with pytest.raises(ImproperlyConfigured):
        encrypt("X1234567")


def test_encrypt_with_a_key_that_is_not_a_fernet_key_is_improperly_configured(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-fernet-key"]

    with pytest.raises(ImproperlyConfigured):
        encrypt("X1234567")


# --- Rotation -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_passport_number_under_the_old_key_is_readable_after_a_new_key_is_prepended(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    letter = VisaLetterFactory(passport_number="X1234567")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    reread = VisaLetter.objects.get(pk=letter.pk)

    assert reread.passport_number == "X1234567"


@pytest.mark.django_db
def test_passport_number_written_after_rotation_uses_the_new_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    letter = VisaLetterFactory(passport_number="Y7654321")

    assert Fernet(NEW_KEY).decrypt(stored_passport_number(letter).encode()) == b"Y7654321"
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert VisaLetter.objects.get(pk=letter.pk).passport_number == "Y7654321"


@pytest.mark.django_db
def test_passport_number_under_a_retired_key_is_unreadable(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    letter = VisaLetterFactory(passport_number="X1234567")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]

    with pytest.raises(DecryptionError):
        VisaLetter.objects.get(pk=letter.pk)


@pytest.mark.django_db
def test_passport_number_saved_again_after_rotation_no_longer_needs_the_old_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    letter = VisaLetterFactory(passport_number="X1234567")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    VisaLetter.objects.get(pk=letter.pk).save(update_fields=["passport_number"])

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]

    assert VisaLetter.objects.get(pk=letter.pk).passport_number == "X1234567"


# --- Masking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("X1234567", "••••4567"),
        ("AB1234567890", "••••••••7890"),
        ("12345", "••••2345"),
        ("1234", "••••4"),
        ("7", "••••7"),
        ("", ""),
    ],
)
def test_mask_shows_only_the_last_four_characters_of_long_values(value, masked):
    assert mask(value) == masked


@pytest.mark.django_db
def test_masked_passport_number_of_a_letter():
    letter = VisaLetterFactory(passport_number="X1234567")

    assert VisaLetter.objects.get(pk=letter.pk).masked_passport_number == "••••4567"
