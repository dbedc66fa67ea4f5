"""The embed snippet: the iframe an article page holds to show a view of the published edition.

Its own module, importing only the templates, so that the app's share area shows it without importing
the edition's builder (`dashboard.publish`, which imports matplotlib for the social card and Altair for
the charts): the page's first run no longer pays for them.
"""

from __future__ import annotations

from dashboard.render.templating import render

EMBED_HEIGHT_PX = 720  # the embed's height until the page tells its host its own (AMP's `embed-size`)


def embed_snippet(url: str, title: str, height_px: int = EMBED_HEIGHT_PX) -> str:
    """A responsive iframe for an article page, the full width of its column, and the few lines of
    script that size it: the page tells its host its height with AMP's `embed-size` message
    (`{sentinel: "amp", type: "embed-size", height}`), and the script sets the height of the iframe that
    sent it. `height_px` is the height until then (or for a host that runs no script)."""
    return render("embed.html", url=url, title=title, height=height_px).strip()
