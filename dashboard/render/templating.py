"""The Jinja2 environment every piece of the dashboard's HTML is rendered with: autoescape on.

Templates live in `templates/`. Data goes in as plain values and is escaped by Jinja; only markup built
by another template of ours is passed on as `Markup`.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from dashboard.memo import memoised


@memoised
def environment() -> Environment:
    """The one environment: autoescaped, strict about missing values, compact whitespace."""
    return Environment(loader=PackageLoader("dashboard.render", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: object) -> str:
    """Render one template of `templates/` with the given values."""
    return environment().get_template(template).render(**context)
