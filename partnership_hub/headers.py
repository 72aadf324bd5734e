"""Security headers on every response: pages, error pages, redirects and static files alike.

Hand-written rather than Flask-Talisman, whose defaults lack ``base-uri`` and ``frame-ancestors`` and
which would add nothing else we need. The policy allows scripts, styles, images and fonts from our
own origin only: no inline code, no third party, no plug-ins, no framing, forms posting home only.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

# Powerful browser features no page of ours uses: nobody may ask a resident for them in our name.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "usb",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # Browsers ignore it over plain http (make run), so it is safe to send everywhere.
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    # A site a resident follows a link to must not learn that they came from a safeguarding page.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # For browsers too old to know frame-ancestors.
    "X-Frame-Options": "DENY",
}


#: What a response may be kept as when it does not say: nothing. Staff pages show accounts, history and
#: drafts (after sign-out on a shared office computer, Back must show nothing), and a resident's error
#: page is as much a trace as any other. Static files, the picture sprite and resident pages set their own.
DEFAULT_CACHE_CONTROL = "no-store"


def add_security_headers(response: Response) -> Response:
    # One pass over the response's headers, not one per header added: this runs on every response.
    present = {name.lower() for name in response.headers.keys()}
    for name, value in HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if "cache-control" not in present:
        response.headers.add("Cache-Control", DEFAULT_CACHE_CONTROL)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
