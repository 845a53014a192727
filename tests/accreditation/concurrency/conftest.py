"""Concurrency tests: threads (or HTTP clients) on their own database connections racing for one
row. Row locks and unique-index waits are real only on PostgreSQL, so every test of this folder
carries the ``postgres`` mark, set here once; tests/conftest.py then skips them on SQLite (with the
reason printed) or, in CI, deselects them from the SQLite pass. Each thread commits on its own
connection, so the tests run with real transactions (``django_db(transaction=True)``).
"""

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark this folder's tests before tests/conftest.py and ``-m`` read the marks."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.postgres)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True))
