from .audit import AuditEvent
from .organisations import Invitation, Membership, Organisation
from .schools import InstitutionProposal, SchoolLink
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "AuditEvent",
    "InstitutionProposal",
    "Invitation",
    "Membership",
    "Organisation",
    "SchoolLink",
    "User",
]
