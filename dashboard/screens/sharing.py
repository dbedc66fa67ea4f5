"""The map page's share area: the export links and the embed snippet of the published edition."""

from __future__ import annotations

import streamlit as st

from dashboard.export.links import downloads_html
from dashboard.i18n import Translator
from dashboard.publish import embed_snippet
from dashboard.screens.shared import settings
from dashboard.view.link import View, view_link
from dashboard.view.selection import Selection


@st.fragment
def export_panel(selection: Selection, lang: str) -> None:
    """Links to the view's export files. The server builds each file when its link is followed
    (`dashboard.app`), at an address that names the view, so no click is ever lost to a rerun. A
    fragment, so that the raw switch reruns only this part."""
    tr = Translator(lang)
    st.markdown("**" + tr("Export this view") + "**: " + tr(
        "{count} records with their sources, for the countries and date chosen in the sidebar.",
        count=tr.number(len(selection.records))))
    raw = st.checkbox(tr("Raw CSV for pipelines: no guard on cells that a spreadsheet would run as "
                         "formulas"), key="export-raw")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    st.html(downloads_html(selection, lang, raw, f"/{base}" if base else ""))


def embed_snippet_of(view: View, lang: str) -> None:
    """The iframe that embeds this view of the published edition (`python -m dashboard publish`) in an
    article, at `[edition] url` of config.toml (when none is set: relative to the edition's folder)."""
    tr = Translator(lang)
    url = settings().edition_url
    st.markdown("**" + tr("Embed the static edition of this view") + "**")
    st.code(embed_snippet(view_link(url or "./", view),
                          tr("Kazakhstan, January 2022: unrest and the CSTO deployment")),
            language="html", wrap_lines=True)
    if not url:
        st.caption(tr("Publish the edition with `python -m dashboard publish` and give its address as "
                      "`[edition] url` in config.toml to complete this snippet."))
