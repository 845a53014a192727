"""Row locks for scarce things (the delegate cap, session seats, the letter sequence).

Lock once per transaction, as late as possible, always before the availability check, and
never wait long: after ``LOCK_TIMEOUT_SECONDS`` the caller gets :class:`LockTimeout`, which
services turn into a "please try again" message. On SQLite, ``select_for_update`` is a no-op;
the ``IMMEDIATE`` transaction mode already serialises writers there.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection, models, transaction

from imrf.errors import ServiceError

_Model = TypeVar("_Model", bound=models.Model)


class LockTimeout(Exception):
    """The row stayed locked by another transaction longer than we are willing to wait."""


def is_lock_timeout(exc: BaseException) -> bool:
    """Whether a database error is PostgreSQL's lock_timeout (SQLSTATE 55P03), whichever statement
    of the transaction waited: the row lock, or an insert waiting on another transaction's
    uncommitted row with the same unique key."""
    return getattr(exc.__cause__, "pgcode", None) == "55P03"


def lock_row(queryset: models.QuerySet[_Model]) -> _Model:
    """Lock the single row of ``queryset`` for the rest of the current transaction and return it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_row must be called inside transaction.atomic().")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = %s", [f"{int(settings.LOCK_TIMEOUT_SECONDS * 1000)}ms"])
    try:
        # of=("self",): lock only this row, never the rows it is joined with.
        return queryset.select_for_update(of=("self",)).get()
    except OperationalError as exc:
        raise LockTimeout(str(exc)) from exc


@contextmanager
def locked_transaction(*, busy: Callable[[], ServiceError]) -> Iterator[None]:
    """``transaction.atomic()`` for a service that locks rows: a lock wait beyond
    LOCK_TIMEOUT_SECONDS — in ``lock_row``, or on any statement of the transaction (PostgreSQL's
    lock_timeout, e.g. an insert waiting on another transaction's row with the same unique key)
    — rolls everything back and raises ``busy()``, the service's "please try again"."""
    try:
        with transaction.atomic():
            yield
    except LockTimeout as exc:
        raise busy() from exc
    except OperationalError as exc:
        if is_lock_timeout(exc):
            raise busy() from exc
        raise
