"""The pages' colours as CSS custom properties, light and dark, from Python: the edition's, and the
sidebar panels' in the app (`properties_css`).

The map's basemap colours come from `map.styles.SCHEMES` (the app draws the light one); the page's own
colours (background, text, lines, links, the panels' statuses) are set here beside them. The
stylesheet follows the reader's system: the dark values apply under `prefers-color-scheme: dark`. The
page's styles and the basemap's paths (classes `LAND_CLASS` and `map.styles.WATER_CLASS`) only name
the properties, so no colour is written twice and none in JavaScript.
"""

from __future__ import annotations

from types import MappingProxyType

from dashboard.map.styles import SCHEMES, WATER_CLASS

LAND_CLASS = "kz-land"  # the CSS class of the world outlines' paths

# The page's colours in each scheme (text on background at least 4.5:1, checked by axe in the tests).
# `key`: behind the legend's symbols, which are drawn in the light map's colours (a black clash dot, the
# black dashed outline): a light chip in the dark scheme, so that none is lost on the dark page.
PAGE: MappingProxyType[str, dict[str, str]] = MappingProxyType({
    "light": {"bg": "#ffffff", "ink": "#262730", "muted": "#5f5e5c", "line": "rgba(49, 51, 63, 0.25)",
              "accent": "#b02a2a", "link": "#0b57a5", "panel": "#ffffff", "notice": "#fff8e6",
              "deployed": "#005a8c", "withdrawing": "#8a5a00", "withdrawn": "#5f5e5c", "alert": "#000000",
              "key": "transparent"},
    "dark": {"bg": "#16181d", "ink": "#e8e8ea", "muted": "#b4b4b8", "line": "rgba(220, 222, 230, 0.3)",
             "accent": "#ff8f8f", "link": "#8cc4ff", "panel": "#20232a", "notice": "#3a3220",
             "deployed": "#7cc7f5", "withdrawing": "#f2bd57", "withdrawn": "#b4b4b8", "alert": "#ffffff",
             "key": "#e8e8ea"},
})


def _properties(name: str) -> str:
    scheme = SCHEMES[name]
    values = {**{key: value for key, value in PAGE[name].items()},
              "land": scheme.land, "border": scheme.border, "water": scheme.water, "coast": scheme.coast}
    return " ".join(f"--kz-{key}: {value};" for key, value in values.items())


def properties_css() -> str:
    """The colours as custom properties (`--kz-…`): the light scheme, the dark one under
    `prefers-color-scheme: dark`. The panels' stylesheet (templates/panels.css) names them, in the app
    (whose dark theme follows the reader's system too) and in the edition."""
    return (f":root {{ {_properties('light')} }}\n"
            f"@media (prefers-color-scheme: dark) {{ :root {{ {_properties('dark')} }} }}\n")


def scheme_css() -> str:
    """The stylesheet of the edition's colours: the light scheme, the dark one under
    `prefers-color-scheme: dark`, and the basemap's paths filled from them."""
    return (
        ":root { color-scheme: light dark; }\n" + properties_css() +
        f"path.{LAND_CLASS} {{ fill: var(--kz-land); stroke: var(--kz-border); }}\n"
        f"path.{WATER_CLASS} {{ fill: var(--kz-water); stroke: var(--kz-coast); }}\n"
        # The red terror level's dashed outline: black on light land, white on dark.
        "path.status-red_alert { stroke: var(--kz-alert); }\n"
        ".leaflet-container { background: var(--kz-land); }\n"
    )
