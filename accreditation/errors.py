"""The one domain error of the accreditation services."""


class AccreditationError(Exception):
    """A rule of the domain refused the change. The message is translatable and meant for
    the person who asked; ``field`` names the form field it belongs to, if any."""

    def __init__(self, message, *, field: str | None = None, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
