"""The dashboard's server. Run with `uv run streamlit run dashboard/app.py`.

Streamlit serves the pages (`site.py`: the map and "From article"); beside them, this server answers
the export addresses of `dashboard.export.links` itself, so a download never depends on a script run.

This module is imported as the server starts, so it imports only what the server needs to listen: the
dashboard's own modules (pandas, folium …) are imported by the warm-up thread (`screens.warmup`), which
starts with the server, while the first reader's browser loads Streamlit's page.
"""

from __future__ import annotations

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from dashboard.config import DOWNLOADS
from dashboard.screens.warmup import lifespan


def built(query: dict[str, list[str]]) -> tuple[int, str, str, bytes]:
    """An export address answered: status, file name, media type and bytes (the same file as
    `python -m dashboard export`), or 400 with the reasons."""
    from dashboard.export import export, file_name, formats
    from dashboard.export.links import parse_download
    from dashboard.scene import scene
    from dashboard.screens.shared import dataset

    wanted, errors = parse_download(query)
    if wanted is None:
        return 400, "", "text/plain", ("\n".join(errors) + "\n").encode()
    data = dataset()
    made = scene(data, wanted.view)
    body = export(made, wanted.fmt, raw=wanted.raw, size=wanted.size)
    return 200, file_name(made, wanted.fmt), formats()[wanted.fmt][0].mime, body


async def download(request: Request) -> Response:
    """Answer an export address: the file, or 400 with the reasons."""
    query = {key: request.query_params.getlist(key) for key in request.query_params}
    status, name, mime, body = await run_in_threadpool(built, query)
    if status != 200:
        return PlainTextResponse(body.decode(), status_code=status)
    return Response(body, media_type=mime, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-cache"})


# With or without a base path (`--server.baseUrlPath kz-map`): `/downloads/…` and `/kz-map/downloads/…`.
app = st.App("site.py", lifespan=lifespan, routes=[Route(f"/{DOWNLOADS}/{{name}}", download),
                                                   Route(f"/{{base:path}}/{DOWNLOADS}/{{name}}", download)])
