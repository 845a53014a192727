"""Every environment variable the settings read is documented: in the README's table and in
`.env.example` (the README promises both list every variable)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _variables_read_by_the_settings() -> set[str]:
    source = (ROOT / "imrf" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"env(?:\.[a-z_]+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", source))
    names |= set(re.findall(r"\(\"[a-z_]+\", \"([A-Z][A-Z0-9_]+)\"\)", source))  # (option, variable) pairs
    return names


def test_the_settings_read_the_variables_we_expect_to_find():
    found = _variables_read_by_the_settings()
    assert {"SECRET_KEY", "DATABASE_URL", "FIELD_ENCRYPTION_KEYS", "AWS_S3_ENDPOINT_URL"} <= found
    assert len(found) >= 40


def test_every_variable_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    missing = sorted(name for name in _variables_read_by_the_settings() if f"`{name}`" not in table)
    assert missing == []


def test_every_variable_is_in_the_env_example():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M))
    missing = sorted(_variables_read_by_the_settings() - listed)
    assert missing == []
