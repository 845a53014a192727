from events.models.forum import Forum
from events.models.session import Session

__all__ = ["Forum", "Session"]
