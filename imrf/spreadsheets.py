"""CSV cells that a spreadsheet will not run: text that an organization typed (its name) could
start with =, +, - or @ and be taken for a formula (CSV injection)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def safe_row(values) -> list[str]:
    return [safe_cell(value) for value in values]
