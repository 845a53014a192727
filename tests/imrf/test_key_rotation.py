"""Key rotation: ``manage.py reencrypt_personal_data`` moves every passport number to the
newest key, so that the old key can be removed; it is idempotent and prints no plaintext."""

import base64
from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.test import override_settings

from accreditation.models import VisaLetter
from imrf.crypto import DecryptionError, is_under_newest_key
from imrf.management.commands.reencrypt_personal_data import encrypted_fields
from imrf.models import ActivityLog
from tests.factories import VisaLetterFactory
from tests.helpers import stored_passport_number
from tests.keys import NEW_KEY, OLD_KEY, UNKNOWN_KEY

pytestmark = pytest.mark.django_db

PASSPORTS = ["X1234567", "AB9876543", "Ü0000001"]


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("reencrypt_personal_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _letters_under(key: str, passports=PASSPORTS) -> list[VisaLetter]:
    with override_settings(FIELD_ENCRYPTION_KEYS=[key]):
        return [VisaLetterFactory(passport_number=passport) for passport in passports]


def test_the_test_keys_differ_in_their_signing_half():
    signing_halves = {base64.urlsafe_b64decode(key)[:16] for key in (OLD_KEY, NEW_KEY, UNKNOWN_KEY)}
    assert len(signing_halves) == 3


def test_no_token_under_the_old_key_passes_for_one_under_the_newest():
    """2,000 tokens: with keys sharing a signing half, about 8 of them would pass (1 in 256)."""
    old = Fernet(OLD_KEY)
    tokens = [old.encrypt(f"P{number:07d}".encode()).decode("ascii") for number in range(2000)]
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert [token for token in tokens if is_under_newest_key(token)] == []


def test_the_passport_number_is_the_only_encrypted_column_and_it_is_found():
    assert [(model._meta.label, field.name) for model, field in encrypted_fields()] == [
        ("accreditation.VisaLetter", "passport_number")
    ]


def test_after_the_command_the_new_key_alone_decrypts_and_the_old_key_alone_does_not():
    letters = _letters_under(OLD_KEY)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        _run()
        for letter, passport in zip(letters, PASSPORTS, strict=True):
            raw = stored_passport_number(letter).encode("ascii")
            assert Fernet(NEW_KEY).decrypt(raw) == passport.encode()
            with pytest.raises(InvalidToken):
                Fernet(OLD_KEY).decrypt(raw)
            assert VisaLetter.objects.get(pk=letter.pk).passport_number == passport

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert {letter.pk: letter.passport_number for letter in VisaLetter.objects.all()} == {
            letter.pk: passport for letter, passport in zip(letters, PASSPORTS, strict=True)
        }


def test_without_the_command_the_old_key_is_still_needed():
    """The counterpart of the test above: prepending a key alone does not rewrite anything."""
    (letter,) = _letters_under(OLD_KEY, ["X1234567"])

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(DecryptionError):
        VisaLetter.objects.get(pk=letter.pk)


def test_the_command_prints_counts_and_no_plaintext_nor_ciphertext(caplog):
    old = _letters_under(OLD_KEY)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        current = VisaLetterFactory(passport_number="Z5555555")
        VisaLetterFactory(passport_number="")  # nothing to encrypt
        tokens = [stored_passport_number(letter) for letter in [*old, current]]

        out, err = _run()

    assert "accreditation.VisaLetter.passport_number: 3 re-encrypted, 1 already under the newest key" in out
    assert "Total: 3 re-encrypted, 1 already current." in out
    printed = out + err + caplog.text
    for secret in [*PASSPORTS, "Z5555555", "1234567", "9876543", *tokens, OLD_KEY, NEW_KEY]:
        assert secret not in printed
    entry = ActivityLog.objects.get(action="personal_data.reencrypted")
    assert entry.data == {
        "fields": [{"field": "accreditation.VisaLetter.passport_number", "reencrypted": 3, "unreadable": 0}]
    }


def test_the_command_is_idempotent():
    letters = _letters_under(OLD_KEY)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        _run()
        after_first = [stored_passport_number(letter) for letter in letters]
        out, _ = _run()

        assert [stored_passport_number(letter) for letter in letters] == after_first
    assert "0 re-encrypted, 3 already under the newest key" in out
    assert ActivityLog.objects.filter(action="personal_data.reencrypted").count() == 1


def test_dry_run_counts_and_changes_nothing():
    letters = _letters_under(OLD_KEY)
    before = [stored_passport_number(letter) for letter in letters]

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        out, _ = _run("--dry-run")

    assert "3 would be re-encrypted, 0 already under the newest key" in out
    assert [stored_passport_number(letter) for letter in letters] == before
    assert not ActivityLog.objects.filter(action="personal_data.reencrypted").exists()


@pytest.mark.parametrize("batch_size", ["1", "2", "500"])
def test_every_batch_is_processed_whatever_its_size(batch_size):
    letters = _letters_under(OLD_KEY, [f"P{number:07d}" for number in range(5)])

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        out, _ = _run("--batch-size", batch_size)

    assert "5 re-encrypted" in out
    for letter in letters:
        Fernet(NEW_KEY).decrypt(stored_passport_number(letter).encode("ascii"))


def test_the_row_is_otherwise_untouched():
    (letter,) = _letters_under(OLD_KEY, ["X1234567"])
    before = VisaLetter.objects.values("updated_at", "status", "reference").get(pk=letter.pk)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        _run()

    assert VisaLetter.objects.values("updated_at", "status", "reference").get(pk=letter.pk) == before


def test_a_value_no_key_decrypts_is_reported_by_id_and_the_others_are_still_rotated():
    (lost,) = _letters_under(UNKNOWN_KEY, ["L0000001"])
    (letter,) = _letters_under(OLD_KEY, ["X1234567"])

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        out = StringIO()
        with pytest.raises(CommandError, match="1 values cannot be decrypted"):
            call_command("reencrypt_personal_data", stdout=out)

    assert f"1 unreadable with the configured keys (ids {lost.pk})" in out.getvalue()
    assert "L0000001" not in out.getvalue()
    assert Fernet(NEW_KEY).decrypt(stored_passport_number(letter).encode("ascii")) == b"X1234567"
    assert Fernet(UNKNOWN_KEY).decrypt(stored_passport_number(lost).encode("ascii")) == b"L0000001"


def test_a_row_rewritten_between_read_and_write_is_left_as_the_application_wrote_it(monkeypatch):
    """The update applies only to the ciphertext that was read (no lost write)."""
    from imrf.management.commands import reencrypt_personal_data as command

    (letter,) = _letters_under(OLD_KEY, ["X1234567"])
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        real_rotate = command.rotate

        def rotate_while_the_application_saves(token):
            VisaLetter.objects.filter(pk=letter.pk).update(passport_number="Y7654321")
            return real_rotate(token)

        monkeypatch.setattr(command, "rotate", rotate_while_the_application_saves)
        out, _ = _run()

        assert "0 re-encrypted, 0 already under the newest key, 1 rewritten meanwhile" in out
        assert VisaLetter.objects.get(pk=letter.pk).passport_number == "Y7654321"


def test_batch_size_must_be_positive():
    with pytest.raises(CommandError, match="batch-size"):
        _run("--batch-size", "0")
