"""The editors' desk (/desk): sign in, edit and add rows, see what stands in the way, confirm the
correction, save; resolve a conflict; read the history and revert; publish the edition.

The page only arranges: who may edit is `view.access`, the tables and the drafted change `view.desk`,
the actions (each refusing anyone who may not edit) `screens.desking`, the change-set core
`data.changeset`.

Each table is edited on a snapshot of the data (its rows and their versions as read), kept in the
session until the editor saves or asks for the latest data: another editor's save meanwhile never
wipes an edit in progress; saving it against a row changed meanwhile is a conflict, shown side by side,
with the editor's own edit kept to re-apply on the current row.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.geo import changeset
from dashboard.i18n import N_, Translator, language
from dashboard.screens import desking
from dashboard.screens.shared import data_version
from dashboard.view import article, desk
from dashboard.view.access import REASONS

BASE, START = "desk-base", "desk-start"  # per table: the snapshot, and what its editor was given
PENDING = "desk-pending"  # the editor's own edits of a conflicted save, to re-apply
OUTCOME = "desk-outcome"  # what the last action said, shown once
GENERATION = "desk-generation"  # per table: counts its grid's restarts (`restart_editor`)
CORRECTION_EN, CORRECTION_DE, REASON = "desk-correction-en", "desk-correction-de", "desk-reason"
SAVED = N_("Saved. Readers see the change at their next step on the map; the edition is published "
           "with \"Publish the edition\".")


def snapshot(table: str, needle: str) -> pd.DataFrame:
    """The rows of `table` this editor works on (read once, then kept until saved or refreshed)."""
    key = f"{BASE}-{table}"
    if key not in st.session_state or st.session_state.get(f"{key}-needle") != needle:
        base = desk.matching(desk.table_frame(desking.folder(), table), needle)
        st.session_state[key], st.session_state[f"{key}-needle"] = base, needle
        st.session_state[f"{START}-{table}"] = base
    return st.session_state[key]


def refresh(tables: tuple[str, ...] = tuple(desk.TABLES)) -> None:
    """Forget the snapshots (and the edits on them): the next run reads the latest data."""
    for table in tables:
        for key in (f"{BASE}-{table}", f"{BASE}-{table}-needle", f"{START}-{table}"):
            st.session_state.pop(key, None)
        restart_editor(table)


def restart_editor(table: str) -> None:
    """Give `table`'s editor a new key, so the browser's grid drops what was typed into the old one (it
    keeps its own edits while its key and data stay the same)."""
    st.session_state.pop(editor_key(table), None)
    st.session_state[f"{GENERATION}-{table}"] = st.session_state.get(f"{GENERATION}-{table}", 0) + 1


def editor_key(table: str) -> str:
    """The key of `table`'s grid now."""
    return f"desk-{table}-{st.session_state.get(f'{GENERATION}-{table}', 0)}"


def on_save(draft: desk.Drafted, correction_keys: tuple[str, str]) -> None:
    """The Save button's action (refused on the server for anyone who may not edit)."""
    en, de = (st.session_state.get(key, "") for key in correction_keys)
    try:
        result = desking.save_change(draft, st.session_state.get(REASON, ""), en, de)
    except desking.NotAllowed as refused:
        st.session_state[OUTCOME] = ("error", str(refused))
        return
    if isinstance(result, changeset.Conflicted):
        st.session_state[PENDING] = {"draft": draft, "conflicts": result.conflicts}
        st.session_state[OUTCOME] = ("warning", "conflict")
    elif isinstance(result, changeset.Saved | changeset.Proposed):
        refresh()
        for key in (REASON, *correction_keys, PENDING, article.DESK_DRAFT):
            st.session_state.pop(key, None)
        st.session_state[OUTCOME] = ("success", "proposed") if isinstance(result, changeset.Proposed) \
            else outcome_of(result)
    else:
        st.session_state[OUTCOME] = outcome_of(result)


def on_reapply(draft: desk.Drafted) -> None:
    """Start the conflicted tables afresh from the latest data, with the editor's own edits on top."""
    st.session_state.pop(PENDING, None)
    st.session_state.pop(article.DESK_DRAFT, None)  # its rows, if any, are in the draft: now in the tables
    tables = tuple({e.table for e in draft.edits} | {a.table for a in draft.additions})
    refresh(tables)
    for table in tables:
        base = snapshot(table, st.session_state.get("desk-find", ""))
        start = base.copy()
        for edit in (e for e in draft.edits if e.table == table and e.id in start.index):
            for field, value in edit.fields.items():
                start.loc[edit.id, field] = value
        additions = [a.fields for a in draft.additions if a.table == table]
        if additions:
            added = pd.DataFrame(additions, columns=[desk.ID, *base.columns]).fillna("")
            start = pd.concat([start, added.set_index(desk.ID)])
        st.session_state[f"{START}-{table}"] = start
        restart_editor(table)


