"""HTML tables as MyST tables that keep every cell's content in its cell.

A table of one line of text per cell is a Markdown (pipe) table, as
readable in the post's file as on the page.  Anything more (paragraphs,
line breaks, lists, ``<div>``s, images in a cell; cells spanning rows or
columns) is a ``list-table`` directive, whose cells hold blocks: a cell's
content stays in its cell, in order.  A span is kept as its content in
the first cell it covers and empty cells for the rest, so the words read
in the order the table shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from lxml import etree

from bindery.markup.myst import directive, list_item
from bindery.markup.parsing import BLOCK_TAGS, BREAK, PARA

if TYPE_CHECKING:
    from bindery.markup.htmlconv import HtmlConverter

MAX_SPAN = 64  # columns or rows one cell may cover (a typo of 1000 would blow up the grid)
Cell: TypeAlias = "etree._Element | None"  # None: a place another cell's span covers


def _table_of(node: etree._Element) -> etree._Element | None:
    """The table a row, caption or row group belongs to (itself, for a table)."""
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _span(cell: etree._Element, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return max(1, min(int(value), MAX_SPAN)) if value.isascii() and value.isdigit() else 1


def layout(rows: list[etree._Element]) -> list[list[Cell]]:
    """The table's grid as a browser lays it out: each row's cells at their
    columns, ``None`` where a cell above or to the left spans over."""
    grid: list[list[Cell]] = []
    below: dict[int, int] = {}  # column → rows still covered by a cell above
    for row in rows:
        line: list[Cell] = []
        for cell in row:
            if not (isinstance(cell.tag, str) and cell.tag in ("td", "th")):
                continue
            _covered(line, below)
            columns, rows_down = _span(cell, "colspan"), _span(cell, "rowspan")
            for offset in range(columns):
                if rows_down > 1:
                    below[len(line) + offset] = rows_down - 1
            line.append(cell)
            line.extend([None] * (columns - 1))
        for column in sorted(c for c, left in below.items() if left > 0 and c >= len(line)):
            while len(line) < column:
                line.append(None)
            _covered(line, below)
        grid.append(line)
    return grid


def _covered(line: list[Cell], below: dict[int, int]) -> None:
    """The places at the end of ``line`` that cells above still cover."""
    while below.get(len(line), 0) > 0:
        below[len(line)] -= 1
        line.append(None)


def _simple(cell: etree._Element, autop: bool) -> bool:
    """A cell a pipe table can hold: one line of inline text, no span."""
    if _span(cell, "colspan") > 1 or _span(cell, "rowspan") > 1:
        return False
    for node in cell.iter():
        if node is not cell and isinstance(node.tag, str) and node.tag in BLOCK_TAGS:
            return False
    return "\n" not in _lines(cell, autop).strip()


def _lines(element: etree._Element, autop: bool) -> str:
    """The element's text with its line breaks as newlines (a ``<br>``,
    and a newline in a classic post's text); other white space as spaces."""
    parts: list[str] = []

    def text(value: str | None) -> None:
        if value:
            parts.append(value if autop else " ".join(value.split("\n")))

    text(element.text)
    for child in element:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str):
            parts.append(_lines(child, autop))
        text(child.tail)
    return "".join(parts)


def convert(converter: HtmlConverter, element: etree._Element, caption: str = "") -> list[str]:
    """Its rows; text in the table but in no cell (which a browser shows
    above the table) as paragraphs before it, then its caption; a caption
    the table's figure gave it, after it."""
    own = [node for node in element.iter("tr", "caption") if _table_of(node) is element]
    loose = [
        text
        for node in [element, *element.iter("thead", "tbody", "tfoot"), *own]
        if node.tag != "caption" and _table_of(node) is element
        for text in (node.text, *(child.tail for child in node))
        if text and text.strip()
    ]
    before = [block for text in loose for block in converter.paragraphs(converter.text(text))]
    titles = [node for node in own if node.tag == "caption"]
    title = converter.paragraphs(converter.inline_content(titles[0])) if titles else []
    rows = [row for row in own if row.tag == "tr"]
    grid = [line for line in layout(rows) if line]
    after = [caption] if caption else []
    if not grid:
        images, converter.pending = converter.pending, []
        return [*before, *title, *images, *after]
    width = max(len(line) for line in grid)
    cells = [cell for line in grid for cell in line if cell is not None]
    if all(_simple(cell, converter.autop) for cell in cells) and all(None not in line for line in grid):
        texts = [
            [
                " ".join(converter.inline_content(c).replace(PARA, " ").replace(BREAK, " ").split())
                for c in line
            ]
            for line in grid
            if all(c is not None for c in line)
        ]
        texts = [line + [""] * (width - len(line)) for line in texts]
        lines = ["| " + " | ".join(line) + " |" for line in texts]
        lines.insert(1, "|" + "---|" * width)
        images, converter.pending = converter.pending, []
        return [*before, *title, "\n".join(lines), *images, *after]
    return [*before, *_list_table(converter, grid, width, rows, title), *after]


def _list_table(
    converter: HtmlConverter, grid: list[list[Cell]], width: int, rows: list[etree._Element], title: list[str]
) -> list[str]:
    out_rows = []
    for line in grid:
        items = []
        for cell in [*line, *([None] * (width - len(line)))]:
            inner = "\n\n".join(converter.in_directive(cell, 4)) if cell is not None else ""
            items.append(list_item("-", inner) if inner else "-")
        out_rows.append(list_item("*", "\n".join(items)))
    header = _header_rows(rows)
    argument = title[0].replace("\\\n", " ") if len(title) == 1 else ""
    before = [] if argument else title
    options = {"header-rows": str(header) if header else None, "widths": "auto"}
    return [*before, directive("list-table", argument, options, "\n".join(out_rows))]


def _header_rows(rows: list[etree._Element]) -> int:
    """The rows a browser shows as the table's head: those in ``<thead>``,
    or the leading rows of ``<th>`` cells alone."""
    count = 0
    for row in rows:
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        parent = row.getparent()
        in_head = parent is not None and parent.tag == "thead"
        if in_head or (cells and all(c.tag == "th" for c in cells)):
            count += 1
        else:
            break
    return count if count < len(rows) else 0
