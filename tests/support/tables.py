"""Reading the dashboard's HTML tables back into frames (standard library parser; no lxml needed)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list]] = []
        self.cell: list[str] | None = None
        self.row: list[tuple[str, str]] | None = None
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"headers": [], "rows": [], "keys": [], "class": dict(attrs).get("class", "")})
        elif tag == "tr":
            self.row = []
            self.tables[-1]["keys"].append(dict(attrs).get("data-key"))
        elif tag in ("td", "th"):
            self.cell = []
            self.title = dict(attrs).get("title") or ""

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(("".join(self.cell), self.title))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            table = self.tables[-1]
            (table["rows"] if table["headers"] else table["headers"]).append(self.row)
            self.row = None


def read_tables(*html: str) -> dict[str, pd.DataFrame]:
    """Every `data-table` in the HTML by its key (`table-<key>`): the cells' text, their hover text in
    `<column>__title`, and the row keys as the index."""
    parser = _Tables()
    for part in html:
        parser.feed(part)
    out = {}
    for table in parser.tables:
        key = next((c.removeprefix("table-") for c in table["class"].split() if c.startswith("table-")), "")
        headers = [text for text, _ in table["headers"][0]] if table["headers"] else []
        keys = table["keys"][1:]
        frame = pd.DataFrame([[text for text, _ in row] for row in table["rows"]], columns=headers,
                             index=keys if any(keys) else None)
        for i, header in enumerate(headers):
            titles = [row[i][1] for row in table["rows"]]
            if any(titles):
                frame[f"{header}__title"] = titles
        out[key] = frame
    return out


def source_ids(title: str) -> str:
    """The source ids of a cell's hover text ("id: citation | id: citation"), `;`-separated."""
    return ";".join(part.split(":", 1)[0] for part in title.split(" | ") if part)


def open_tab(at: object, label: str, lang: str = "en") -> object:
    """Open the section tab `label` below the map, as a reader's click does (the tabs keep their state
    under `sections-<lang>`; only the open one is made), and run the page again."""
    at.session_state[f"sections-{lang}"] = label
    return at.run()


def app_tables(block: object) -> dict[str, pd.DataFrame]:
    """The tables an AppTest block (the sidebar, an expander) shows."""
    return read_tables(*(element.proto.body for element in block.get("html")))
