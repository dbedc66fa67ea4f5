"""Map elements whose generated script is inserted as text, never parsed again as a template.

branca's `MacroElement.render` wraps each element's rendered script in `Element(text)`, which compiles
that text as a Jinja template and renders it a second time. Any `{{ ... }}` that reached the script
from data would then be evaluated on the server (and compiling large data costs time on every rerun).
`TextMacro` renders its macros once and adds the results as plain text.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement
from folium.template import Template


class Text(Element):
    """Finished HTML or JavaScript, inserted as it is."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self.text = text


class TextMacro(MacroElement):
    """A MacroElement whose header, html and script output are added as `Text`."""

    def render(self, **kwargs: object) -> None:
        """Render the macros once and add their output to the figure as text."""
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Text(str(macro(self, kwargs))), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
