"""The one error a service raises when a rule refuses a change (pretix's ``OrderError``).

It lives in the core so that the core's shared pieces (the admin decisions, the lock helper)
handle refusals without importing any domain app; each domain subclasses it
(``accreditation.errors.AccreditationError``)."""


class ServiceError(Exception):
    """A rule refused the change. ``message`` is translatable and meant for the person who asked;
    ``field`` names the form field it belongs to, if any; ``code`` says which rule, for tests and
    callers that react to one rule (``retry`` for a lock that stayed busy)."""

    def __init__(self, message, *, field: str | None = None, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
