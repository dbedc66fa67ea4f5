"""One escaping path for every data string that reaches the page, and one allow-list for every address."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# Template syntax: backtick, `$` and backslash (JavaScript template literals), braces (Jinja, which
# branca applies a second time to folium's generated scripts).
_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})

MAX_URL_CHARS = 2000  # the longest address any browser, CDN or link preview is known to keep
SCHEMES = ("http", "https")
# Whitespace, control characters and a backslash (which browsers read as a slash) inside an address.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\\]")


def inert(text: object) -> str:
    """HTML-escape `text` and neutralise template syntax: backtick, `$`, backslash and braces.

    folium renders popup and tooltip text as HTML inside JavaScript template literals, and branca
    renders generated scripts again as Jinja templates; after this, the text shows literally and
    runs nothing, in the browser or on the server.
    """
    return html.escape("" if text is None else str(text), quote=True).translate(_JS_TEMPLATE)


def url_problem(url: object) -> str | None:
    """Why an address may not reach a page (an `href`, an iframe's `src`, an `og:` tag), or None.

    The one allow-list (OWASP's advice for URLs in attributes): an absolute `http://` or `https://`
    address with a host, no user name or password in it, no whitespace, control character or
    backslash inside it, and at most `MAX_URL_CHARS` characters. Surrounding whitespace is ignored."""
    text = str(url or "").strip()
    if not text:
        return "the address is empty"
    if len(text) > MAX_URL_CHARS:
        return f"the address has {len(text):,} characters; at most {MAX_URL_CHARS:,} are allowed"
    if _UNSAFE.search(text):
        return "the address has whitespace, a control character or a backslash in it"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "the address cannot be read"
    if parts.scheme.lower() not in SCHEMES or not text.lower().startswith(tuple(f"{s}://" for s in SCHEMES)):
        return "only http:// and https:// addresses are allowed"
    if "@" in parts.netloc:
        return "the address has a user name or password in it"
    if not parts.hostname:
        return "the address names no host"
    return None


def safe_url(url: object) -> str | None:
    """The address (without surrounding whitespace) if it passes the allow-list (`url_problem`), else
    None: javascript:, data:, addresses with credentials and the rest are never links."""
    return None if url_problem(url) else str(url).strip()
