"""Per-cell checks read from a row model's fields, for validating a table column by column.

A field's check does to one cell what pydantic does to it — the field's before-validators, then its type
and constraints (`min_length`, `max_length`, `pattern`, `ge`, `le` …) — and returns the typed value. It
only decides where the outcome is certain: a plain decimal for a float, `YYYY-MM-DD` for a date,
`HH:MM[:SS]` for a time, text without surrounding whitespace, a value of a Literal as it is spelt. For
anything else (an error, or an input pydantic might read some other way) it returns SUSPECT, and the
caller validates that row with the model itself, so that every message is the model's own.

Nothing here names a column: the checks come from the models in `dashboard.data.schema`, so a changed
field, constraint or vocabulary changes them too. A field or model this module cannot read (another kind
of validator, another type, another setting) is SUSPECT throughout, which is slow but never wrong.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
import types
from collections.abc import Callable
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from dashboard.memo import memoised

SUSPECT = object()  # what a check returns for a cell it cannot vouch for
Check = Callable[[object], object]

# Inputs whose reading by pydantic is certain (see the module docstring); others go to the model.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONSTRAINTS = frozenset({"min_length", "max_length", "pattern", "ge", "gt", "le", "lt"})
# Model settings the checks know: any other (str_to_lower, strict …) makes every row SUSPECT.
_SETTINGS = frozenset({"extra", "str_strip_whitespace"})


class Unsupported(Exception):
    """A field or model whose checks cannot be read off it."""


def supported(model: type[BaseModel]) -> bool:
    """Whether the model's rules can be checked column-wise: known settings (extras allowed, as `Row`
    says), and every validator other than a field's before-validators named in its COLUMN_TWINS (repeated
    column-wise in `conflicts`)."""
    decorators = model.__pydantic_decorators__
    config = model.model_config
    if set(config) - _SETTINGS or config.get("extra") != "allow":  # per-language columns are extras
        return False
    if decorators.validators or decorators.root_validators:
        return False
    twins = getattr(model, "COLUMN_TWINS", frozenset())
    others = {name for name, d in decorators.field_validators.items() if d.info.mode != "before"}
    return (others | set(decorators.model_validators)) <= twins


@memoised
def field_check(model: type[BaseModel], name: str) -> Check:
    """The check of field `name` of `model` (see the module docstring)."""
    field = model.model_fields[name]
    # Decorator before-validators run first, then the field's own, last declared first.
    befores = [d.func for d in model.__pydantic_decorators__.field_validators.values()
               if d.info.mode == "before" and ({name, "*"} & set(d.info.fields))]
    befores += [m.func for m in reversed(field.metadata) if isinstance(m, BeforeValidator)]
    constraints = [m for m in field.metadata if not isinstance(m, BeforeValidator)]
    try:
        typed = _type_check(field.annotation, constraints)
    except Unsupported:
        return lambda value: SUSPECT
    if not befores:
        return typed
    first, *rest = befores

    def check(value: object) -> object:
        try:
            value = first(value)
            for before in rest:
                value = before(value)
        except Exception:  # the model says what went wrong (or raises what it raises)
            return SUSPECT
        return typed(value)

    return check


def _type_check(annotation: object, metadata: list[object]) -> Check:
    """The check of a value that has been through the before-validators."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        inner = [item for info in args[1:] for item in _metadata(info)]
        return _type_check(args[0], [*metadata, *inner])
    if origin in (Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1 or len(args) != 2:
            raise Unsupported(annotation)
        inner_check = _type_check(rest[0], metadata)
        return lambda value: None if value is None else inner_check(value)
    limits = _limits(metadata)
    if origin is Literal:
        if limits:
            raise Unsupported(annotation)
        choices = {(type(a), a) for a in args}
        return lambda value: value if (type(value), value) in choices else SUSPECT
    if origin is list and args == (str,):
        return _list_check(limits)
    if annotation is str:
        return _str_check(limits)
    if annotation in _PARSED:
        return _parsed_check(*_PARSED[annotation], limits)
    raise Unsupported(annotation)


def _metadata(info: object) -> list[object]:
    """The constraints an `Annotated` item carries (a nested `Field(...)` carries a list of them)."""
    return list(info.metadata) if isinstance(info, FieldInfo) else [info]


def _limits(metadata: list[object]) -> dict[str, object]:
    """The constraints in `metadata` by name (`max_length`: 80 …); Unsupported for anything else."""
    limits: dict[str, object] = {}
    for item in metadata:
        if dataclasses.is_dataclass(item):
            found = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
        else:
            found = dict(getattr(item, "__dict__", {"?": item}))
        if set(found) - _CONSTRAINTS:
            raise Unsupported(item)
        limits.update(found)
    return limits


def _plain(text: str) -> bool:
    """No whitespace at either end (by Python's reckoning, which includes all that pydantic strips), and
    no lone surrogate (which pydantic refuses as a string)."""
    if text and (text[0].isspace() or text[-1].isspace()):
        return False
    return text.isascii() or _SURROGATE.search(text) is None


def _str_check(limits: dict[str, object]) -> Check:
    low, high = limits.pop("min_length", 0), limits.pop("max_length", None)
    pattern = limits.pop("pattern", None)
    if limits:
        raise Unsupported(limits)
    search = re.compile(str(pattern)).search if pattern is not None else None

    def check(value: object) -> object:
        if type(value) is not str or not _plain(value):
            return SUSPECT
        if len(value) < low or (high is not None and len(value) > high):
            return SUSPECT
        return value if search is None or search(value) else SUSPECT

    return check


def _list_check(limits: dict[str, object]) -> Check:
    low, high = limits.pop("min_length", 0), limits.pop("max_length", None)
    if limits:
        raise Unsupported(limits)

    def check(value: object) -> object:
        if type(value) is not list or not all(type(v) is str and _plain(v) for v in value):
            return SUSPECT
        return value if low <= len(value) and (high is None or len(value) <= high) else SUSPECT

    return check


def _parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _parse_time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


# type -> (the strings read with certainty, how they are read)
_PARSED: dict[object, tuple[re.Pattern[str], Callable[[str], object]]] = {
    float: (_DECIMAL, float), int: (_INTEGER, int),
    dt.date: (_DATE, _parse_date), dt.time: (_TIME, _parse_time),
}


def _parsed_check(form: re.Pattern[str], parse: Callable[[str], object], limits: dict[str, object]) -> Check:
    """Numbers, dates and times: a string in `form` is parsed, an int stays an int (for int fields, as a
    before-validator may give); then the bounds apply."""
    bounds = [(_BOUNDS[key], limits.pop(key)) for key in list(limits) if key in _BOUNDS]
    if limits:
        raise Unsupported(limits)
    keeps_int = parse is int
    match = form.fullmatch

    def check(value: object) -> object:
        if type(value) is str and match(value):
            try:
                value = parse(value)
            except ValueError:
                return SUSPECT
        elif not (keeps_int and type(value) is int):
            return SUSPECT
        for holds, bound in bounds:
            if not holds(value, bound):
                return SUSPECT
        return value

    return check


_BOUNDS: dict[str, Callable[[object, object], bool]] = {
    "ge": operator.ge, "gt": operator.gt, "le": operator.le, "lt": operator.lt,
}
