"""The server imports every page's modules when it starts (webserver/warm.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from webserver.warm import import_page_modules, page_imports, page_submodules, warm_page_modules

REPO = Path(__file__).resolve().parents[2]


def test_every_module_a_page_imports_is_found(tmp_path):
    (tmp_path / "one.py").write_text(
        "import json\nimport xml.dom as dom\nfrom maps.england import build_england_map\n"
        "from . import nothing\n\ndef later():\n    from market.outlook import project\n"
    )
    (tmp_path / "two.py").write_text("import json\nfrom charts.unmet import BRUSH\n")
    assert page_imports(tmp_path) == [
        "charts.unmet",
        "json",
        "maps.england",
        "market.outlook",
        "xml.dom",
    ]


def test_a_module_named_in_from_import_is_imported_too(tmp_path):
    (tmp_path / "page.py").write_text("from xml import dom\nfrom json import dumps\n")
    assert page_submodules(tmp_path) == ["json.dumps", "xml.dom"]
    script = (
        "import sys\nfrom pathlib import Path\nfrom webserver.warm import import_page_modules\n"
        f"print(import_page_modules(Path({str(tmp_path)!r})), 'xml.dom' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True"]  # json.dumps, a function, is not imported


def test_the_app_pages_modules_are_imported_once_warmed():
    # In a new interpreter, so nothing is imported before the warm-up.
    script = (
        "import sys\nfrom pathlib import Path\nfrom webserver.warm import import_page_modules\n"
        "assert 'maps.england' not in sys.modules\n"
        "print(import_page_modules(Path('pages')))\n"
        "print('maps.england' in sys.modules, 'components.england_measures' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True", "True"]


def test_a_module_that_fails_is_named_and_the_rest_still_load(tmp_path, caplog):
    (tmp_path / "page.py").write_text("import json\nimport no_such_module_here\n")
    assert import_page_modules(tmp_path) == ["no_such_module_here"]
    assert "no_such_module_here" in caplog.text


def test_a_page_that_cannot_be_read_does_not_stop_the_warm_up(tmp_path, caplog):
    (tmp_path / "broken.py").write_text("def (:\n")
    warm_page_modules(tmp_path)  # logs, does not raise: app.py calls it after every page
    assert "Could not read the pages" in caplog.text
