from .audit import AuditEvent
from .organisations import Invitation, Membership, Organisation
from .schools import SchoolLink
from .users import User

__all__ = ["AuditEvent", "Invitation", "Membership", "Organisation", "SchoolLink", "User"]
