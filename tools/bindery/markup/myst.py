"""Write posts as MyST Markdown in which archive text stays text.

The escaping below relies on the MyST configuration in ``conf.py``: no
``dollarmath``, ``colon_fence``, ``attrs_*``, ``linkify``, ``substitution``
or ``deflist`` extensions, and Sphinx's ``smartquotes`` off. The fidelity
tests build hostile text with that configuration to keep it so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from bindery.model import BulletList, Post, Quote

# Characters that are markup anywhere on a line.  CommonMark lets a
# backslash escape any ASCII punctuation, so a backslash is always safe.
_INLINE = re.compile(r"[\\`*_\[\]<>|~#]|&(?=#?[0-9A-Za-z]+;)")
# What is markup only at the start of a line: headings, lists, quotes,
# setext underlines, MyST comments (%), targets ``(label)=``, block breaks
# (+++), fences (:::, ~~~), attributes ({...}), ordered list numbers.
_LINE_START = re.compile(r"[-+=%(:{!]|\d{1,9}(?=[.)])")
# a role the converter wrote (``{del}`…```); text's backticks are always escaped
_ROLE_START = re.compile(r"\{[A-Za-z][\w:+-]*\}`")
FIGURE_DIRECTIVE = "archive-figure"
_BACKTICKS = re.compile(r"`+")
_JSON_ESCAPED = re.compile(r'["\\\x00-\x1f]')  # what json.dumps(ensure_ascii=False) escapes


# Markdown strips a block's leading and trailing white space, no-break
# spaces included; written as character references they survive.
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


def escape_line(line: str) -> str:
    """One line of archive text as MyST that renders as that text."""
    return guard_line(_INLINE.sub(lambda m: "\\" + m.group(), line.strip(" \t")))


def guard_line(line: str) -> str:
    """A line whose inline markup is already escaped (or intended): escape
    what would be markup at its start, keep its edge spaces."""
    start = _LINE_START.match(line)
    if start and not (line[0] == "{" and _ROLE_START.match(line)):
        token = start.group()
        if token[0].isdigit():
            # ``1.`` or ``1)``: escape the delimiter after the number.
            line = token + "\\" + line[len(token) :]
        else:
            line = "\\" + line
    if line[:1].isspace() or line[-1:].isspace():
        line = _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), line)
    return line


def escape_inline(text: str) -> str:
    """Text inside a line: its markup characters escaped, nothing else."""
    return _INLINE.sub(lambda m: "\\" + m.group(), text)


def escape_text(text: str) -> str:
    return "\n".join(escape_line(line) for line in text.split("\n"))


def render_body(post: Post) -> str:
    """The post under its front matter: title, captions, text."""
    parts = [f"# {escape_line(post.title)}"]
    for caption in post.captions:
        parts.append(f"```{{{FIGURE_DIRECTIVE}}}\n{escape_text(caption)}\n```")
    for block in post.blocks:
        if isinstance(block, BulletList):
            parts.append("\n".join(f"- {escape_line(item)}" for item in block.items))
        elif isinstance(block, Quote):
            parts.append("\n".join(f"> {line}" for line in escape_text(block.text).split("\n")))
        else:
            parts.append(escape_text(block.text))
    return "\n\n".join(parts) + "\n"


def fence_for(content: str) -> str:
    """Backticks enough to fence ``content`` (longer than any run in it)."""
    if "`" not in content:
        return "```"
    longest = max(map(len, _BACKTICKS.findall(content)), default=0)
    return "`" * max(3, longest + 1)


def option(value: str) -> str:
    """A directive option value that MyST reads back exactly (a quoted string)."""
    value = " ".join(value.split())
    if _JSON_ESCAPED.search(value) is None:  # nothing json.dumps would escape (most values)
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


def directive(name: str, argument: str, options: Mapping[str, str | None], content: str) -> str:
    """A fenced MyST directive; options with no value are left out."""
    lines = [f":{key}: {option(value)}" for key, value in options.items() if value]
    head = "\n".join(lines)
    inner = head + ("\n\n" if head and content else "") + content
    fence = fence_for(inner)
    return f"{fence}{{{name}}}{(' ' + argument) if argument else ''}\n{inner}\n{fence}"


def quoted(inner: str) -> str:
    """Blocks as a Markdown block quote."""
    return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))


def list_item(marker: str, inner: str) -> str:
    """Blocks as one Markdown list item (its lines after the first indented)."""
    pad = " " * (len(marker) + 1)
    lines = inner.split("\n")
    rest = (pad + line if line else "" for line in lines[1:])
    return "\n".join([f"{marker} {lines[0]}", *rest])
