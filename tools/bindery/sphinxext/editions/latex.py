"""The PDF edition's LaTeX: xelatex, its fonts, its title page, and the
text TeX cannot set as it comes.

Fonts (all from Debian, all embedded by xelatex): FreeSerif, Sans and
Mono for Latin, Greek, Cyrillic and Hebrew (Sphinx's own choice for
xelatex); Noto Serif and Sans CJK for Chinese, Japanese and Korean,
switched to by xeCJK character by character (with the spaces between
CJK words kept: Korean is written with them); Symbola for emoji and
symbols FreeSerif lacks.  Right-to-left runs (Hebrew, Arabic…) are set
right to left with e-TeX's TeXXeT, Arabic shaped.

A word longer than a line (a 10,000-character string, say) may break
anywhere, and so may an address (xurl), so no text runs off the page,
where a reader (and pdftotext) would lose it.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.util.texescape import escape as tex_escape
from sphinx.writers.latex import LaTeXTranslator

FONTS = {  # family → the Debian package that installs it
    "FreeSerif": "fonts-freefont-otf",
    "FreeSans": "fonts-freefont-otf",
    "FreeMono": "fonts-freefont-otf",
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Sans Mono CJK SC": "fonts-noto-cjk",
    "Symbola": "fonts-symbola",
}
PREAMBLE = r"""
\usepackage{xeCJK}
\xeCJKsetup{CJKspace=true}
% quotes, dashes and dots are set in the text's own font, not as CJK full-width punctuation
\xeCJKDeclareCharClass{Default}{"2013,"2014,"2018,"2019,"201C,"201D,"2026,"00B7}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\newfontfamily\binderyrtl{FreeSerif}[Script=Arabic]
\newfontfamily\binderysymbols{Symbola}
\TeXXeTstate=1
% comments, in a smaller face, a reply set in under what it answers
\newenvironment{sphinxclassarchive-comments}{\par\small}{\par}
\newenvironment{sphinxclassarchive-linkbacks}{\par\small}{\par}
\newcommand\binderyreplyindent{\par\ifdim\leftskip<6em\advance\leftskip by 1em\fi\medskip}
\newenvironment{sphinxclassarchive-comment}{\binderyreplyindent}{\par}
\newenvironment{sphinxclassarchive-linkback}{\binderyreplyindent}{\par}
% lists and quotes nested deeper than LaTeX's six levels
\usepackage{enumitem}
\setlistdepth{99}
\renewlist{itemize}{itemize}{99}
\setlist[itemize]{label=\textbullet}
\renewlist{enumerate}{enumerate}{99}
\setlist[enumerate]{label=\arabic*.}
\newenvironment{sphinxclasspost-colophon}{\par\small}{\par}
\newenvironment{sphinxclasspost-address}{\par\small\raggedright}{\par}
\setlength{\emergencystretch}{3em}
% no page ends in a hyphenated word (the reader would turn the page mid-word)
\brokenpenalty=10000
% an address may break after any character: none runs off the page
\usepackage{xurl}
% struck-out and underlined words (a post's <del>, <ins>, <u>), a word at
% a time, so that lines still break between them (no package needed)
\newcommand\binderystrike[1]{\setbox0\hbox{#1}\rlap{\rule[0.55ex]{\wd0}{0.4pt}}\box0\relax}
\newcommand\binderyunderline[1]{\setbox0\hbox{#1}\rlap{\rule[-0.35ex]{\wd0}{0.4pt}}\box0\relax}
"""
# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan…, and their presentation forms
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
# Symbols and emoji (with the joiners and variation selectors that bind them)
_SYMBOLS = "\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u2bff\U0001f000-\U0001faff"
_RUNS = re.compile(
    rf"(?P<rtl>[{_RTL}](?:[{_RTL}\s]*[{_RTL}])?)"
    rf"|(?P<symbols>[{_SYMBOLS}](?:[{_SYMBOLS}\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*))"
    r"|(?P<long>[^\s]{40,})"
)
# The page: A5, 2 cm above and below the text (the running head and the
# page number are in those margins).
PAGE_POINTS = (419.53, 595.28)
MARGIN_POINTS = 56.69
BREAK_EVERY = 20  # a long word may break after every so many characters
# How a post's marked text (posts/markup.py: del, ins, u, small) is set:
# a line through each word, a line under it, or a smaller face.
MARKS = {"del": r"\binderystrike", "ins": r"\binderyunderline", "u": r"\binderyunderline"}
# a CJK character is a word of its own: lines break between them
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_MARKED_WORDS = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+|\s+")


def visit_marked(translator: Any, node: Any) -> None:
    """A post's struck-out, inserted, underlined or small text (see ``MARKS``;
    the edition's translator marks the words)."""
    if isinstance(translator, EditionLaTeXTranslator):
        translator.marks.append(node["tag"])
    if node["tag"] == "small":
        translator.body.append(r"{\small ")


def depart_marked(translator: Any, node: Any) -> None:
    if isinstance(translator, EditionLaTeXTranslator):
        translator.marks.pop()
    if node["tag"] == "small":
        translator.body.append("}")


class EditionLaTeXTranslator(LaTeXTranslator):
    """Sphinx's LaTeX writer, with text set as said above."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks: list[str] = []  # the marked elements the text is in, innermost last

    def visit_Text(self, node: Any) -> None:
        text = node.astext()
        mark = next((MARKS[tag] for tag in reversed(self.marks) if tag in MARKS), None)
        self.body.append(self._set(text) if mark is None else self._marked(text, mark))

    def _set(self, text: str) -> str:
        """``text`` as TeX, each run of it in the font and direction it needs."""
        if not _RUNS.search(text):
            return self.encode(text)
        out: list[str] = []
        at = 0
        for match in _RUNS.finditer(text):
            out.append(self.encode(text[at : match.start()]))
            run = match.group()
            if match.lastgroup == "rtl":
                out.append(r"{\binderyrtl\beginR " + self.encode(run) + r"\endR}")
            elif match.lastgroup == "symbols":
                out.append(r"{\binderysymbols " + self.encode(run) + "}")
            else:
                pieces = [self.encode(run[i : i + BREAK_EVERY]) for i in range(0, len(run), BREAK_EVERY)]
                out.append(r"\allowbreak{}".join(pieces))
            at = match.end()
        out.append(self.encode(text[at:]))
        return "".join(out)

    def _marked(self, text: str, mark: str) -> str:
        """Each word in a box of its own under the mark (a long one in
        pieces that may break apart); the spaces between stay spaces."""
        out = []
        for word in _MARKED_WORDS.findall(text):
            if word.isspace():
                out.append(self.encode(word))
                continue
            pieces = [word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY)]
            out.append(r"\allowbreak{}".join(f"{mark}{{{self._set(piece)}}}" for piece in pieces))
        return "".join(out)


def _tex(text: str) -> str:
    return tex_escape(text, "xelatex")


def title_page(blog: str, title: str, description: str, address: str) -> str:
    """The volume's title page: the blog, the volume, what it holds, the
    archive's address, the date of the edition."""
    url = (
        rf"\par\vspace{{1em}}{{\small The archive's address: \sphinxurl{{{address}}}\par}}" if address else ""
    )
    return (
        r"\begin{titlepage}\centering\vspace*{3em}"
        rf"{{\Huge\bfseries {_tex(blog)}\par}}\vspace{{1.5em}}"
        rf"{{\LARGE {_tex(title)}\par}}\vspace{{2.5em}}"
        rf"{{\large {_tex(description)}\par}}{url}\vfill"
        r"{\small Edition of \today\par}"
        r"\end{titlepage}"
    )


def latex_elements(blog: str, title: str, description: str, address: str) -> dict[str, str]:
    return {
        "papersize": "a5paper",  # PAGE_POINTS
        "pointsize": "10pt",
        "extraclassoptions": "openany,oneside",
        "fncychap": "",
        "figure_align": "H",
        "preamble": PREAMBLE,
        "maketitle": title_page(blog, title, description, address),
        "releasename": "",
        "sphinxsetup": "hmargin={1.6cm,1.6cm}, vmargin={2cm,2cm}",  # MARGIN_POINTS
    }
