"""One escaping path for every data string that reaches the page."""

from __future__ import annotations

import html

# Template syntax: backtick, `$` and backslash (JavaScript template literals), braces (Jinja, which
# branca applies a second time to folium's generated scripts).
_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def inert(text: object) -> str:
    """HTML-escape `text` and neutralise template syntax: backtick, `$`, backslash and braces.

    folium renders popup and tooltip text as HTML inside JavaScript template literals, and branca
    renders generated scripts again as Jinja templates; after this, the text shows literally and
    runs nothing, in the browser or on the server.
    """
    return html.escape("" if text is None else str(text), quote=True).translate(_JS_TEMPLATE)


def safe_url(url: object) -> str | None:
    """The URL if it is http(s), else None (javascript:, data: and the rest are never links)."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None
