"""What the PDF edition needs installed, and what TeX's failures mean.

Checked before anything is built, so that a missing program, font or
TeX package is one line naming the Debian package to install, not a
LaTeX log; and a LaTeX error that still happens is read back from the
log (``-file-line-error``) as one line.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from bindery.errors import BinderyError
from bindery.sphinxext.editions.latex import FONTS

PROGRAMS = {"xelatex": "texlive-xetex", "latexmk": "latexmk", "makeindex": "texlive-binaries"}
# the TeX packages the PDF's LaTeX loads (Sphinx's and the edition's own), by the Debian package that has them
TEX_FILES = {
    "fontspec.sty": "texlive-latex-recommended",
    "polyglossia.sty": "texlive-latex-recommended",
    "xeCJK.sty": "texlive-lang-chinese",
    "enumitem.sty": "texlive-latex-extra",
    "xurl.sty": "texlive-latex-extra",
    "titlesec.sty": "texlive-latex-extra",
    "tabulary.sty": "texlive-latex-extra",
    "varwidth.sty": "texlive-latex-extra",
    "wrapfig.sty": "texlive-latex-extra",
    "capt-of.sty": "texlive-latex-extra",
    "needspace.sty": "texlive-latex-extra",
    "upquote.sty": "texlive-latex-extra",
    "framed.sty": "texlive-latex-extra",
    "fancyvrb.sty": "texlive-latex-recommended",
    "float.sty": "texlive-latex-recommended",
    "cmap.sty": "texlive-latex-recommended",
}
_MISSING_FILE = re.compile(r"File `([^']+)' not found")
_MISSING_FONT = re.compile(r'The font "([^"]+)" cannot be found')
_ERROR = re.compile(r"^(?:\./)?([^\s:]+\.tex):(\d+): (.+)$", re.MULTILINE)
_MISSING_CHAR = re.compile(r"Missing character: There is no (.) \(U\+([0-9A-F]+)\) in font ([^/!]+)")


def install_line(packages: list[str], what: str) -> str:
    names = " ".join(dict.fromkeys(packages))
    return (
        f"{what}: install the Debian package{'s' if ' ' in names else ''} {names} (apt-get install {names})"
    )


def check_pdf_tools() -> None:
    """Raise BinderyError naming what to install, if anything is missing."""
    missing = [(name, package) for name, package in PROGRAMS.items() if shutil.which(name) is None]
    if missing:
        names = ", ".join(name for name, _ in missing)
        raise BinderyError(install_line([p for _, p in missing], f"PDF edition: {names} not found"))
    found = subprocess.run(["kpsewhich", *TEX_FILES], capture_output=True, text=True).stdout.split()
    files = [name for name in TEX_FILES if not any(path.endswith(f"/{name}") for path in found)]
    if files:
        raise BinderyError(
            install_line(
                [TEX_FILES[f] for f in files], f"PDF edition: TeX package {', '.join(files)} not found"
            )
        )
    fonts = [family for family in FONTS if not _has_font(family)]
    if fonts:
        raise BinderyError(
            install_line([FONTS[f] for f in fonts], f"PDF edition: font {', '.join(fonts)} not found")
        )


def _has_font(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return True  # no fontconfig to ask: xelatex will say, read back by latex_failure
    listed = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True)
    return bool(listed.stdout.strip())


def latex_failure(log: str, volume: str) -> str:
    """One line for a failed LaTeX run, from its output."""
    found = _MISSING_FILE.search(log)
    if found:
        name = found.group(1)
        package = TEX_FILES.get(name)
        if package:
            return install_line([package], f"PDF edition {volume}: TeX file {name} not found")
        return f"PDF edition {volume}: TeX file {name} not found: install the Debian package that has it"
    found = _MISSING_FONT.search(log)
    if found:
        family = found.group(1)
        package = FONTS.get(family, "that has the font")
        return install_line([package], f"PDF edition {volume}: font {family} not found")
    error = _ERROR.search(log)
    if error:
        return f"PDF edition {volume}: {error.group(1)}:{error.group(2)}: {error.group(3).strip()}"
    lines = [line for line in log.splitlines() if line.startswith("!")]
    return f"PDF edition {volume}: LaTeX failed: {lines[0].lstrip('! ') if lines else 'see its log'}"


def missing_characters(log: str) -> list[str]:
    """Characters no font had a glyph for (``U+1F600 😀 in FreeSerif``), once each."""
    seen: dict[str, str] = {}
    for char, code, font in _MISSING_CHAR.findall(log):
        seen.setdefault(code, f"U+{code} {char} in {font.strip()}")
    return list(seen.values())
