from .audit import AuditEvent
from .organisations import Invitation, Membership, Organisation
from .users import User

__all__ = ["AuditEvent", "Invitation", "Membership", "Organisation", "User"]
