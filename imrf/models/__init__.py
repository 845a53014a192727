from imrf.models.activity_log import ActivityLog
from imrf.models.user import User

__all__ = ["ActivityLog", "User"]
