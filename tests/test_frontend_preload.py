"""The page asks the browser to load the code of its lazily loaded elements at the start of a run
(`screens.bridge.preload_frontend`), so that the map's frame waits for none of them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.screens import bridge


def test_the_frontend_modules_preloaded_are_streamlits_own_for_every_kind_named() -> None:
    names = bridge.lazy_modules()
    # one module per kind of element named (a release that renames them is a prompt to look again)
    assert sorted(name.split(".")[0] for name in names) == sorted(bridge.LAZY_ELEMENTS)
    assert all((bridge.FRONTEND_JS / name).is_file() for name in names)
    script = bridge.preload_script(names)
    assert script.startswith("<script>") and script.endswith("</script>") and script.count("</script>") == 1
    assert all(f'"{name}"' in script for name in names)


def test_the_preloading_script_takes_no_place_on_the_page() -> None:
    def page() -> None:
        from dashboard.screens.bridge import preload_frontend

        preload_frontend()

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert list(at.main.children.values()) == [] and list(at.sidebar.children.values()) == []


def test_the_preloading_script_the_first_element_of_a_run_inspects_no_stack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # It is the first element a process draws (site.py), so it marks Streamlit's check for a run outside
    # `streamlit run` as done before drawing; else that check walks the whole stack (`env_util.is_repl`).
    from streamlit import delta_generator, env_util

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)

    def inspected() -> bool:
        raise AssertionError("the stack was inspected")

    monkeypatch.setattr(env_util, "is_repl", inspected)

    def page() -> None:
        from dashboard.screens.bridge import preload_frontend

        preload_frontend()

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert delta_generator._use_warning_has_been_displayed is True


@pytest.mark.slow  # a fresh interpreter imports Streamlit: about a second
def test_the_site_script_sends_its_first_element_before_the_data_stack_is_imported() -> None:
    # site.py's own imports (before its first element, the preloading script) load none of the data
    # stack, which the warm-up imports meanwhile: the browser loads the elements' code beside it.
    import subprocess
    import sys

    from dashboard.screens import warmup

    site = warmup.PACKAGE / "site.py"
    modules = warmup.page_imports(site)
    assert "dashboard.screens.frontend" in modules and "dashboard.screens.bridge" not in modules
    code = ("import importlib, sys\nfrom pathlib import Path\nfrom dashboard.screens import warmup\n"
            f"for m in warmup.page_imports(Path({str(site)!r})): importlib.import_module(m)\n"
            "print(sorted({'folium', 'pandas', 'pydantic', 'geopandas', 'streamlit_folium'}"
            " & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=warmup.PACKAGE.parent, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
