"""Streamlit's floor for the first-map benchmark (`bench/firstmap.py`): a page of one line of text."""

from __future__ import annotations

import streamlit as st

from bench.firstmap import BARE_TEXT

st.write(BARE_TEXT)
