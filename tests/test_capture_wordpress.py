"""A real WordPress, loaded from each sample export and saved with the
harness's ``mirror`` (a wget mirror and a WARC of the same crawl): the
mirror folder and the WARC each import as the same published posts,
titles, dates, categories, tags, approved comments and words as the
export itself, and nothing that was not public.

What a blog's pages cannot show is compared as the page shows it, by
rules that hold for any WordPress, not for these samples:
- WordPress renders a title's HTML (``<em>``) and typography (“quotes”,
  en dashes, ellipses); words are compared with typography undone, and
  a title with its tags as the page shows them;
- shortcodes (``[gallery]``) and dynamic blocks (latest posts, archives)
  are rendered when the page is served: the page holds every word of the
  export in order, and may hold more (the gallery's captions, the list);
- a theme nests replies only to its thread depth (five), deeper ones
  under the deepest shown: a reply's parent is its export parent or one
  of that one's ancestors; a theme shows no date for a pingback;
- dates: the same wall-clock time; the offset is the blog's time zone,
  which an export's GMT dates do not always agree with; a theme shows a
  page of the blog (About) with no date or author.
"""

from __future__ import annotations

import difflib
import html
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from bindery.importer.run import import_dumps

from .conftest import sphinx_build
from .wordpress import HARNESS, SAMPLES, unavailable, wordpress

TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "″": '"', "′": "'", "–": "-", "—": "-",
                            "…": "...", "×": "x", "\u00a0": " "})  # fmt: skip
# WordPress's own shortcodes, which it renders when it serves a page
SHORTCODE = re.compile(r"\[/?(?:gallery|caption|wp_caption|audio|video|playlist|embed)(?:\s[^\]]*)?\]")
DIRECTIVE_LINE = re.compile(r"^(?:`{3,}.*|:[a-z]+: .*)$", re.MULTILINE)
COMMENT = re.compile(r"\{archive-(comment|linkback)\}[^\n]*\n((?::[a-z]+: .*\n)*)")
SAMPLE_NAMES = ["theme-unit-test-data.xml", "wordpress-export.xml"]


@dataclass(frozen=True)
class Saved:
    export: Path
    mirror: Path
    warc: Path
    books: dict[str, Path]  # "export", "mirror", "warc" → a folder imported from it