def on_revert(save_id: str) -> None:
    """Revert a save (refused on the server for anyone who may not edit)."""
    try:
        result = desking.revert_save(save_id, st.session_state.get(f"desk-revert-{save_id}", "") or "revert")
    except desking.NotAllowed as refused:
        st.session_state[OUTCOME] = ("error", str(refused))
        return
    refresh()
    st.session_state[OUTCOME] = outcome_of(result)


def show_conflicts(draft: desk.Drafted, conflicts: list[changeset.Conflict]) -> None:
    """Each row changed by someone else since the editor opened it: the editor's own values beside the
    ones they started from and the ones now in the data, and the way to re-apply their edit."""
    st.subheader(tr("Your edit and the data now"))
    st.caption(tr("Someone saved a change to the same rows since you opened them. Your edit is kept: "
                  "re-apply it to the rows as they are now, check it, and save again."))
    for conflict in conflicts:
        st.text(f"{conflict.table} · {conflict.id}")
        was = st.session_state.get(f"{BASE}-{conflict.table}")
        was_row = was.loc[conflict.id].to_dict() if was is not None and conflict.id in was.index else None
        st.dataframe(desk.side_by_side(desk.own_fields(draft, conflict.table, conflict.id), was_row,
                                       conflict.current_row), use_container_width=True)
    st.button(tr("Re-apply my edit to the current data"), on_click=on_reapply, args=(draft,),
              key="desk-reapply")


def on_approve(proposal_id: str) -> None:
    """Approve a proposal (refused on the server for anyone who may not edit, and by the core for its
    own author)."""
    try:
        result = desking.approve_proposal(proposal_id)
    except desking.NotAllowed as refused:
        st.session_state[OUTCOME] = ("error", str(refused))
        return
    refresh()
    st.session_state[OUTCOME] = outcome_of(result)


def outcome_of(result: object) -> tuple[str, str]:
    """What an action's result says (a save, a refusal with its problems, a conflict)."""
    if isinstance(result, changeset.Saved):
        return ("success", "saved")
    if isinstance(result, changeset.Conflicted):
        return ("warning", "conflict")
    return ("error", "\n\n".join(str(p) for p in getattr(result, "problems", ())))


def on_publish() -> None:
    """Publish the edition (refused on the server for anyone who may not edit)."""
    try:
        desking.publish_edition(lang)
        st.session_state[OUTCOME] = ("success", "published")
    except desking.NotAllowed as refused:
        st.session_state[OUTCOME] = ("error", str(refused))


lang = language(st.session_state.get("lang") or st.query_params.get("lang"))
tr = Translator(lang)
st.set_page_config(page_title=tr("Editors' desk"), layout="wide")
st.title(tr("Editors' desk"))

# ---- Who is asking ---------------------------------------------------------------------------------
seen = desking.current_access()
# The address as code: a provider's claim is never read as Markdown (a link, emphasis).
st.caption(tr(REASONS[seen.reason], email=f"`{(seen.email or '').replace('`', '')}`"))
if seen.can_sign_in:
    st.button(tr("Sign in"), on_click=st.login, type="primary", key="desk-sign-in")
elif seen.email:
    st.button(tr("Sign out"), on_click=st.logout, key="desk-sign-out")
if not seen.allowed:
    st.stop()

# ---- What the last action said ------------------------------------------------------------------------
if outcome := st.session_state.pop(OUTCOME, None):
    kind, text = outcome
    if text == "saved":
        st.success(tr(SAVED))
    elif text == "proposed":
        st.success(tr("Proposed. Readers see the change once another editor approves it."))
    elif text == "published":
        st.success(desking.published_message(desking.settings().edition_url, tr))
    elif text == "conflict":
        st.warning(tr("Nothing was saved: the rows changed meanwhile (below)."))
    else:
        getattr(st, kind)(text)

