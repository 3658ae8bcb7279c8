"""allauth's two-factor adapter, with the authenticator-app secrets encrypted in the
database (allauth stores them in the clear unless told otherwise): a copy of the
database alone does not give anyone the six-digit codes.

The key is derived from SECRET_KEY (as Django's own signing is), so changing SECRET_KEY
makes every stored second factor unreadable, recovery codes included: staff then
delete the person's authenticators in the admin and the person sets the app up again
(README, Deploying)."""

from __future__ import annotations

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"samenwerkt.mfa.secret:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()
