"""Import every page's modules in the server's first run, not in a visitor's first visit.

`scripts/serve.py` warms the server with one run of app.py, which opens the map page; the
first visitor to another page then waited for that page's imports (the England overview's
took about 0.5 s on an idle machine). app.py calls `warm_page_modules` once its page is
drawn. It runs inside a script run on purpose: a component declared with Streamlit's v1
API (streamlit-folium's, used by the benchmarks' naive map) registers with the server
only when imported during one. The
modules are read from the pages' own import statements, so there is no list to keep.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
from functools import cache
from pathlib import Path

LOGGER = logging.getLogger(__name__)
# The app's pages, one file each; each page's address is its file's name (app.py).
PAGES_FOLDER = Path(__file__).resolve().parents[1] / "pages"


def page_imports(pages: Path) -> list[str]:
    """Return the absolute module names the pages in `pages` import, sorted."""
    names: set[str] = set()
    for node in _import_statements(pages):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        else:
            names.add(node.module)
    return sorted(names)


def page_submodules(pages: Path) -> list[str]:
    """Return X.Y for each `from X import Y` in the pages: a module, or just a name in X."""
    return sorted(
        f"{node.module}.{alias.name}"
        for node in _import_statements(pages)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name != "*"
    )


def _import_statements(pages: Path) -> list[ast.Import | ast.ImportFrom]:
    """Every absolute import statement in the pages, at any depth."""
    statements = []
    for page in sorted(pages.glob("*.py")):
        tree = ast.parse(page.read_text(encoding="utf-8"), filename=str(page))
        statements += [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            or (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module)
        ]
    return statements


def import_page_modules(pages: Path) -> list[str]:
    """Import what the pages import; return the names that failed (logged, not raised).

    A module that cannot be imported is left for its page to report in plain words when a
    visitor opens it (components/errors.py): the server still starts. `from maps import
    supply_layers` imports the module maps.supply_layers too.
    """
    failed = []
    submodules = [name for name in page_submodules(pages) if _is_module(name)]
    for name in [*page_imports(pages), *submodules]:
        try:
            importlib.import_module(name)
        except Exception:  # any failure is the page's to report
            LOGGER.warning("Could not import %s while warming the server", name, exc_info=True)
            failed.append(name)
    return failed


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except Exception:  # its parent is missing, fails to import, or is not a package
        return False


@cache
def warm_page_modules(pages: Path = PAGES_FOLDER) -> None:
    """`import_page_modules`, once per server process; never raises (a warm-up only)."""
    try:
        import_page_modules(pages)
    except Exception:  # a page that cannot be read is reported when it is opened
        LOGGER.warning("Could not read the pages while warming the server", exc_info=True)
