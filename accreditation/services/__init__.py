"""Every write of the accreditation domain: one function per transition (DESIGN.md §5).

Shape of each: ``locked_transaction()`` → lock what is scarce → check the state → change →
``save(update_fields=...)`` → ``log_action(...)`` → e-mails queued in the same transaction
(``imrf.mail.send_templated_email``: with the database task backend the task row commits with
the change — a transactional outbox).
A refusal is an :class:`~accreditation.errors.AccreditationError` with a message for the user.
"""
