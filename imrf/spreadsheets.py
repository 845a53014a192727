"""Spreadsheet cells that will not run: text that an organization typed (its name) could start
with =, +, - or @ and be taken for a formula (CSV injection).

One rule, ``safe_cell``, for every export: the project's own CSVs call it row by row, and the
back office's exports (django-import-export) go through the ``CSV`` and ``XLSX`` formats below,
which every admin lists in ``export_formats``.
"""

from datetime import date, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import tablib
from import_export.formats import base_formats

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a typed format (XLSX) stores as a number, a date or a boolean, never as a formula.
# (A datetime is a date.)
_NOT_TEXT = (bool, int, float, Decimal, date, time, timedelta)


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def safe_row(values) -> list[str]:
    return [safe_cell(value) for value in values]


# The mixin extends django-import-export's formats; the type checker reads it as one.
if TYPE_CHECKING:
    _Format = base_formats.TablibFormat
else:
    _Format = object


class FormulaSafeFormat(_Format):
    """A django-import-export format that writes every text cell through ``safe_cell``; a typed
    format (XLSX) keeps numbers, dates, booleans and empty cells as they are."""

    def export_data(self, dataset: tablib.Dataset, **kwargs):
        return super().export_data(self._safe_dataset(dataset), **kwargs)

    def _escape_formulae(self, dataset: tablib.Dataset) -> None:
        # The library's own rule (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) strips one leading "="
        # only and turns every cell, numbers and dates too, into text; export_data applied ours.
        return None

    def _safe_dataset(self, dataset: tablib.Dataset) -> tablib.Dataset:
        typed = self.is_binary()

        def cell(value):
            if typed and (value is None or isinstance(value, _NOT_TEXT)):
                return value
            return safe_cell(value)

        rows = [[cell(value) for value in row] for row in dataset]
        return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)


class CSV(FormulaSafeFormat, base_formats.CSV):
    """django-import-export's CSV, every cell through ``safe_cell``."""


class XLSX(FormulaSafeFormat, base_formats.XLSX):
    """django-import-export's XLSX: text through ``safe_cell``, numbers and dates typed."""


# django-import-export exports real numbers and dates (rather than their text) only in the
# formats of this list, which it compares by exact class.
base_formats.BINARY_FORMATS.append(XLSX)
