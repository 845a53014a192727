"""Write a development .env with random secrets (used by `make run` the first time)."""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet


def main(path: str) -> None:
    target = Path(path)
    if target.exists():
        return
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#%^&*(-_=+)"
    secret_key = "".join(secrets.choice(alphabet) for _ in range(64))
    target.write_text(
        "# Development settings written by `make run`. Never commit this file.\n"
        "DJANGO_DEBUG=1\n"
        f"SECRET_KEY={secret_key}\n"
        f"FIELD_ENCRYPTION_KEYS={Fernet.generate_key().decode()}\n",
        encoding="utf-8",
    )
    target.chmod(0o600)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".env")
