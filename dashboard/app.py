"""The dashboard's server. Run with `uv run streamlit run dashboard/app.py`.

Streamlit serves the pages (`site.py`: the map and "From article"); beside them, this server answers
the export addresses of `dashboard.export.links` itself, so a download never depends on a script run.
"""

from __future__ import annotations

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from dashboard.export import export, file_name, formats
from dashboard.export.links import DOWNLOADS, Wanted, parse_download
from dashboard.screens.shared import dataset
from dashboard.view.selection import select


def built(wanted: Wanted) -> tuple[str, bytes]:
    """The file name and bytes of one export (the same as `python -m dashboard export`)."""
    data = dataset()
    selection = select(data, wanted.view.countries, wanted.view.date)
    return file_name(selection, wanted.fmt), export(selection, wanted.fmt, data, wanted.view.lang,
                                                    raw=wanted.raw)


async def download(request: Request) -> Response:
    """Answer an export address: the file, or 400 with the reasons."""
    wanted, errors = parse_download({key: request.query_params.getlist(key)
                                     for key in request.query_params})
    if wanted is None:
        return PlainTextResponse("\n".join(errors) + "\n", status_code=400)
    name, body = await run_in_threadpool(built, wanted)
    return Response(body, media_type=formats()[wanted.fmt][0].mime, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-cache"})


# With or without a base path (`--server.baseUrlPath kz-map`): `/downloads/…` and `/kz-map/downloads/…`.
app = st.App("site.py", routes=[Route(f"/{DOWNLOADS}/{{name}}", download),
                                Route(f"/{{base:path}}/{DOWNLOADS}/{{name}}", download)])
