"""Every write of the accreditation domain: one function per transition (DESIGN.md §5).

Shape of each: ``transaction.atomic()`` → lock what is scarce → check the state → change →
``save(update_fields=...)`` → ``log_action(...)`` → ``transaction.on_commit(...)`` for e-mail.
A refusal is an :class:`~accreditation.errors.AccreditationError` with a message for the user.
"""
