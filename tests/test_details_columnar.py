"""Every record's details made column by column (`view.details.words_by_record`, `Scene.listed`) against
a plain reference that reads the frames row by row, a Series per record and per figure (the formulation
they replaced): on the bundled data and on small synthetic sets of both shapes, in two languages."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import write_synthetic
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.i18n import Translator
from dashboard.render.details import details_html
from dashboard.scene.scene import Scene, scene
from dashboard.view.chronology import event_lines
from dashboard.view.details import (
    DETAIL_FIELDS,
    Words,
    _corrected,
    _field_value,
    detail_labels,
    present,
    source_words,
    words_by_record,
)
from dashboard.view.link import View
from dashboard.view.selection import cited_ids
from dashboard.view.wording import figure_text, localised_column, word
from dashboard.vocabulary import COORD_METHODS, FIGURE_STATUSES, METRICS, PRECISIONS
from tests.conftest import GEODATA
from tests.support.csvdata import append_rows

SMALL = 150  # synthetic records: figures, events and corrections of every kind
# Sites that no source places more precisely than Almaty, added to a copy of the bundled data so that
# Almaty's point is crowded and its records' details list them.
AT_ALMATY = [{"id": f"test-site-{n}", "name": f"Site {n} in Almaty", "place": "Almaty", "country": "KZ",
              "layer": "key_site", "kind": "guarded_object", "contingent": "RU", "precision": "city",
              "start": "2022-01-07", "end": "2022-01-19", "sources": "urdupoint-1443126"} for n in (1, 2, 3)]


@pytest.fixture(scope="module", params=["geodata", "crowded", "scattered", "bundled"])
def data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         geocoder: Geocoder) -> Dataset:
    if request.param == "geodata":
        return load_dataset(GEODATA, geocoder)
    if request.param == "crowded":
        copy = tmp_path_factory.mktemp("crowded") / "geodata"
        shutil.copytree(GEODATA, copy)
        append_rows(copy, "records", AT_ALMATY)
        return load_dataset(copy, geocoder)
    config = write_synthetic(tmp_path_factory.mktemp(request.param), SMALL, shape=request.param)
    return load_dataset(Path(config).parent / "geodata", geocoder)


def _reference_record(record: pd.Series, figs: pd.DataFrame, here: pd.DataFrame | None, tr: Translator,
                      shared_sources: bool, corrected: pd.DataFrame | None, items: list[dict[str, object]],
                      source_item: Callable[[str], Words], listed: object) -> Words:
    """One record's words from its row (a Series named by its id) and its figures' rows, read cell by
    cell."""
    lang = tr.lang
    fields = {key: record.name if key == "id" else record.get(key) for key in DETAIL_FIELDS}
    name = ", " + str(record["coord_name"]) if present(record.get("coord_name")) else ""
    coords = tr("{lat}, {lon} ({method}{name}; precision: {precision})",
                lat=f"{record['lat']:.4f}", lon=f"{record['lon']:.4f}",
                method=word(COORD_METHODS, record.get("coord_method"), lang), name=name,
                precision=word(PRECISIONS, record.get("precision"), lang))
    notes, doubts = (localised_column(figs, base, lang) for base in ("note", "doubt"))
    summary, doubt = record.get("summary"), record.get("doubt")
    cited = cited_ids([record["sources"]], figs["sources"], here["sources"] if here is not None else [])
    given = [(key, value) for key, value in fields.items() if present(value)]
    return {
        "labels": detail_labels(tr), "shared_sources": shared_sources,
        "record_id": record.name, "name": record["name"], "summary": summary if present(summary) else None,
        "corrected": _corrected(corrected, tr) if corrected is not None else [],
        "doubt": doubt if present(doubt) else None, "coords": coords,
        "listed": [{"id": rid, "name": site} for rid, site in listed],  # type: ignore[attr-defined]
        "figures": [{"metric": word(METRICS, f["metric"], lang), "text": figure_text(f, lang),
                     "status": word(FIGURE_STATUSES, f.get("status"), lang) if present(f.get("status"))
                     else None,
                     "note": notes[i] if notes is not None and present(notes[i]) else None,
                     "doubt": doubts[i] if doubts is not None and present(doubts[i]) else None}
                    for i, f in figs.iterrows()],
        "events": items,
        "sources": [source_item(sid) for sid in cited],
        "fields": [(tr(DETAIL_FIELDS[key]), _field_value(key, value, tr)) for key, value in given],
    }


def _reference(seen: Scene, shared_sources: bool) -> dict[str, Words]:
    """Every record's words as `words_by_record` makes them, a row at a time."""
    records, data, tr = seen.records, seen.data, seen.tr
    figures, events, corrections = data.figures, data.events, seen.corrections_log
    by_id = data.sources.set_index("id")
    items_of: dict[str, list[dict[str, object]]] = {}
    for item in event_lines(events, records, data.sources, tr):
        items_of.setdefault(str(item["record"]), []).append(item)
    names = records.set_index("id")["name"]
    listed = {rid: [(site, str(names[site])) for site in sites] for rid, sites in _listed_ids(seen).items()}
    figures_of, events_of, fixed_of = (dict(tuple(table.groupby("record", sort=False)))
                                       for table in (figures, events, corrections))
    out = {}
    for rid, row in records.set_index("id").iterrows():
        out[str(rid)] = _reference_record(
            row, figures_of.get(rid, figures.iloc[0:0]), events_of.get(rid), tr, shared_sources,
            fixed_of.get(rid), items_of.get(str(rid), []),
            lambda sid: source_words(sid, by_id.loc[sid] if sid in by_id.index else None, tr),
            listed.get(str(rid), ()))
    return out


def _listed_ids(seen: Scene) -> dict[str, list[str]]:
    from dashboard.map.crowding import listed_sites

    return {rid: sites for rid, sites in listed_sites(seen.records).items() if sites}


@pytest.mark.parametrize(("lang", "shared"), [("en", False), ("de", True)])
def test_every_records_details_made_by_columns_are_those_made_row_by_row(data: Dataset, lang: str,
                                                                          shared: bool) -> None:
    """The same words (the same HTML where the sources are shared: their words are then their ids)."""
    seen = scene(data, View(lang=lang))
    words = words_by_record(seen.records, data.figures, data.sources, seen.tr, data.events, shared,
                            seen.corrections_log, seen.listed)
    expected = _reference(seen, shared)
    assert list(words) == list(expected)
    for rid, own in expected.items():
        if shared:
            assert details_html(words[rid]) == details_html(own), rid
        else:
            assert words[rid] == own, rid
    assert any(own["figures"] for own in words.values())


def test_the_sites_a_crowded_point_lists_are_named_as_their_rows_name_them(data: Dataset) -> None:
    seen = scene(data, View())
    names = seen.records.set_index("id")["name"]
    expected = {rid: [(site, str(names[site])) for site in sites] for rid, sites in _listed_ids(seen).items()}
    assert seen.listed == expected
    assert bool(expected) == data.records["id"].str.startswith("test-site-").any()  # only the crowded copy's
