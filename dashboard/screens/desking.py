"""The editors' desk's actions: save a change, revert a save, approve a proposal, publish the edition.

Each action asks who is asking (`authorised`: the sign-in and the request, as the server sees them on
this script run) before it writes anything, and refuses anyone the desk does not let edit
(`view.access`). The page hides the controls from them as well, but hiding is not the check: a forged
widget message, or a page drawn for an editor whose sign-in has since ended, reaches an action that
refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dashboard.export.pieces import view_pieces
from dashboard.geo import changeset
from dashboard.i18n import Translator
from dashboard.publish import publish
from dashboard.screens.bridge import visitor
from dashboard.screens.shared import dataset, settings
from dashboard.view.access import Access, access
from dashboard.view.desk import Drafted

LOCAL_EDITOR = "local"  # the editor named in the log for a local run, where nobody signs in


class NotAllowed(PermissionError):
    """The visitor may not edit: the action wrote nothing."""

    def __init__(self, seen: Access) -> None:
        super().__init__(f"the desk refuses this action ({seen.reason})")
        self.access = seen


def current_access() -> Access:
    """Whether the visitor of this script run may edit, and why."""
    return access(visitor(), settings().desk_editors)


def authorised(ask: Callable[[], Access] = current_access) -> str:
    """The editor's name for the log, when the visitor may edit; else `NotAllowed` is raised."""
    seen = ask()
    if not seen.allowed:
        raise NotAllowed(seen)
    return seen.email or LOCAL_EDITOR


def folder() -> Path:
    """The configured data folder, the one the desk edits."""
    return settings().data_dir


def plan_change(draft: Drafted, reason: str, correction_en: str = "",
                correction_de: str = "") -> changeset.Plan:
    """What saving the draft would do, and what stands in its way (writes nothing)."""
    editor = authorised()
    return changeset.plan(folder(), draft.change(editor, reason, correction_en, correction_de))


def save_change(draft: Drafted, reason: str, correction_en: str = "", correction_de: str = "") -> object:
    """Save the draft as one change (`changeset.save`: Saved, Refused or Conflicted; Proposed with
    `[desk] review`)."""
    editor = authorised()
    return changeset.save(folder(), draft.change(editor, reason, correction_en, correction_de),
                          review=settings().desk_review)


def revert_save(save_id: str, reason: str) -> object:
    """Revert an earlier save, itself a logged change."""
    editor = authorised()
    return changeset.revert(folder(), save_id, editor, reason)


def approve_proposal(proposal_id: str) -> object:
    """Approve another editor's proposal (with `[desk] review`)."""
    editor = authorised()
    return changeset.approve(folder(), proposal_id, editor)


def edition_folder() -> Path:
    """Where the desk publishes the edition (`[edition] dir`)."""
    return settings().edition_dir


def publish_edition(lang: str = "en") -> Path:
    """Publish the edition of the current data (`publish.publish`: built beside the one served and
    swapped in, so that a publish that fails leaves the old edition served whole); returns the new
    edition's `index.html`."""
    authorised()
    config = settings()
    data = dataset()
    target = edition_folder()
    return publish(target, data, lang, config.edition_url, licence=config.data_licence, pieces=view_pieces)


def published_message(url: str, tr: Translator) -> str:
    """What the desk says once the edition is published: where readers find it (`[edition] url`), or,
    when no public address is set, how to give one (never the server's folder, which no reader opens)."""
    if url:
        return tr("The edition was published: {url}", url=url)
    return tr("The edition was published. Give its public address as `[edition] url` in config.toml to "
              "link it here.")