@pytest.fixture(scope="module", params=SAMPLE_NAMES)
def saved(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Saved]:
    export = SAMPLES / request.param
    folder = tmp_path_factory.mktemp(export.stem)
    mirror, warc = folder / "site", folder / "site.warc.gz"
    with wordpress(export) as site:
        result = subprocess.run(
            [str(HARNESS / "mirror"), site.url, str(mirror), "--warc", str(warc)],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            unavailable(f"mirror failed: {result.stderr.strip()[-300:]}")
    books = {}
    for name, source in (("export", export), ("mirror", mirror), ("warc", warc)):
        root = folder / name
        root.mkdir()
        import_dumps([source], root)
        books[name] = root
    yield Saved(export, mirror, warc, books)


def _posts(root: Path) -> dict[tuple[str, int], tuple[dict[str, object], str]]:
    """The posts and the blog's pages, by kind and WordPress id."""
    out = {}
    for folder in ("posts", "pages"):
        for path in sorted(p for p in (root / folder).glob("*.md") if p.name != "index.md"):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            meta = yaml.safe_load(front)
            out[folder, int(meta["wp_id"])] = (meta, body)
    return out


def _typography(text: str) -> str:
    return re.sub(r"-+", "-", text.translate(TYPOGRAPHY))


def _title(title: str) -> str:
    """A title as the page shows it: its tags rendered, its typography undone."""
    return " ".join(_typography(html.unescape(re.sub(r"<[^>]*>", "", title))).split())


def _words(body: str, shortcodes: bool = False) -> list[str]:
    """The words of a post's text: no title heading, no comments, no markup lines."""
    cut = min(
        [i for i in (body.find("{archive-comment}"), body.find("{archive-linkback}")) if i >= 0]
        or [len(body)]
    )
    heading, _, rest = body[:cut].lstrip("\n").partition("\n")
    text = DIRECTIVE_LINE.sub(" ", rest if heading.startswith("# ") else body[:cut])
    text = re.sub(
        r"\[([^\]]*)\]\(<[^>]*>\)", r"\1", text
    )  # a link: its text (the blog served the page from another host)
    text = re.sub(r"\\(.)", r"\1", text)
    if shortcodes:
        text = SHORTCODE.sub(" ", text)
    return _typography(text).split()


def _comments(body: str) -> dict[str, dict[str, str]]:
    out = {}
    for match in COMMENT.finditer(body):
        options = {k: v.strip('"') for k, v in re.findall(r":([a-z]+): (.*)", match[2])}
        out[options["id"]] = {**options, "kind": match[1]}
    return out


@pytest.mark.parametrize("kind", ["mirror", "warc"])
def test_a_capture_imports_as_the_exports_posts(saved: Saved, kind: str) -> None:
    export, capture = _posts(saved.books["export"]), _posts(saved.books[kind])
    assert sorted(capture) == sorted(export)
    assert any(folder == "posts" for folder, _ in export)
    for (folder, wp_id), (meta, body) in export.items():
        got, got_body = capture[folder, wp_id]
        where = (kind, folder, wp_id, meta["title"])
        assert _title(str(got["title"])) == _title(str(meta["title"])), (*where, got["title"])
        if folder == "posts":  # a theme shows a page of the blog with no date
            assert str(got.get("date"))[:19] == str(meta.get("date"))[:19], where
        assert set(got.get("categories") or ()) == set(meta.get("categories") or ()), where
        tags = {
            str(t).casefold() for t in meta.get("tags") or ()
        }  # a term's name in its own list may differ in case
        assert {str(t).casefold() for t in got.get("tags") or ()} == tags, where
        if meta.get("author") and folder == "posts":  # (nor an author)
            assert got.get("author") == meta["author"], where
        # every word of the export, in order; the page may add what WordPress rendered
        words, got_words = _words(body, shortcodes=True), _words(got_body)
        lost = [
            " ".join(words[i1:i2])
            for op, i1, i2, _, _ in difflib.SequenceMatcher(
                None, words, got_words, autojunk=False
            ).get_opcodes()
            if op in ("delete", "replace")
        ]
        assert not lost, (*where, lost[:5])
        _same_comments(_comments(body), _comments(got_body), where)


def _same_comments(export: dict[str, dict[str, str]], got: dict[str, dict[str, str]], where: object) -> None:
    assert sorted(got) == sorted(export), where
    for ident, comment in export.items():
        mine = got[ident]
        assert (mine["kind"], mine["author"]) == (comment["kind"], comment["author"]), (where, ident)
        if mine.get("date"):
            assert mine["date"][:19] == comment["date"][:19], (where, ident)
        else:
            assert comment["kind"] == "linkback", (where, ident)  # only a pingback's date goes unshown
        ancestors, parent = [], comment.get("parent")
        while parent:
            ancestors.append(parent)
            parent = export[parent].get("parent")
        assert (
            mine.get("parent") == (ancestors[0] if ancestors else None) or mine.get("parent") in ancestors
        ), (
            where,
            ident,
        )


def test_nothing_that_was_not_public_enters_from_a_capture(saved: Saved) -> None:
    tree = etree.parse(str(saved.export))
    public = "\n".join(
        f"{item.findtext('title')}\n{item.findtext('{*}encoded')}"
        for item in tree.iter("item")
        if item.findtext("{*}status") == "publish" and not item.findtext("{*}post_password")
    )
    secrets = set()
    for node in tree.iter("{*}comment_author_email", "{*}comment_author_IP", "{*}author_email"):
        if node.text and node.text.strip():
            secrets.add(node.text.strip())
    for comment in tree.iter("{*}comment"):
        approved = comment.findtext("{*}comment_approved")
        content = (comment.findtext("{*}comment_content") or "").strip()
        if approved != "1" and len(content) > 12:
            secrets.add(content[:40])
    for item in tree.iter("item"):
        if item.findtext("{*}status") != "publish" and item.findtext("{*}post_type") == "post":
            title = (item.findtext("title") or "").strip()
            if title:
                secrets.add(f"title: {title}")
    secrets = {
        s for s in secrets if s.removeprefix("title: ") not in public
    }  # (an author's address in a post)
    for kind in ("mirror", "warc"):
        text = "\n".join(p.read_text(encoding="utf-8") for p in saved.books[kind].rglob("*.md"))
        # any e-mail address in the book is one the blog's own published text holds
        for address in set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)):
            assert address in public, (kind, address)
        for secret in secrets:
            needle = secret.removeprefix("title: ")
            if secret.startswith("title: "):
                assert f"title: {needle}\n" not in text and f"title: '{needle}'" not in text, (kind, secret)
            else:
                assert needle not in text, (kind, secret)


def test_a_book_from_a_warc_says_where_each_post_was_saved(saved: Saved, tmp_path: Path) -> None:
    root = saved.books["warc"]
    for name in ("conf.py", "index.md"):
        (root / name).write_bytes((Path(__file__).resolve().parents[1] / name).read_bytes())
    result = sphinx_build(root, tmp_path / "html")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    for (folder, _), (meta, _) in sorted(_posts(root).items()):
        (source,) = meta["sources"]
        page = (tmp_path / "html" / folder / f"{meta['slug']}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(page, "html.parser")
        (line,) = soup.select(".post-saved-from")
        link, when = line.select_one("a.post-capture"), line.select_one("time")
        assert link is not None and when is not None
        assert link["href"] == source["url"]  # the address it was saved from, not the post's page here
        assert when["datetime"] == source["captured"]
        assert line.get_text(" ", strip=True) == f"Saved from {source['url']} on {when.get_text()} ."
        if folder == "posts":
            chicago = soup.select(".cite-panel .citation-text")[0].get_text()
            assert f"Saved from {source['url']} on {when.get_text()}." in chicago
