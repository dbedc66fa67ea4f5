"""The dashboard's pages, which `app.py` serves (`uv run streamlit run dashboard/app.py`).

Three pages: the map (the default, at the site's root, where shared links point), "From article",
which turns a news text into rows for the data folder, and the editors' desk (`/desk`), where editors
change the data.
"""

from __future__ import annotations

import streamlit as st

from dashboard.geo.readers import reading
from dashboard.i18n import Translator, language
from dashboard.screens.frontend import preload_frontend
from dashboard.screens.warmup import freeze_long_lived, reader_arrives

# The browser loads the elements' code while this run waits for the data; sent before the data stack is
# imported (the page's other imports wait for the warm-up's: `screens.frontend`).
preload_frontend()
reader_arrives()  # the first run waits for the warm-up's part of the map rather than compute it beside it
# While a reader's run is under way, the cache file's writer waits between its slices (`geo.readers`).
with reading():
    freeze_long_lived()
    # The page titles follow the reader's language: the one chosen in this session, else the link's.
    state = st.session_state.get("map_state")
    tr = Translator(language(state.view.lang if state else st.query_params.get("lang")))
    page = st.navigation([
        st.Page("screens/map.py", title=tr("Map"), default=True),
        st.Page("screens/article.py", title=tr("From article"), url_path="article"),
        st.Page("screens/desk.py", title=tr("Editors' desk"), url_path="desk"),
    ])
    page.run()
