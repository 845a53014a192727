"""Check-in codes: the delegate's public id and a keyed MAC (Django's ``salted_hmac`` over
SECRET_KEY), so a code cannot be guessed or forged and carries no personal data.

A code is 44 hexadecimal characters, printed in groups of four for people who type it; spaces
and dashes are ignored when it is read back.
"""

import uuid

from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "accreditation.checkin"
MAC_LENGTH = 12


def _mac(public_id_hex: str) -> str:
    return salted_hmac(_SALT, public_id_hex, algorithm="sha256").hexdigest()[:MAC_LENGTH]


def checkin_code(public_id: uuid.UUID) -> str:
    return f"{public_id.hex}{_mac(public_id.hex)}"


def grouped(code: str) -> str:
    return " ".join(code[index : index + 4] for index in range(0, len(code), 4))


def public_id_from_code(code: str) -> uuid.UUID | None:
    """The public id a genuine code names; None for anything else."""
    cleaned = "".join(char for char in (code or "").lower() if char in "0123456789abcdef")
    if len(cleaned) != 32 + MAC_LENGTH:
        return None
    public_id_hex, mac = cleaned[:32], cleaned[32:]
    if not constant_time_compare(mac, _mac(public_id_hex)):
        return None
    return uuid.UUID(public_id_hex)
