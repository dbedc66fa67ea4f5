"""Who may edit on the editors' desk: the rule, from what the server knows of a request.

Editors sign in with Streamlit's own `st.login` (OpenID Connect, `[auth]` in `.streamlit/secrets.toml`),
and only the addresses listed under `[desk] editors` in config.toml may edit. Without `[auth]` nobody can
sign in, and the desk edits only on a local run: the server listens on the loopback address alone, and
the request came straight from this machine (from a loopback address, naming a loopback host, through no
proxy). A server that listens on loopback behind a reverse proxy (docs/deploy.md) is reachable from
elsewhere: a forwarded request, or one naming another host, is not a local run.

The desk's actions ask `allowed` themselves before they write anything (`screens.desking`): hiding a
button is not the check.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dashboard.i18n import N_

# What a request's headers say when a proxy forwarded it (RFC 7239's Forwarded and the de facto ones).
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})

# Why the desk lets a visitor edit or not, as the page says it.
LOCAL = "local"
EDITOR = "editor"
SIGN_IN = "sign-in"
NOT_EDITOR = "not-editor"
UNVERIFIED = "unverified"
REMOTE = "remote"
REASONS = {
    LOCAL: N_("A local run: the server listens on this machine alone, so the desk edits without "
              "signing in."),
    EDITOR: N_("Signed in as {email}, an editor."),
    SIGN_IN: N_("Editors sign in to change the data."),
    NOT_EDITOR: N_("Signed in as {email}, which is not among the editors in config.toml ([desk] "
                   "editors). The desk offers nothing to save."),
    UNVERIFIED: N_("Signed in as {email}, but the provider has not verified that address. The desk "
                   "offers nothing to save."),
    REMOTE: N_("This server is reachable from elsewhere and no sign-in is configured ([auth] in "
               ".streamlit/secrets.toml, see docs/desk.md): editors must sign in to change the data. "
               "The desk offers nothing to save."),
}


@dataclass(frozen=True)
class Request:
    """What the server knows of one script run's request and of itself."""

    auth_configured: bool  # `[auth]` is in the secrets: editors can sign in
    signed_in: bool
    email: str | None  # the signed-in visitor's address (the provider's `email` claim)
    email_verified: bool | None  # the provider's `email_verified` claim; None when it sends none
    server_address: str | None  # `server.address`: where the server listens (None: every interface)
    client_ip: str | None  # the request's peer address
    host: str | None  # the request's Host header
    forwarded: bool  # the request carries a proxy's forwarding header


@dataclass(frozen=True)
class Access:
    """Whether a visitor may edit, and why (a key of `REASONS`)."""

    allowed: bool
    reason: str
    email: str | None = None
    can_sign_in: bool = False  # the page offers the sign-in button


def is_loopback(address: str | None) -> bool:
    """True for an address or host name that names this machine only (127.0.0.0/8, ::1, localhost)."""
    if not address:
        return False
    text = address.strip().lower()
    if text.startswith("[") and "]" in text:  # "[::1]:8501"
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # "127.0.0.1:8501", "localhost:8501"
        text = text.split(":")[0]
    if text in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def is_forwarded(headers: Mapping[str, str] | Iterable[str]) -> bool:
    """True when a request's headers (names, case-insensitive) show that a proxy forwarded it."""
    names = {str(name).lower() for name in headers}
    return any(name in names for name in FORWARDING_HEADERS)


def local_run(request: Request) -> bool:
    """The server listens on the loopback address alone and the request came straight from this
    machine."""
    return (is_loopback(request.server_address) and is_loopback(request.client_ip)
            and is_loopback(request.host) and not request.forwarded)


def access(request: Request, editors: Iterable[str]) -> Access:
    """May the visitor of `request` edit, given the configured `editors` (addresses)?"""
    if request.auth_configured:
        if not (request.signed_in and request.email):
            return Access(False, SIGN_IN, can_sign_in=True)
        email = request.email.strip().lower()
        if request.email_verified is False:
            return Access(False, UNVERIFIED, email)
        if email not in {e.strip().lower() for e in editors}:
            return Access(False, NOT_EDITOR, email)
        return Access(True, EDITOR, email)
    if local_run(request):
        return Access(True, LOCAL)
    return Access(False, REMOTE)
