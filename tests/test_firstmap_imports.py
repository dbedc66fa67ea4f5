"""Nothing on the path to the first map imports the charts' or the stills' libraries: after the warm-up
has built the opening view (the map page's imports, the data, the scene, the sidebar and the map's
shapes, everything the first map waits for), in a fresh interpreter, neither Altair, matplotlib nor
vl-convert is loaded. Slow: the fresh interpreter imports the whole map stack (several seconds)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard.screens import warmup

HEAVY = ("altair", "matplotlib", "vl_convert")


@pytest.mark.slow
def test_building_the_first_view_imports_neither_altair_matplotlib_nor_vl_convert() -> None:
    code = ("import json, sys\nfrom dashboard.screens import warmup\nwarmup._warm_the_map()\n"
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], cwd=warmup.PACKAGE.parent, capture_output=True,
                          text=True, check=True, timeout=300)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


@pytest.mark.slow
def test_the_map_pages_first_run_imports_neither_the_edition_builder_nor_matplotlib() -> None:
    # The share area's embed snippet comes from `render.embed`, not from `dashboard.publish` (which
    # imports matplotlib for the social card and Altair for the edition's charts).
    code = ("import json, sys\nfrom streamlit.testing.v1 import AppTest\nfrom tests.conftest import APP\n"
            "at = AppTest.from_file(str(APP), default_timeout=120).run()\n"
            "assert not at.exception and any('<iframe' in c.value for c in at.code)\n"
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}"
            " or m.startswith('dashboard.publish'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=warmup.PACKAGE.parent, capture_output=True,
                          text=True, check=True, timeout=300)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_embed_snippet_imports_no_edition_builder() -> None:
    code = ("import json, sys\nfrom dashboard.render.embed import embed_snippet\nembed_snippet('./', 't')\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('dashboard.publish'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=warmup.PACKAGE.parent, capture_output=True,
                          text=True, check=True, timeout=60)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


@pytest.mark.slow
def test_the_map_pages_first_run_leaves_the_export_package_to_its_tab() -> None:
    # The export links are made only in the data tab (`screens.sharing.export_panel`), never on the first
    # map's way. The page is run from its file, in a fresh interpreter that imports nothing else of ours.
    code = ("import json, sys\nfrom streamlit.testing.v1 import AppTest\n"
            "from dashboard.screens import warmup\n"
            "at = AppTest.from_file(str(warmup.PACKAGE / 'site.py'), default_timeout=120).run()\n"
            "assert not at.exception\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('dashboard.export'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=warmup.PACKAGE.parent, capture_output=True,
                          text=True, check=True, timeout=300)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
