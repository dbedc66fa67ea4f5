"""One escaping path for every data string that reaches the page."""

from __future__ import annotations

import html

_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def inert(text: object) -> str:
    """HTML-escape `text` and neutralise JavaScript template-literal syntax (backtick, `$`, backslash).

    folium renders popup and tooltip text as HTML inside template literals; after this, the text shows
    literally and runs nothing.
    """
    return html.escape("" if text is None else str(text), quote=True).translate(_JS_TEMPLATE)


def safe_url(url: object) -> str | None:
    """The URL if it is http(s), else None (javascript:, data: and the rest are never links)."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None
