"""The dashboard's pages, which `app.py` serves (`uv run streamlit run dashboard/app.py`).

Two pages: the map (the default, at the site's root, where shared links point) and "From article",
which turns a news text into rows for the data folder.
"""

from __future__ import annotations

import gc

import streamlit as st

from dashboard.i18n import Translator, language
from dashboard.screens.shared import dataset


@st.cache_resource
def freeze_long_lived() -> None:
    """Load the data once per process, then move it out of the garbage collector's sight.

    The data and the gazetteer index live as long as the process. Streamlit runs a full collection after
    every script run, and walking millions of long-lived objects each time made every rerun slower.
    """
    dataset()
    gc.collect()
    gc.freeze()


freeze_long_lived()

# The page titles follow the reader's language: the one chosen in this session, else the link's.
state = st.session_state.get("map_state")
tr = Translator(language(state.view.lang if state else st.query_params.get("lang")))
page = st.navigation([
    st.Page("screens/map.py", title=tr("Map"), default=True),
    st.Page("screens/article.py", title=tr("From article"), url_path="article"),
])
page.run()
