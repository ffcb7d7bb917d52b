"""Import every page's modules in the server's first run, not in a visitor's first visit.

`scripts/serve.py` warms the server with one run of app.py, which opens the map page; the
first visitor to another page then waited for that page's imports (the England overview's
took about 0.5 s on an idle machine). app.py calls `warm_page_modules` once its page is
drawn. It runs inside a script run on purpose: a component declared with Streamlit's v1
API (streamlit-folium's) registers with the server only when imported during one. The
modules are read from the pages' own import statements, so there is no list to keep.
"""

from __future__ import annotations

import ast
import importlib
import logging
from functools import cache
from pathlib import Path

LOGGER = logging.getLogger(__name__)


def page_imports(pages: Path) -> list[str]:
    """Return the absolute module names the pages in `pages` import, sorted."""
    names: set[str] = set()
    for page in sorted(pages.glob("*.py")):
        tree = ast.parse(page.read_text(encoding="utf-8"), filename=str(page))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(names)


def import_page_modules(pages: Path) -> list[str]:
    """Import what the pages import; return the names that failed (logged, not raised).

    A module that cannot be imported is left for its page to report in plain words when a
    visitor opens it (components/errors.py): the server still starts.
    """
    failed = []
    for name in page_imports(pages):
        try:
            importlib.import_module(name)
        except Exception:  # any failure is the page's to report
            LOGGER.warning("Could not import %s while warming the server", name, exc_info=True)
            failed.append(name)
    return failed


@cache
def warm_page_modules(pages: Path) -> None:
    """`import_page_modules`, once per server process."""
    import_page_modules(pages)
