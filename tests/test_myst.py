"""Golden files for the MyST writer: a diff in review shows what changed.

Set BINDERY_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
change, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bindery.importer.run import import_dumps
from bindery.markup.myst import escape_line

from .conftest import DUMPS, ROOT, SEED

GOLDEN = Path(__file__).parent / "golden"


def imported_tree(root: Path) -> str:
    """Every file the importer wrote, in one text, each under its path."""
    parts = []
    for path in sorted(root.rglob("*.md")) + sorted(root.glob("*.txt")):
        parts.append(f"==> {path.relative_to(root).as_posix()} <==\n{path.read_text(encoding='utf-8')}")
    return "\n".join(parts)


def check_golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("BINDERY_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_hazards_golden(tmp_path):
    dump = tmp_path / "raw" / "hazards.txt"
    dump.parent.mkdir()
    dump.write_bytes((DUMPS / "hazards.txt").read_bytes())
    import_dumps([dump], tmp_path)
    check_golden("hazards.md", imported_tree(tmp_path))


def test_committed_seed_pages_are_what_the_importer_writes(tmp_path):
    """posts/ in the repository is the seed's import, unedited (the listings
    are the build's, and not committed)."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "technology.txt").write_bytes(SEED.read_bytes())
    import_dumps([tmp_path / "raw" / "technology.txt"], tmp_path)
    for folder in ("posts",):
        written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / folder).glob("*.md")}
        committed = {
            p.name: p.read_text(encoding="utf-8")
            for p in (ROOT / folder).glob("*.md")
            if p.name != "index.md"
        }
        assert written == committed


@pytest.mark.parametrize(
    ("text", "myst"),
    [
        ("*a* _b_ `c`", r"\*a\* \_b\_ \`c\`"),
        ("# h", r"\# h"),
        ("1. x", r"1\. x"),
        ("12) x", r"12\) x"),
        ("x 1. y", "x 1. y"),
        ("% c", r"\% c"),
        ("(a)=", r"\(a)="),
        ("&copy; & x", r"\&copy; & x"),
        ("<b>", r"\<b\>"),
        ("a\\", "a\\\\"),
        ("    indented", "indented"),
        ("\u00a0x\u00a0", "&#160;x&#160;"),
        ("trailing  ", "trailing"),
        ("$x$ {r}", "$x$ {r}"),
    ],
)
def test_escape_line(text, myst):
    assert escape_line(text) == myst
