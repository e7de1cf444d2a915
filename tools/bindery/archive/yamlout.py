"""Front matter as PyYAML writes it, without going through PyYAML for
the common case.

An import writes thousands of post files, and PyYAML spends about 190 µs
on each front matter (its representer and resolver are Python, node by
node): 1.7 s of a 10,000-post import, in the one process that cannot be
parallelised.  Front matter is a flat mapping of strings, numbers and
lists (of strings, or of small mappings such as ``sources``), so
:func:`dump` writes that shape itself, byte for byte as PyYAML would
(block style, ``allow_unicode``, ``sort_keys=False``, width 4096),
and hands anything else to PyYAML whole:

- a string that starts with a letter or digit, ends with neither a space
  nor ``:`` and holds only characters libyaml writes as they are, is
  written plain where PyYAML's own resolver reads it back as a string and
  it holds neither ``: `` nor `` #``, and single-quoted otherwise (a
  date, a number, ``yes``); any other string (line breaks, control or
  unpaired characters, edge spaces, a leading indicator or quote, an
  empty one, one long enough to fold) sends the whole mapping to PyYAML.

:func:`read` is the way back: front matter in exactly the shape written
here is read without PyYAML's constructor (a Python call for every
node, about a third of the time reading 9,000 posts took), and anything
else (a hand edit's comment, flow style, a date left plain, CRLF line
ends) is left to PyYAML, which stays the judge of what YAML means.

``tests/test_yamlout.py`` compares the two on hostile strings, and
reads mutated front matter both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

try:
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # PyYAML built without libyaml
    _Dumper = yaml.SafeDumper

_STR = "tag:yaml.org,2002:str"
_MAX = 1000  # far under the width (4096) at which PyYAML would fold a line
# Characters libyaml writes as they are: printable, no line break, no BOM,
# in the Basic Multilingual Plane (libyaml escapes the others; PyYAML's
# own emitter does not, so they go to whichever emitter is in use).
_SAFE = "[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff\\U00010000-\\U0010ffff]"
# Starts with a letter or digit (no indicator, no "---"), ends with
# neither a space nor ":" (nor line breaks, control characters…).
_SHAPE = re.compile(f"[^\\W_](?:{_SAFE}*(?<![ :]))?")
_INDICATOR = re.compile(": | #")  # in the middle of a scalar: not plain
_resolver = yaml.resolver.Resolver()


def dump(meta: Mapping[str, Any]) -> str:
    """``meta`` as ``yaml.dump(meta, allow_unicode=True, sort_keys=False,
    default_flow_style=False, width=4096)`` writes it."""
    lines: list[str] = []
    for key, value in meta.items():
        if not _simple_key(key) or not _block(key, value, lines):
            return pyyaml(meta)
    return "".join(lines) if lines else pyyaml(meta)


def pyyaml(meta: Mapping[str, Any]) -> str:
    """``meta`` as PyYAML writes it: what :func:`dump` writes, the slow way."""
    return yaml.dump(
        dict(meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096
    )


def _simple_key(key: object) -> bool:
    if not isinstance(key, str):
        return False
    simple = _SIMPLE_KEYS.get(key)
    if simple is None:
        simple = _SIMPLE_KEYS[key] = key.isascii() and key.isidentifier() and _scalar(key) == key
    return simple


_SIMPLE_KEYS: dict[str, bool] = {}  # a book has a few dozen keys


def _block(key: str, value: Any, lines: list[str]) -> bool:
    """Append ``key: value`` in block style; False if it is not a shape
    written here."""
    if isinstance(value, list):
        if not value:
            lines.append(f"{key}: []\n")
            return True
        lines.append(f"{key}:\n")
        for item in value:
            if isinstance(item, dict):
                if not item or not all(isinstance(k, str) and _simple_key(k) for k in item):
                    return False
                lead = "- "
                for k, v in item.items():
                    text = _scalar(v)
                    if text is None:
                        return False
                    lines.append(f"{lead}{k}: {text}\n")
                    lead = "  "
            else:
                text = _scalar(item)
                if text is None:
                    return False
                lines.append(f"- {text}\n")
        return True
    text = _scalar(value)
    if text is None:
        return False
    lines.append(f"{key}: {text}\n")
    return True


def _scalar(value: Any) -> str | None:
    """A string or number as PyYAML writes it in block context, or None
    if it is not one written here."""
    if isinstance(value, str):
        if len(value) > _MAX or not _SHAPE.fullmatch(value):
            return None
        if _INDICATOR.search(value) is None and _reads_as_str(value):
            return value
        return "'" + value.replace("'", "''") + "'"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return None


def _reads_as_str(value: str) -> bool:
    """True if PyYAML reads ``value``, written plain, back as a string.
    Its resolver looks for another type only after a few first characters
    (digits, signs, "yes", "null"…)."""
    if value[0] not in _RESOLVED_FIRST and None not in _resolver.yaml_implicit_resolvers:
        return True
    return _resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR


_RESOLVED_FIRST = frozenset(k for k in _resolver.yaml_implicit_resolvers if k is not None)


_INT = re.compile(r"0|-?[1-9][0-9]*")  # str(int): YAML reads it back as that int
_LIST_KEY = re.compile(r"([^\W\d]\w*): (.*)", re.ASCII | re.DOTALL)  # "- key: value" in a list


def read(text: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """``text`` (lines as :func:`dump` writes them) as the YAML safe loader
    reads it, with each key's line (0-based); None for text in any other
    shape, which only PyYAML may read."""
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    items: list[Any] | None = None  # the list being read
    entry: dict[str, Any] | None = None  # its mapping item being read
    rows = text.split("\n")
    if rows.pop() != "" or not rows:
        return None
    for number, row in enumerate(rows):
        if row.startswith("- ") and items is not None:
            entry = None
            field = _LIST_KEY.fullmatch(row, 2)
            if field is None:
                value = _read_scalar(row[2:])
                if value is None:
                    return None
                items.append(value[0])
                continue
            entry = {}
            items.append(entry)
            row = "  " + row[2:]  # its first key, read as the ones under it are
        if row.startswith("  ") and entry is not None:
            field = _LIST_KEY.fullmatch(row, 2)
            if field is None or field[1] in entry or not _simple_key(field[1]):
                return None
            value = _read_scalar(field[2])
            if value is None:
                return None
            entry[field[1]] = value[0]
            continue
        key, colon, rest = row.partition(":")
        if not colon or key in meta or not _simple_key(key):
            return None
        if items is not None and not items:
            return None  # "key:" with nothing under it is null: PyYAML's to read
        items = entry = None
        lines[key] = number
        if rest == "":
            meta[key] = items = []
        elif rest == " []":
            meta[key] = []
        else:
            value = _read_scalar(rest[1:]) if rest[0] == " " else None
            if value is None:
                return None
            meta[key] = value[0]
    if items is not None and not items:
        return None
    return meta, lines


def _read_scalar(text: str) -> tuple[Any] | None:
    """The scalar as YAML reads it, in a 1-tuple, if :func:`_scalar` writes
    it so; None otherwise."""
    if text[:1] == "'":  # quoted as _scalar quotes it, or not read here
        value = text[1:-1].replace("''", "'")
        return (value,) if len(text) > 1 and _scalar(value) == text else None
    if text == "true" or text == "false":
        return (text == "true",)
    if len(text) <= _MAX and _INT.fullmatch(text):  # (Python refuses to read 4,301 digits)
        return (int(text),)
    return (text,) if _scalar(text) == text else None