# ---- The tables ------------------------------------------------------------------------------------------
st.caption(tr("Data version {version}", version=data_version()[:12]))
needle = st.text_input(tr("Find rows (an id or any text in them)"), key="desk-find")
drafts = []
for table, tab in zip(desk.TABLES, st.tabs([tr(t) for t in desk.TABLES.values()]), strict=True):
    with tab:
        base = snapshot(table, needle)
        edited = st.data_editor(st.session_state[f"{START}-{table}"], num_rows="add", disabled=[desk.VERSION],
                                key=editor_key(table), use_container_width=True)
        drafts.append(desk.drafted(table, base, edited))
# The rows the "From article" page proposed, if any, join the change (the editor says why and saves).
if (from_article := st.session_state.get(article.DESK_DRAFT)) is not None:
    proposed = desk.Drafted(tuple(from_article.edits), tuple(from_article.additions))
    st.info(tr("The change proposed on the \"From article\" page is part of this change: {rows}.",
               rows=desk.draft_text(proposed)))
    st.button(tr("Leave out the article's rows"), on_click=st.session_state.pop,
              args=(article.DESK_DRAFT, None), key="desk-drop-article")
    drafts.append(proposed)
draft = desk.combined(drafts)
st.button(tr("Load the latest data (drops unsaved edits)"), on_click=refresh, key="desk-refresh")

# ---- The change: problems, correction, save ---------------------------------------------------------------
st.subheader(tr("Your change"))
reason = st.text_input(tr("Why (for the log)"), key=REASON)
if draft.empty:
    st.caption(tr("Edit a cell or add a row to draft a change."))
else:
    plan = desking.plan_change(draft, reason)
    for problem in plan.problems:
        st.error(desk.problem_text(problem, tr))
    if plan.added:  # the ids the id rules make for the new rows
        st.caption(tr("New rows: {rows}.", rows=", ".join(f"{table} {rid}" for table, rid in plan.added)))
    conflicts = plan.conflicts or (pending["conflicts"] if (pending := st.session_state.get(PENDING)) else [])
    if conflicts:
        show_conflicts(draft, conflicts)
    correction_keys = ("", "")
    if plan.corrections:
        drafted_en = "\n".join(c["summary_en"] for c in plan.corrections)
        drafted_de = "\n".join(c["summary_de"] for c in plan.corrections)
        # Keyed by the draft: a new draft (another cell edited) offers its own text afresh.
        correction_keys = (f"{CORRECTION_EN}-{hash(drafted_en)}", f"{CORRECTION_DE}-{hash(drafted_de)}")
        st.caption(tr("Readers have seen what this changes: the correction below is published with it. "
                      "Rewrite it if it says it badly."))
        left, right = st.columns(2)
        left.text_area(tr("Correction (English)"), value=drafted_en, key=correction_keys[0])
        right.text_area(tr("Correction (German)"), value=drafted_de, key=correction_keys[1])
    blocked = bool(plan.problems or conflicts) or not reason.strip()
    st.button(tr("Save"), type="primary", disabled=blocked, on_click=on_save, args=(draft, correction_keys),
              key="desk-save")

# ---- Proposals (with `[desk] review`) -----------------------------------------------------------------
if waiting := changeset.proposals(desking.folder()):
    st.subheader(tr("Waiting for approval"))
    for proposal in waiting:
        st.text(f"{proposal['id']} · {proposal.get('time', '')} · {proposal.get('editor', '')} · "
                f"{proposal.get('reason', '')}")
        st.code(desk.save_text(proposal), language=None)
        st.button(tr("Approve"), on_click=on_approve, args=(str(proposal["id"]),),
                  key=f"desk-approve-{proposal['id']}")

# ---- History ------------------------------------------------------------------------------------------
with st.expander(tr("History of saves")):
    history = changeset.saves(desking.folder())
    if not history:
        st.caption(tr("No saves yet."))
    for save in reversed(history):  # newest first
        st.text(" · ".join(str(save.get(k, "")) for k in ("id", "time", "editor", "reason")))
        st.code(desk.save_text(save), language=None)
        st.text_input(tr("Why revert"), key=f"desk-revert-{save['id']}")
        st.button(tr("Revert"), on_click=on_revert, args=(str(save["id"]),),
                  key=f"desk-revert-button-{save['id']}")

# ---- Publish -----------------------------------------------------------------------------------------------
st.subheader(tr("Publish the edition"))
st.caption(tr("Writes the static edition of the data as saved to {path}, beside the one served, and swaps "
              "them: a publish that fails leaves the old edition served.", path=desking.edition_folder()))
st.button(tr("Publish the edition"), on_click=on_publish, key="desk-publish")
