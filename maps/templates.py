"""Keep data out of Jinja: folium's rendered output is taken as text, never as a template.

branca wraps each element's rendered script and header in a new `Element(text)`, and an
Element compiles its text as a Jinja template and renders it again. The text holds the
map's data, so a zone, home or place named `{{ 7*7 }}` came out as `49`, and Jinja's
expression language reaches Python objects: server-side template injection from any
uploaded file. Compiling that text was also about a fifth of a map rerun's time.

`protect_rendered_text()` makes branca's runtime `Element(text)` keep its text verbatim,
except for the one template branca itself builds that way (a Div's child loop). The
templates folium and branca define on their classes are compiled at import, before
this runs, and are untouched; templates folium compiles while rendering (the tooltip and
popup styles) are compiled once per distinct text.
"""

from __future__ import annotations

from functools import lru_cache

import branca.element
import folium.template
import jinja2

MAX_TEMPLATES = 256
# The only Element branca builds from template text with Jinja in it (branca.element.Div).
BRANCA_TEMPLATES = frozenset(
    {
        "{% for name, element in this._children.items() %}{{element.render(**kwargs)}}{% endfor %}",
    }
)


class VerbatimText:
    """Stands in for a compiled template whose text is already rendered output."""

    def __init__(self, text: str):
        self.text = text

    def render(self, *args, **kwargs) -> str:
        """Return the text as it is: nothing in it is evaluated."""
        return self.text


class _ElementText(jinja2.Template):
    """What branca.element's `Template` names once protected: text stays text."""

    def __new__(cls, source, *args, **kwargs):
        if isinstance(source, str) and not args and not kwargs:
            if source in BRANCA_TEMPLATES:
                return _compiled(jinja2.Template, source)
            return VerbatimText(source)
        return jinja2.Template.__new__(jinja2.Template, source, *args, **kwargs)


_FOLIUM_NEW = folium.template.Template.__new__


@lru_cache(maxsize=MAX_TEMPLATES)
def _compiled(cls: type, source: str) -> jinja2.Template:
    return _FOLIUM_NEW(cls, source) if cls is folium.template.Template else cls(source)


def _shared_folium_template(cls, source, *args, **kwargs):
    if args or kwargs or not isinstance(source, str) or cls is not folium.template.Template:
        return _FOLIUM_NEW(cls, source, *args, **kwargs)
    return _compiled(cls, source)


def protect_rendered_text() -> None:
    """Install both changes (idempotent); maps.mapping does so when it is imported."""
    branca.element.Template = _ElementText
    folium.template.Template.__new__ = _shared_folium_template
