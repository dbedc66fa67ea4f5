"""A reader without a browser: one Streamlit session spoken to over its websocket, as the page does.

The browser's page and this client send the same `BackMsg`s (Streamlit's own protobuf classes): a
`rerun_script` with the query string and the value of every widget the page has drawn. The server
cannot tell them apart, so a rerun costs it the same; but this client only decodes the answers, so a
load test built on it spends a fraction of a core per hundred readers instead of a Chromium each.

Only what a reader of the map page does is spoken: open the page (with a link's query string), change a
multiselect or a select slider, and wait until the script run that answers has finished.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

# Widgets whose value the page keeps as a list of option labels, and the proto field that holds it.
_LABEL_LISTS = {"multiselect": "raw_values", "slider": "raw_value"}
_FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_EARLY_FOR_RERUN}


class ProtocolError(Exception):
    """The server closed the session, or answered a run with an exception or an unfinished run."""


@dataclass
class Widget:
    """A widget the page drew: its id, label, option labels and current value (option labels)."""

    id: str
    kind: str
    label: str
    options: list[str]
    value: list[str]


@dataclass
class Run:
    """What one script run sent: its widgets by label, the map component's arguments, its texts."""

    widgets: dict[str, Widget] = field(default_factory=dict)
    component_args: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    bytes: int = 0


class Reader:
    """One session on a `streamlit run` server at `url` (http://host:port), opened with `query`."""

    def __init__(self, url: str, query: str = "") -> None:
        self.stream = url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.query = query
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self._socket: websockets.ClientConnection | None = None

    async def open(self, timeout_s: float = 120) -> Run:
        """Connect and run the page once, as a browser opening the link does."""
        self._socket = await websockets.connect(self.stream, subprotocols=["streamlit"],
                                                max_size=None, open_timeout=timeout_s)
        return await self._rerun(timeout_s)

    async def choose(self, label: str, value: list[str], timeout_s: float = 60) -> Run:
        """Set the widget labelled `label` to these option labels and wait for the run that answers."""
        widget = self.widgets[label]
        unknown = [v for v in value if v not in widget.options]
        if unknown:
            raise ValueError(f"{label!r} has no option {unknown[0]!r}")
        widget.value = list(value)
        return await self._rerun(timeout_s)

    async def close(self) -> None:
        """Leave, as a closed tab does."""
        if self._socket is not None:
            await self._socket.close()

    async def _rerun(self, timeout_s: float) -> Run:
        states = WidgetStates()
        for widget in self.widgets.values():
            state: WidgetState = states.widgets.add()
            state.id = widget.id
            state.string_array_value.data.extend(widget.value)
        message = BackMsg(rerun_script=ClientState(
            query_string=self.query, widget_states=states, page_script_hash=self.page_hash))
        assert self._socket is not None
        await self._socket.send(message.SerializeToString())
        return await asyncio.wait_for(self._answer(), timeout_s)

    async def _answer(self) -> Run:
        """Read forward messages until the script run has finished."""
        run = Run()
        assert self._socket is not None
        while True:
            try:
                data = await self._socket.recv()
            except websockets.ConnectionClosed as err:
                raise ProtocolError(f"the server closed the session: {err}") from None
            run.bytes += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta":
                self._read_delta(msg, run)
            elif kind == "script_finished":
                if msg.script_finished not in _FINISHED:
                    raise ProtocolError(f"the run ended with status {msg.script_finished}")
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return run

    def _read_delta(self, msg: ForwardMsg, run: Run) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind in _LABEL_LISTS:
            proto = getattr(element, kind)
            known = self.widgets.get(proto.label)
            if known is not None and known.id == proto.id and not proto.set_value:
                value = known.value  # the page keeps what the reader chose
            elif proto.set_value or getattr(proto, _LABEL_LISTS[kind]):
                value = list(getattr(proto, _LABEL_LISTS[kind]))  # the server set it
            else:
                value = [proto.options[int(i)] for i in proto.default]  # drawn for the first time
            widget = Widget(proto.id, kind, proto.label, list(proto.options), value)
            self.widgets[widget.label] = run.widgets[widget.label] = widget
        elif kind == "component_instance":
            run.component_args.append(element.component_instance.json_args)
        elif kind == "markdown":
            run.texts.append(element.markdown.body)
        elif kind == "exception":
            run.exceptions.append(element.exception.message)
