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
