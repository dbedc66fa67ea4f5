"""Who may edit on the desk (`dashboard.view.access`): signed-in editors, or a local run without sign-in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.config import load_config
from dashboard.view.access import (
    EDITOR,
    LOCAL,
    NOT_EDITOR,
    REMOTE,
    SIGN_IN,
    UNVERIFIED,
    Request,
    access,
    is_forwarded,
    is_loopback,
)

EDITORS = ("anna@example.org",)
LOCAL_RUN = Request(auth_configured=False, signed_in=False, email=None, email_verified=None,
                    server_address="127.0.0.1", client_ip="127.0.0.1", host="localhost:8501", forwarded=False)
SIGNED = replace(LOCAL_RUN, auth_configured=True, signed_in=True, email="Anna@Example.org",
                 server_address=None, client_ip="203.0.113.9", host="map.example.org")


@pytest.mark.parametrize("address", ["127.0.0.1", "127.1.2.3", "::1", "[::1]:8501", "localhost",
                                     "localhost:8501", "127.0.0.1:8501"])
def test_loopback_addresses_and_names(address: str) -> None:
    assert is_loopback(address)


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "192.168.1.5", "map.example.org",
                                     "localhost.example.org", "203.0.113.9:8501"])
def test_other_addresses_are_not_loopback(address: str | None) -> None:
    assert not is_loopback(address)


def test_a_local_run_edits_without_signing_in() -> None:
    seen = access(LOCAL_RUN, ())
    assert seen.allowed and seen.reason == LOCAL


@pytest.mark.parametrize("change", [
    {"server_address": None},  # listens on every interface (Streamlit's default)
    {"server_address": "0.0.0.0"},
    {"server_address": "192.168.1.5"},
    {"client_ip": "192.168.1.20"},  # a request from elsewhere
    {"host": "map.example.org"},  # a name other than this machine's (a proxy, DNS rebinding)
    {"forwarded": True},  # through a reverse proxy on this machine (docs/deploy.md)
])
def test_without_sign_in_a_server_reachable_from_elsewhere_edits_nothing(change: dict) -> None:
    seen = access(replace(LOCAL_RUN, **change), EDITORS)
    assert not seen.allowed and seen.reason == REMOTE and not seen.can_sign_in


def test_a_listed_address_signed_in_may_edit_whatever_its_case() -> None:
    seen = access(SIGNED, EDITORS)
    assert seen.allowed and seen.reason == EDITOR and seen.email == "anna@example.org"


def test_with_sign_in_configured_even_a_local_run_must_sign_in() -> None:
    seen = access(replace(LOCAL_RUN, auth_configured=True), EDITORS)
    assert not seen.allowed and seen.reason == SIGN_IN and seen.can_sign_in


def test_a_signed_in_reader_not_listed_may_not_edit() -> None:
    seen = access(replace(SIGNED, email="ben@example.org"), EDITORS)
    assert not seen.allowed and seen.reason == NOT_EDITOR
    assert not access(SIGNED, ()).allowed  # nobody listed: nobody edits


def test_an_address_the_provider_did_not_verify_may_not_edit() -> None:
    seen = access(replace(SIGNED, email_verified=False), EDITORS)
    assert not seen.allowed and seen.reason == UNVERIFIED
    assert access(replace(SIGNED, email_verified=True), EDITORS).allowed


def test_forwarding_headers_are_found_in_any_case() -> None:
    assert is_forwarded(["Host", "X-Forwarded-For"])
    assert is_forwarded({"forwarded": "for=192.0.2.60"})
    assert not is_forwarded(["Host", "Cookie", "User-Agent"])


def test_the_editors_review_and_edition_folder_come_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[desk]\neditors = [" Anna@Example.org ", "ben@example.org", ""]\nreview = true\n'
                      '[edition]\ndir = "out"\n')
    loaded = load_config({"DASHBOARD_CONFIG": str(config)})
    assert access(SIGNED, loaded.desk_editors).allowed  # listed in another case, with spaces
    assert loaded.desk_review is True
    assert loaded.edition_dir == (tmp_path / "out").resolve()
    assert load_config({}).desk_editors == ()  # the repository's config lists nobody
