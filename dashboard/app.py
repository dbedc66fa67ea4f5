"""The dashboard. Run with `uv run streamlit run dashboard/app.py`.

Two pages: the map (the default, at the site's root, where shared links point) and "From article",
which turns a news text into rows for the data folder.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import Translator, language

# The page titles follow the reader's language: the one chosen in this session, else the link's.
tr = Translator(language(st.session_state.get("lang") or st.query_params.get("lang")))
page = st.navigation([
    st.Page("map_page.py", title=tr("Map"), default=True),
    st.Page("article_page.py", title=tr("From article"), url_path="article"),
])
page.run()
