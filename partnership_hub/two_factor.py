"""Two-factor authentication with time-based one-time codes (TOTP, RFC 6238, via pyotp).

Required of the national maintainer, optional for partnership admins. A code is accepted for the
current 30-second step or the one either side (clocks drift); each step is accepted once only, so a code
seen over someone's shoulder cannot be replayed (the last accepted step is stored). Ten single-use
recovery codes are shown once at enrolment and stored only as hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pyotp
from markupsafe import Markup

from .formatting import qr_code

ISSUER = "Partnership Hub"
#: Steps either side of now that a code may come from: one step, 30 seconds.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a recovery code is copied by hand from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_secret() -> str:
    return pyotp.random_base32()


def is_secret(value: str | None) -> bool:
    return bool(value) and re.fullmatch(r"[A-Z2-7]{32}", value) is not None


def provisioning_uri(email: str, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> Markup:
    """The enrolment QR code (made on the server: no third party sees the secret)."""
    return qr_code(uri, "QR code for your authenticator app", scale=5, light="#fff", dark="#000")


def matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step the code belongs to, if it is valid now and newer than the last one accepted."""
    code = re.sub(r"\s", "", code or "")
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def hash_recovery_code(code: str) -> str:
    # 50 random bits each, and attempts are rate limited: a fast hash is enough here.
    return hashlib.sha256(re.sub(r"[\s-]", "", code.lower()).encode()).hexdigest()


def enable(user, secret: str, code: str) -> list[str] | None:
    """Turn on two-factor with the secret the person's app now holds, proved by a code from it.

    Returns the new recovery codes (to show once), or None when the code is wrong.
    """
    step = matching_step(secret, code, None)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    return replace_recovery_codes(user)


def replace_recovery_codes(user) -> list[str]:
    codes = new_recovery_codes()
    user.recovery_code_hashes = [hash_recovery_code(c) for c in codes]
    return codes


def disable(user) -> None:
    user.totp_secret = user.totp_last_step = None
    user.recovery_code_hashes = []


def verify(user, code: str) -> bool:
    """A valid, unused code from the app, or an unused recovery code (which is then spent)."""
    step = matching_step(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return True
    hashed = hash_recovery_code(code or "")
    if any(hmac.compare_digest(hashed, h) for h in user.recovery_code_hashes):
        user.recovery_code_hashes = [h for h in user.recovery_code_hashes if h != hashed]
        return True
    return False
