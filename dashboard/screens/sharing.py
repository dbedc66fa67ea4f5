"""The map page's share area: the export links, the time-lapse of the month and the embed snippet of the
published edition."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import Translator
from dashboard.memo import SizedCache
from dashboard.render.embed import embed_snippet
from dashboard.render.furniture import TITLE
from dashboard.scene import Scene
from dashboard.scene.page import PAGE
from dashboard.screens.shared import settings
from dashboard.view.link import View, view_link


@st.fragment
def export_panel(view: Scene) -> None:
    """Links to the export files of the view's scene. The server builds each file when its link is followed
    (`dashboard.app`), at an address that names the view, so no click is ever lost to a rerun. A
    fragment, so that the raw switch reruns only this part."""
    from dashboard.export.links import downloads_html  # the export package: when its tab is first opened

    tr = view.tr
    texts = PAGE.section("data")
    st.markdown("**" + texts.say("export", tr) + "**: "
                + texts.say("records", tr, count=tr.number(len(view.selection.records))))
    raw = st.checkbox(texts.say("raw", tr), key="export-raw")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    st.html(downloads_html(view, raw, f"/{base}" if base else ""))
    if licence := settings().data_licence:
        st.caption(texts.say("licence", tr, licence=licence))
    timelapse_download(view)


def embed_snippet_of(view: View, lang: str) -> None:
    """The iframe that embeds this view of the published edition (`python -m dashboard publish`) in an
    article, at `[edition] url` of config.toml (when none is set: relative to the edition's folder)."""
    tr = Translator(lang)
    url = settings().edition_url
    st.markdown("**" + PAGE.section("share").say("embed_app", tr) + "**")
    st.code(embed_snippet(view_link(url or "./", view),
                          tr(TITLE)),
            language="html", wrap_lines=True)
    if not url:
        st.caption(PAGE.section("share").say("unpublished", tr))


TIMELAPSES_BUDGET = 64 * 2**20  # bytes of time-lapses kept for the country choices asked for last


TIMELAPSES: SizedCache[tuple[tuple[str, ...], str], bytes] = SizedCache(TIMELAPSES_BUDGET,
                                                                         lambda _key, body: len(body))


def timelapse_download(view: Scene) -> None:
    """The month's time-lapse (MP4) of the view's countries: made on the server when asked for, with a
    progress bar, kept for every reader of the same choice. One is made at a time per server, within
    `timelapse.LIMIT_SECONDS`; a reader who asks meanwhile, or past the limit, is told so."""
    from dashboard.export import timelapse  # matplotlib and ffmpeg: loaded when first shown, not at start

    tr, countries = view.tr, view.view.countries
    key = (countries, view.view.lang)
    kept = TIMELAPSES
    texts = PAGE.section("data")
    st.markdown("**" + texts.say("timelapse", tr) + "**: " + texts.say("timelapse_note", tr))
    body = kept.get(key, lambda: b"") if key in kept else b""
    if not body:
        if not st.button(texts.say("make", tr), key="timelapse-make"):
            return
        bar = st.progress(0.0, text=texts.say("drawing", tr))

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=texts.say("drawn", tr, done=done, total=total))

        try:
            body = timelapse.bounded(view, "mp4", progress)
        except timelapse.Busy:
            st.warning(texts.say("busy", tr))
            return
        except timelapse.TooLong:
            st.error(texts.say("too_long", tr, seconds=round(timelapse.LIMIT_SECONDS)))
            return
        finally:
            bar.empty()
        kept.put(key, body)
    name = f"kz-csto-2022-01-{'-'.join(countries) or 'none'}.mp4"
    st.download_button(texts.say("download_video", tr), body, file_name=name,
                       mime=timelapse.MIME["mp4"], key="timelapse-download", icon=":material/movie:")
