"""Checking a whole geodata folder: its tables and, where it has one, its curated gazetteer."""

from __future__ import annotations

from pathlib import Path

from dashboard.data.parquet import table_file
from dashboard.data.problems import Problem
from dashboard.escape import url_problem
from dashboard.geo.crowded import crowded_problems
from dashboard.geo.dataset import load_dataset
from dashboard.geo.gazetteer import ALIASES_FILE, PLACES_FILE, default_geocoder, read_supplement

GAZETTEER_SUBDIR = "gazetteer"


def validate_folder(directory: Path) -> list[Problem]:
    """Return every problem in the folder, sorted by file and row; an empty list means clean."""
    dataset = load_dataset(directory, default_geocoder())
    problems = list(dataset.problems)
    records_path, _found = table_file(directory, "records")  # its problems are the dataset's
    problems += crowded_problems(dataset.records, records_path.name)
    # A source's address that fails the allow-list loads (the page shows it as text, never as a link),
    # but an editor should know.
    problems += [Problem("sources.csv", int(row), "url", f"shown as text, not as a link: {problem}")
                 for row, url in zip(dataset.sources["row"], dataset.sources["url"], strict=True)
                 if isinstance(url, str) and url and (problem := url_problem(url))]
    supplement = directory / GAZETTEER_SUBDIR
    if supplement.is_dir():
        places, _aliases, found = read_supplement(supplement)
        problems += [_in_gazetteer(p) for p in found]
        known = set(dataset.sources["id"])
        for row, place in places:
            unknown = [s for s in place.sources if s not in known]
            if unknown:
                problems.append(Problem(f"{GAZETTEER_SUBDIR}/{PLACES_FILE}", row, "sources",
                                        f"unknown source id(s): {', '.join(unknown)}"))
    return sorted(problems)


def _in_gazetteer(problem: Problem) -> Problem:
    if problem.file in (PLACES_FILE, ALIASES_FILE):
        return Problem(f"{GAZETTEER_SUBDIR}/{problem.file}", problem.row, problem.column,
                       problem.message)
    return problem
