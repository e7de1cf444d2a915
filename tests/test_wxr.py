"""WordPress exports (WXR): what is published, what never is, and bad files."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from bindery.archive.store import load_posts
from bindery.errors import DumpError
from bindery.importer.run import import_dumps
from bindery.markup.context import Attachment, Noted, PostContext
from bindery.markup.shortcodes import Shortcodes
from bindery.sources.wxr import NO_TITLE, wp_date

from .conftest import BOOK_FILES, ROOT, Book, copy_repository_book, make, read_source, sphinx_build

SAMPLES = Path(__file__).parent / "samples"
THEME = SAMPLES / "theme-unit-test-data.xml"
TRUTH = json.loads((SAMPLES / "theme-unit-test-data.truth.json").read_text(encoding="utf-8"))
BINDERY = Path(sys.executable).parent / "bindery"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BINDERY), *args], cwd=root, capture_output=True, text=True)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the archive (the lock file is none of it)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".bindery.lock"
    }


def wxr(items: str, version: str = "1.2", head: str = "") -> str:
    """A small export around ``items``, as WordPress writes one."""
    ns = f"http://wordpress.org/export/{version}/"
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f'<rss version="2.0" xmlns:excerpt="{ns}excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">\n'
        "<channel>\n<title>Blog</title>\n<link>https://blog.example</link>\n"
        f"<wp:wxr_version>{version}</wp:wxr_version>\n"
        "<wp:base_blog_url>https://blog.example</wp:base_blog_url>\n"
        "<wp:author><wp:author_login><![CDATA[jdoe]]></wp:author_login>"
        "<wp:author_email><![CDATA[jdoe@secret.example]]></wp:author_email>"
        "<wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>\n"
        f"{head}{items}</channel>\n</rss>\n"
    )


def item(
    post_id: int,
    title: str,
    content: str,
    *,
    name: str = "",
    status: str = "publish",
    kind: str = "post",
    terms: str = '<category domain="category" nicename="tech"><![CDATA[Technology]]></category>',
    comments: str = "",
    extra: str = "",
    link: str | None = None,
) -> str:
    link = f"https://blog.example/{name or post_id}/" if link is None else link
    return (
        f"<item>\n<title>{title}</title>\n"
        f"<link>{link}</link>\n"
        "<dc:creator><![CDATA[jdoe]]></dc:creator>\n"
        f'<guid isPermaLink="false">https://blog.example/?p={post_id}</guid>\n'
        f"<content:encoded><![CDATA[{content}]]></content:encoded>\n"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
        f"<wp:post_id>{post_id}</wp:post_id>\n"
        "<wp:post_date>2010-01-08 12:20:00</wp:post_date>\n"
        "<wp:post_date_gmt>2010-01-08 04:20:00</wp:post_date_gmt>\n"
        "<wp:post_modified>2011-02-03 10:00:00</wp:post_modified>\n"
        "<wp:post_modified_gmt>2011-02-03 02:00:00</wp:post_modified_gmt>\n"
        f"<wp:post_name><![CDATA[{name}]]></wp:post_name>\n"
        f"<wp:status>{status}</wp:status>\n<wp:post_type>{kind}</wp:post_type>\n"
        f"<wp:post_password></wp:post_password>\n{extra}{terms}\n{comments}</item>\n"
    )


def comment(
    cid: int,
    text: str,
    *,
    parent: int = 0,
    approved: str = "1",
    kind: str = "",
    author: str = "Ann",
    url: str = "https://ann.example/",
) -> str:
    return (
        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
        f"<wp:comment_author_email><![CDATA[commenter{cid}@private.example]]></wp:comment_author_email>"
        f"<wp:comment_author_url>{url}</wp:comment_author_url>"
        f"<wp:comment_author_IP><![CDATA[203.0.113.{cid}]]></wp:comment_author_IP>"
        f"<wp:comment_agent><![CDATA[Mozilla/5.0 (X11; secret agent {cid})]]></wp:comment_agent>"
        "<wp:comment_date>2010-01-09 08:00:00</wp:comment_date>"
        "<wp:comment_date_gmt>2010-01-09 00:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
        "</wp:comment>"
    )


def new_book(dest: Path, files: dict[str, str | bytes | Path]) -> Path:
    (dest / "raw").mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, dest / name)
    for name, data in files.items():
        target = dest / "raw" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copy(data, target)
        elif isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return dest


def built(dest: Path, files: dict[str, str | bytes | Path]) -> Book:
    src = new_book(dest / "src", files)
    import_dumps(sorted(p for p in (src / "raw").iterdir() if p.is_file()), src)
    result = sphinx_build(src, dest / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, dest / "html")


@pytest.fixture(scope="session")
def samples_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """Both sample exports, imported and built under -W."""
    return built(
        tmp_path_factory.mktemp("wxr"),
        {"theme-unit-test-data.xml": THEME, "wordpress-export.xml": SAMPLES / "wordpress-export.xml"},
    )


LINKS = wxr(
    item(
        1,
        "First",
        'See <a href="https://blog.example/second/">the second</a> and <a '
        'href="https://blog.example/?p=2">again</a>, <a href="https://blog.example/2009/12/31/second/#top">'
        'by its slug</a>, <a href="https://blog.example/tag/second/">its tag</a>.'
        '\n\n<img src="https://blog.example/wp-content/uploads/2010/01/here.png" alt="kept copy">'
        '\n\n[caption id="a" width="300"]<img src="https://blog.example/wp-content/uploads/2010/01/gone.png" '
        'alt="alt of gone"> Caption of gone[/caption]',
        name="first",
        comments=comment(1, "Top <a href='https://spam.example/'>link</a>")
        + comment(2, "A reply", parent=1)
        + comment(3, "Unapproved secret words", approved="0")
        + comment(4, "Spam secret words", approved="spam")
        + comment(5, "[...] linked here [...]", kind="pingback", author="Other Blog"),
    )
    + item(2, "Second", "Second text.", name="second")
    + item(3, "About", "About this blog.", name="about", kind="page", terms="")
    + item(4, "Draft secret title", "Draft words", status="draft")
    + item(5, "Private secret title", "Private words", status="private")
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(scope="session")
def links_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return built(tmp_path_factory.mktemp("links"), {"blog.xml": LINKS, "uploads/2010/01/here.png": PNG})


# -- the samples -------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _in_order(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(word in it for word in needles)


BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption"}
    | {"blockquote", "pre", "table", "tr", "td", "th", "br", "hr", "img", "dl", "dt", "dd", "address"}
)


def _block_text(html: str) -> str:
    """The text of an HTML fragment, block elements apart, inline ones joined."""
    if not html.strip():
        return ""
    root = etree.HTML(f"<div>{html}</div>")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in BLOCKS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return "".join(root.itertext())


# a title the page shows with its markup: its words
SHOWN_TITLES = {"Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>": "Markup: Title With Markup"}


def _source_items() -> dict[str, etree._Element]:
    tree = etree.parse(str(THEME))
    wp = "{https://wordpress.org/export/1.2/}"
    return {i.findtext(f"{wp}post_id"): i for i in tree.iter("item")}


def test_every_published_post_of_the_theme_data_is_a_page(samples_book):
    posts = {p.meta.get("wp_id"): p for p in load_posts(samples_book.src).values()}
    items = _source_items()
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    checked = described = 0
    for truth in TRUTH["posts"]:
        if truth["slug"] == "template-password-protected":
            assert int(truth["post_id"]) not in posts  # not public on the blog: skipped
            continue
        post = posts[int(truth["post_id"])]
        assert post.title == (truth["title"] or NO_TITLE)
        assert post.meta["original_url"] == truth["link"]
        date = post.meta["date"]
        utc = wp_date(truth["post_date_gmt"], truth["post_date_gmt"])
        assert utc is not None
        from bindery.dates import ArchiveDate

        assert ArchiveDate.parse(date).sort_key == ArchiveDate.parse(utc).sort_key
        # two WordPress categories may share a name (nicenames foo-a, foo-a-foo-parent): one name here
        assert sorted(post.categories) == sorted({c["name"] for c in truth["categories"]})
        assert sorted(post.meta.get("tags", [])) == sorted(t["name"] for t in truth["tags"])
        page = samples_book.html(f"posts/{post.slug}.html")
        article = page.select_one("article")
        assert article is not None
        shown = len(article.select(".archive-comment")) + len(article.select(".archive-linkback"))
        assert shown == truth["approved_comments"]
        assert len(article.select(".archive-comment")) == truth["approved_comments_excluding_pings"]
        title = SHOWN_TITLES.get(post.title, post.title)
        assert article.h1.get_text().rstrip("#¶ ") == title
        # the words of the post's HTML (every one, in order: see test_every_page_of_both_samples_reads_…)
        html = items[truth["post_id"]].findtext(content) or ""
        html = re.sub(
            r"\[/?(?:caption|gallery|audio|video|playlist|embed)[^\]]*\]|<!--.*?-->", " ", html, flags=re.S
        )
        words = _words(_block_text(html))
        # no live markup from the source: no scripts, frames or hot-linked images
        assert not article.select("script, iframe, style, object, embed")
        assert all(not img["src"].startswith(("http:", "https:", "//")) for img in article.select("img"))
        # described (for search engines and citations) by its own opening words, not its date line
        description = page.select_one('meta[name="description"]')["content"]
        own = _in_order(_words(description.removesuffix(" …")), words) and bool(description)
        # (a post of images alone, captions aside, is described by its title and the book's)
        assert own or description.startswith(f"{title}: "), (post.slug, description)
        described += own
        checked += 1
    assert checked == TRUTH["count"] - 1
    assert described > checked // 2


def test_every_post_of_the_other_sample_is_a_page(samples_book):
    """wordpress-export.xml: 18 items, all published posts, each a page that builds."""
    posts = [
        p for p in load_posts(samples_book.src).values()
        if any(s["file"] == "raw/wordpress-export.xml" for s in p.meta["sources"])
    ]  # fmt: skip
    assert len(posts) == 18
    for post in posts:
        page = samples_book.html(f"posts/{post.slug}.html")
        assert page.h1.get_text().rstrip("#¶ ") == post.title


def test_a_titles_markup_is_shown_and_its_source_kept_exactly(samples_book):
    """WordPress shows a title's HTML: so does the page (text stays text
    elsewhere, test_htmlconv); the front matter keeps the source's title."""
    page = samples_book.html("posts/markup-title-with-markup.html")
    heading = page.select_one("article h1")
    assert heading.get_text().rstrip("#¶ ") == "Markup: Title With Markup"
    assert (heading.em.get_text(), heading.sup.get_text()) == ("With", "up")
    assert page.title.get_text().startswith("Markup: Title With Markup")
    listed = samples_book.html("posts/index.html").select(".post-list li > p > a:first-child")
    link = next(a for a in listed if a["href"].endswith("markup-title-with-markup.html"))
    assert link.get_text() == "Markup: Title With Markup"  # the listing shows it as the page does
    assert (link.em.get_text(), link.sup.get_text()) == ("With", "up")
    posts = load_posts(samples_book.src)
    assert posts["markup-title-with-markup"].title == "Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>"


def test_markup_in_names_stays_text_and_the_book_builds(tmp_path):
    """An author, category or tag named with what MyST would read as markup
    (a role, a backtick, emphasis, HTML) is shown as written."""
    author, category, tag = "Jane {x}`y` *Doe*", "C`s <b>& {z}`w`", "t`ag_"
    terms = (  # (WordPress stores a term's "&" as "&amp;")
        f'<category domain="category" nicename="c"><![CDATA[{category.replace("&", "&amp;")}]]></category>'
        f'<category domain="post_tag" nicename="t"><![CDATA[{tag}]]></category>'
    )
    export = wxr(item(1, "Named", "Opening words. More.", name="named", terms=terms))
    book = built(tmp_path, {"blog.xml": export.replace("<![CDATA[Jane Doe]]>", f"<![CDATA[{author}]]>")})
    page = book.html("posts/named.html")
    assert page.select_one(".post-date").get_text().removesuffix(" · Cite").endswith(f"by {author}")
    assert [a.get_text() for a in page.select(".post-colophon a.reference.internal")][:2] == [category, tag]
    assert page.select_one('meta[name="description"]')["content"] == "Opening words."
    cards = book.html("index.html").select(".category-card")
    assert [card.select_one(".sd-card-title").get_text().strip() for card in cards] == [category]
    # the file keeps the name as it was imported: only what Sphinx reads of it is escaped
    assert f"author: {author}\n" in (book.src / "posts" / "named.md").read_text(encoding="utf-8")


def test_a_book_without_categories_builds(tmp_path):
    """Another tool's export may give no post a category: no empty grid or list."""
    book = built(tmp_path, {"blog.xml": wxr(item(1, "Alone", "Words.", name="alone", terms=""))})
    assert not book.html("index.html").select(".category-card")
    assert "0 categories" in book.html("categories/index.html").get_text()
    page = book.html("posts/alone.html")
    assert page.select_one("article")
    assert not page.select('meta[name="citation_keywords"]')  # not an empty one


def test_no_email_or_ip_from_an_export_is_published(samples_book):
    secrets: set[bytes] = set()
    for xml in SAMPLES.glob("*.xml"):
        data = xml.read_bytes()
        for field in (b"author_email", b"comment_author_email", b"comment_author_IP", b"comment_agent"):
            secrets.update(re.findall(rb"<wp:" + field + rb">(?:<!\[CDATA\[)?([^<\]]+)", data))
        # what an author published in a post's own text was public (a mailto: link, say)
        public = b"".join(re.findall(rb"<content:encoded><!\[CDATA\[(.*?)\]\]>", data, re.DOTALL))
        secrets = {s for s in secrets if s not in public}
    secrets.discard(b"")
    assert len(secrets) > 5
    _assert_nowhere(secrets, samples_book)


def test_nothing_private_is_published(links_book):
    """The small export holds everything private a blog has: commenters'
    e-mails, IP addresses and browsers, the author's e-mail and login,
    unapproved and spam comments, a draft and a private post."""
    secrets = {b"secret title", b"secret words", b"@private.example", b"secret.example", b"203.0.113."}
    secrets |= {b"secret agent", b"jdoe"}
    assert all(s in LINKS.encode() for s in secrets)
    _assert_nowhere(secrets, links_book)
    assert b"Ann" in (links_book.out / "posts" / "first.html").read_bytes()  # a public name: published


def _assert_nowhere(secrets: set[bytes], book: Book) -> None:
    """Not in any file of the book or its site (``raw/`` aside), the search
    index's compressed files included."""
    scanned = 0
    for root in (book.src, book.out):
        for path in root.rglob("*"):
            if not path.is_file() or "raw" in path.relative_to(root).parts:
                continue
            data = path.read_bytes()
            if data.startswith(b"\x1f\x8b"):  # Pagefind's index and fragments are gzipped
                data = gzip.decompress(data)
            leaked = [s for s in secrets if s in data]
            assert not leaked, (path, leaked)
            scanned += path.suffix in (".pf_fragment", ".pf_index")
    assert scanned  # the search index was among them


def test_unpublished_items_are_skipped_and_counted(tmp_path):
    book = new_book(tmp_path, {"theme.xml": THEME})
    result = run(book, "import", "raw/theme.xml")
    assert result.returncode == 0, result.stderr
    assert (
        "not published (skipped): 37 attachment, 1 draft, 70 nav_menu_item, 1 password-protected, 1 scheduled"
        in result.stdout
    )
    titles = [p.title for p in load_posts(book).values()]
    assert len(titles) == TRUTH["count"] - 1
    assert "Scheduled" not in " ".join(titles)
    assert (book / "pages" / "about.md").exists()
    rerun = run(book, "import", "raw/theme.xml")
    before = snapshot(book)
    rerun = run(book, "import", "raw/theme.xml")
    assert rerun.returncode == 0
    assert snapshot(book) == before  # re-importing changes nothing, byte for byte
    assert "0 added, 0 merged, 55 unchanged" in rerun.stdout


def test_every_kind_of_unpublished_item_is_counted(tmp_path):
    statuses = ("draft", "pending", "private", "future", "trash", "auto-draft", "inherit")
    items = [
        item(n, f"Hidden {status}", "Hidden words.", status=status) for n, status in enumerate(statuses, 1)
    ]
    items += [
        item(20 + n, f"Hidden {kind}", "x", kind=kind) for n, kind in enumerate(("attachment", "wp_block"))
    ]
    items.append(item(30, "Shown", "Shown words.", name="shown"))
    book = new_book(tmp_path, {"a.xml": wxr("".join(items))})
    result = run(book, "import", "raw/a.xml")
    assert result.returncode == 0, result.stderr
    assert (
        "not published (skipped): 1 attachment, 1 auto-draft, 1 draft, 1 inherit, 1 pending, 1 private, "
        "1 scheduled, 1 trash, 1 wp_block" in result.stdout
    ), result.stdout
    assert list(load_posts(book)) == ["shown"]


def test_what_an_import_writes_its_next_import_reads(tmp_path):
    """Names with a line break or a control character, a term's nicename
    that decodes to white space, a post id too long for a number: written
    as the front matter and addresses.txt take them, so the same import,
    run again, succeeds and changes nothing."""
    odd_term = (
        "<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>a%20b</wp:category_nicename>"
        "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Odd]]></wp:cat_name></wp:category>\n"
    )
    export = (
        wxr(
            item(1, "Names", "Text.", name="names", terms='<category domain="category" nicename="a%20b">'
                 "<![CDATA[Tech\x7fnology]]></category>"),
            head=odd_term,
        )
        .replace("<![CDATA[Jane Doe]]>", "<![CDATA[Jane\nDoe]]>")
        .replace("<wp:post_id>1</wp:post_id>", f"<wp:post_id>{'1' * 4301}</wp:post_id>")
    )  # fmt: skip
    book = new_book(tmp_path, {"blog.xml": export})
    first = run(book, "import", "raw/blog.xml")
    assert (first.returncode, first.stderr) == (0, "")
    meta = load_posts(book)["names"].meta
    assert (meta["author"], meta["categories"], "wp_id" in meta) == ("Jane Doe", ["Technology"], False)
    before = snapshot(book)
    again = run(book, "import", "raw/blog.xml")
    assert (again.returncode, again.stderr) == (0, "")
    assert snapshot(book) == before


# -- comments, links, images, pages ----------------------------------------


def test_comments_are_approved_only_nested_and_ugc(links_book):
    page = links_book.html("posts/first.html")
    comments = page.select(".archive-comments .archive-comment")
    assert [c.select_one(".comment-author").get_text() for c in comments] == ["Ann", "Ann"]
    assert [c.select_one(".comment-date").get_text() for c in comments] == ["January 9, 2010"] * 2
    assert [c["id"] for c in comments] == ["comment-1", "comment-2"]
    top = page.select_one(".archive-comments > .archive-comment")
    assert top.select_one(".comment-text").get_text(strip=True) == "Toplink"
    reply = top.find("div", class_="archive-comment")
    assert reply.select_one(".comment-text").get_text(strip=True) == "A reply"
    spam = page.find("a", href="https://spam.example/")
    assert spam["rel"] == ["nofollow", "ugc"]
    linked = page.select(".archive-linkbacks .archive-linkback")
    assert len(linked) == 1 and "Other Blog" in linked[0].get_text()
    assert page.select_one(".post-comments").get_text() == "3 comments on the original blog, shown above."
    text = page.get_text()
    assert "secret words" not in text
    assert "private.example" not in (links_book.src / "posts" / "first.md").read_text(encoding="utf-8")
    assert "203.0.113" not in text


def test_comments_that_answer_each_other_both_stay_on_the_page(tmp_path):
    replies = (
        comment(1, "Words of one", parent=2)
        + comment(2, "Words of two", parent=1)
        + comment(3, "Words of three", parent=3)
        + comment(4, "Words of four", parent=2)
    )
    book = built(tmp_path, {"blog.xml": wxr(item(1, "Loop", "Text.", name="loop", comments=replies))})
    page = book.html("posts/loop.html")
    comments = page.select_one(".archive-comments")
    assert [
        c.select_one(".comment-text").get_text(strip=True) for c in comments.select(".archive-comment")
    ] == [
        "Words of one",
        "Words of two",
        "Words of four",  # under two, which it answers
        "Words of three",
    ]
    # each at WordPress's own anchor, so that an old …/loop/#comment-4 finds it
    assert [c["id"] for c in comments.select(".archive-comment")] == [f"comment-{n}" for n in (1, 2, 4, 3)]
    four = page.select_one("#comment-4")
    assert four.parent.get("id") == "comment-2"  # a reply to an earlier comment still nests


def test_links_to_the_blogs_own_posts_become_internal(links_book):
    page = links_book.html("posts/first.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("article a")}
    assert hrefs["the second"] == "second.html"
    assert hrefs["again"] == "second.html"
    # another address of the same slug (a date in another time zone, an
    # old permalink form), as WordPress answers it; an archive's stays the blog's
    assert hrefs["by its slug"] == "second.html#top"
    assert hrefs["its tag"] == "https://blog.example/tag/second/"


def test_malformed_addresses_are_text_not_a_failure(tmp_path):
    """``http://[…`` cannot be parsed as an address (Python's ``urlsplit``
    refuses it): as a link, an image, a post's or the blog's address or a
    linking site's, it is kept as text or left out, never a traceback."""
    export = (
        wxr(
            item(
                1,
                "Odd addresses",
                'See <a href="http://[::1">this link</a> and <a href="http://">that one</a>.'
                '\n\n<img src="http://[x/y.png" alt="the alt">',
                name="odd",
                comments=comment(1, "[...] linked here [...]", kind="pingback", url="http://[their site]"),
            )
        )
        .replace("<link>https://blog.example/odd/</link>", "<link>http://[odd</link>")
        .replace("<wp:post_id>1</wp:post_id>", "<wp:post_id>²</wp:post_id>")  # a digit int() refuses
        .replace(
            "<wp:base_blog_url>https://blog.example</wp:base_blog_url>",
            "<wp:base_blog_url>http://[</wp:base_blog_url>",
        )
    )
    book = built(tmp_path, {"blog.xml": export})
    meta = load_posts(book.src)["odd"].meta
    assert "original_url" not in meta and "wp_id" not in meta
    page = book.html("posts/odd.html")
    text = page.select_one("article").get_text(" ")
    assert "See this link and that one." in " ".join(text.split())
    assert "the alt" in text and "linked here" in text
    assert not [
        a["href"] for a in page.select("article a[href]") if "[" in a["href"] or a["href"] == "http://"
    ]


def test_a_hand_written_image_with_an_unparseable_address_is_a_placeholder(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    post = src / "posts" / "the-chips-are-down.md"
    image = '\n```{archive-image} http://[z/a.png\n:alt: "alt of z"\n```\n'
    post.write_text(post.read_text("utf-8") + image, "utf-8")
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    page = Book(src, tmp_path / "html").html("posts/the-chips-are-down.html")
    figure = page.select_one("figure.archive-image-missing")
    assert figure is not None and "http://[z/a.png" in figure.get_text() and "alt of z" in figure.get_text()


def test_images_local_copy_or_marked_placeholder(links_book):
    page = links_book.html("posts/first.html")
    kept = page.select_one("figure.archive-image img")
    assert kept is not None and kept["src"].startswith("../_images/") and kept["alt"] == "kept copy"
    assert (links_book.out / "_images" / "here.png").exists()
    missing = page.select_one("figure.archive-image-missing")
    text = missing.get_text(" ")
    assert "Image not preserved" in text and "alt of gone" in text and "Caption of gone" in text
    assert "https://blog.example/wp-content/uploads/2010/01/gone.png" in text
    assert not page.select('img[src^="http"]')


def test_pages_and_unpublished_posts(links_book):
    about = links_book.html("pages/about.html")
    assert "About this blog." in about.get_text()
    listing = links_book.html("posts/index.html").select_one(".post-list").get_text()
    assert "About" not in listing and "secret" not in listing
    for rel, href in (("posts/first.html", "../pages/about.html"), ("index.html", "pages/about.html")):
        pages = links_book.html(rel).select(".bindery-pages a")
        assert [(a.get_text(), a["href"]) for a in pages] == [("About", href)], rel
    assert not list(links_book.src.rglob("*secret*"))
    addresses = (links_book.src / "addresses.txt").read_text(encoding="utf-8").split()
    assert "pages/about.html" in addresses and "posts/first.html" in addresses


def test_front_matter_of_an_exported_post(tmp_path):
    book = new_book(tmp_path, {"blog.xml": LINKS})
    import_dumps([book / "raw" / "blog.xml"], book)
    meta = load_posts(book)["first"].meta
    assert meta["date"] == "2010-01-08T12:20:00+08:00"
    assert meta["updated"] == "2011-02-03T10:00:00+08:00"
    assert meta["author"] == "Jane Doe"
    assert meta["categories"] == ["Technology"]
    assert meta["guid"] == "https://blog.example/?p=1" and meta["wp_id"] == 1
    assert meta["comments"] == 3  # two approved comments and a pingback
    assert meta["sources"] == [{"file": "raw/blog.xml"}]
    assert not (book / "posts" / "sequence.yaml").exists()  # an export's order of items is no blog's order
    assert "jdoe" not in (book / "posts" / "first.md").read_text(encoding="utf-8")


def test_chinese_slugs_terms_and_wxr_1_1(tmp_path):
    export = wxr(
        item(
            7,
            "中文标题 &amp;amp; more",
            "正文。",
            name="%e4%b8%ad%e6%96%87",
            terms='<category domain="category" nicename="%e7%a7%91%e6%8a%80"><![CDATA[科技]]></category>'
            '<category domain="post_tag" nicename="x"><![CDATA[芯片]]></category>',
        ),
        version="1.1",
    )
    book = new_book(tmp_path, {"zh.xml": export})
    import_dumps([book / "raw" / "zh.xml"], book)
    (post,) = load_posts(book).values()
    assert post.slug == "zhong-wen"
    assert post.title == "中文标题 & more"
    assert post.categories == ["科技"] and post.meta["tags"] == ["芯片"]


def test_a_title_with_a_line_break_stays_one_heading(tmp_path):
    book = new_book(tmp_path, {"t.xml": wxr(item(1, "Two\n# lines", "Body.", name="t"))})
    import_dumps([book / "raw" / "t.xml"], book)
    post = load_posts(book)["t"]
    assert post.title == "Two # lines"
    assert post.body.startswith("# Two \\# lines\n\nBody.")


def test_same_slug_twice_keeps_both(tmp_path):
    export = wxr(item(1, "One", "First text.", name="same") + item(2, "Two", "Second text.", name="same"))
    book = new_book(tmp_path, {"x.xml": export})
    import_dumps([book / "raw" / "x.xml"], book)
    assert sorted(load_posts(book)) == ["same", "same-2"]


# -- identity and merging ----------------------------------------------------

DUMP = (
    "Category Archives: Technology\n\nShared post\n\nThe same words in both.\n\n"
    "Leave a comment\n\nFiled under Technology\n"
)
EXPORT = wxr(item(9, "Shared post", "The same <em>words</em> in both.", name="shared-post"))


def test_export_upgrades_an_unedited_dump_body(tmp_path):
    book = new_book(tmp_path, {"a.txt": DUMP})
    import_dumps([book / "raw" / "a.txt"], book)
    (book / "raw" / "b.xml").write_text(EXPORT, encoding="utf-8")
    result = run(book, "import", "raw/a.txt", "raw/b.xml")
    assert result.returncode == 0, result.stderr
    assert "1 bodies replaced by a richer source: shared-post" in result.stdout
    (post,) = load_posts(book).values()
    assert "*words*" in post.body and post.meta["guid"] == "https://blog.example/?p=9"
    assert [s["file"] for s in post.meta["sources"]] == ["raw/a.txt", "raw/b.xml"]


def test_hand_edited_body_survives_a_richer_reimport(tmp_path):
    book = new_book(tmp_path, {"a.txt": DUMP})
    import_dumps([book / "raw" / "a.txt"], book)
    path = book / "posts" / "shared-post.md"
    path.write_text(path.read_text(encoding="utf-8").replace("same words", "same (edited) words"), "utf-8")
    (book / "raw" / "b.xml").write_text(EXPORT, encoding="utf-8")
    result = run(book, "import", "raw/a.txt", "raw/b.xml")
    assert result.returncode == 0, result.stderr
    assert "posts/shared-post.md: edited by hand, so its body was kept" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "same (edited) words" in text and "guid: https://blog.example/?p=9" in text


def test_a_post_met_twice_in_one_import_holds_both_copies(tmp_path):
    """The dump's copy is written as soon as it is read; the export's, read
    after it in the same import, changes that file, which is written again."""
    book = new_book(tmp_path, {"a.txt": DUMP, "b.xml": EXPORT})
    result = run(book, "import", "raw/a.txt", "raw/b.xml")
    assert result.returncode == 0, result.stderr
    assert "1 bodies replaced by a richer source: shared-post" in result.stdout
    # the post, the manifest, posts/sequence.yaml and blog.yaml (the export names its blog)
    assert result.stdout.endswith("1 added, 0 merged, 0 unchanged; 1 categories; 4 files written\n")
    (post,) = load_posts(book).values()
    assert "*words*" in post.body and post.meta["guid"] == "https://blog.example/?p=9"
    assert [s["file"] for s in post.meta["sources"]] == ["raw/a.txt", "raw/b.xml"]
    assert not list(book.glob(".bindery-*"))


# -- bad input ---------------------------------------------------------------


def test_control_characters_are_repaired_with_a_warning(tmp_path):
    export = wxr(item(1, "Control", "Text with a bell\x07 and\x0b tab.", name="control"))
    book = new_book(tmp_path, {"c.xml": export.encode()})
    result = run(book, "import", "raw/c.xml")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"raw/c\.xml:\d+: repaired: removed 2 control character\(s\) not allowed in XML \(lines \d+\)\n",
        result.stderr,
    )
    assert "Text with a bell and tab." in (book / "posts" / "control.md").read_text(encoding="utf-8")


def test_undeclared_namespace_prefix_is_repaired_with_a_warning(tmp_path):
    export = wxr(
        item(1, "Atom", "Words.", name="atom"), head='<atom:link href="https://blog.example/feed/" />\n'
    )
    book = new_book(tmp_path, {"a.xml": export})
    result = run(book, "import", "raw/a.xml")
    assert result.returncode == 0, result.stderr
    line = export.split("\n").index('<atom:link href="https://blog.example/feed/" />') + 1
    assert result.stderr == f"raw/a.xml:{line}: repaired: declared the undeclared namespace prefix 'atom'\n"
    assert (book / "posts" / "atom.md").exists()


def test_a_prefix_undeclared_late_in_a_large_export_is_repaired(tmp_path):
    """Met after hundreds of posts were converted and written aside: the
    import starts again with the prefix declared, and writes each post once."""
    posts = [item(n, f"Post {n}", f"Words of post {n}.", name=f"p{n}") for n in range(1, 700)]
    posts[599] = item(
        600, "Late", "Late words.", name="late", extra='<atom:link href="https://x.example/" />'
    )
    export = wxr("".join(posts))
    book = new_book(tmp_path, {"a.xml": export})
    result = run(book, "import", "raw/a.xml")
    assert result.returncode == 0, result.stderr
    line = (
        export.split("\n").index(
            '<atom:link href="https://x.example/" /><category domain="category" '
            'nicename="tech"><![CDATA[Technology]]></category>'
        )
        + 1
    )
    assert result.stderr == f"raw/a.xml:{line}: repaired: declared the undeclared namespace prefix 'atom'\n"
    assert sorted(load_posts(book)) == sorted([f"p{n}" for n in range(1, 700) if n != 600] + ["late"])
    assert not list(book.glob(".bindery-*"))


def test_a_bad_export_after_a_good_one_writes_nothing(tmp_path):
    """The good export's posts are written aside as they are converted;
    the cut-off export after it stops the import, and the tree is as it was."""
    good = wxr("".join(item(n, f"Post {n}", f"Words of post {n}.", name=f"p{n}") for n in range(1, 700)))
    book = new_book(tmp_path, {"a.xml": good, "b.xml": wxr(item(1, "T", "x"))[:-40]})
    before = snapshot(book)
    result = run(book, "import", "raw/a.xml", "raw/b.xml")
    assert result.returncode == 1
    assert re.fullmatch(r"raw/b\.xml:\d+:\d+: not well-formed XML: .+\n", result.stderr)
    assert snapshot(book) == before and not list(book.glob(".bindery-*"))


BAD = {
    "unclosed tag": (
        wxr(item(1, "Broken <b>title", "x")).encode(),
        r"raw/bad\.xml:\d+:\d+: not well-formed XML: .+",
    ),
    "cut off": (wxr(item(1, "T", "x"))[:-40].encode(), r"raw/bad\.xml:\d+:\d+: not well-formed XML: .+"),
    # an HTML entity outside CDATA (XML knows five): its line, and the column just past it
    "undefined entity": (
        wxr(item(1, "Broken&nbsp;title", "x")).encode(),
        r"raw/bad\.xml:10:20: not well-formed XML: Entity 'nbsp' not defined",
    ),
    # (a feed and an HTML page are sources of their own now: tests/test_capture_pages.py)
    "empty": (b"", r"raw/bad\.xml:1: empty dump"),
    "binary": (
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        r"raw/bad\.xml:3: binary data \(a NUL byte\), not a text dump",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_exports_fail_with_one_line_and_write_nothing(tmp_path, case):
    data, pattern = BAD[case]
    book = new_book(tmp_path, {"good.xml": LINKS, "bad.xml": data})
    before = snapshot(book)
    result = run(book, "import", "raw/good.xml", "raw/bad.xml")
    assert result.returncode == 1 and result.stdout == ""
    assert re.fullmatch(pattern + "\n", result.stderr), result.stderr
    assert snapshot(book) == before


def test_read_source_tells_formats_by_content(tmp_path):
    path = tmp_path / "export.txt"  # an export, whatever its name
    path.write_text(LINKS, encoding="utf-8")
    assert read_source(path, "raw/export.txt").kind == "Export"
    path.write_text(DUMP, encoding="utf-8")
    assert read_source(path, "raw/export.txt").kind == "Category"
    path.write_text(wxr(""), encoding="utf-8")
    with pytest.raises(DumpError, match="a WordPress export with no items"):
        read_source(path, "raw/export.txt")


@pytest.mark.parametrize(
    ("local", "gmt", "expected"),
    [
        ("2010-01-08 12:20:00", "2010-01-08 04:20:00", "2010-01-08T12:20:00+08:00"),
        ("2010-01-08 00:20:00", "2010-01-08 05:50:00", "2010-01-08T00:20:00-05:30"),
        ("2012-01-03 10:11:37", "2012-01-03 17:11:37", "2012-01-03T10:11:37-07:00"),
        ("2010-01-08 12:20:00", "0000-00-00 00:00:00", "2010-01-08T12:20:00"),
        ("0000-00-00 00:00:00", "0000-00-00 00:00:00", None),
        # other tools' exports: fractions of a second, offsets, a day alone, no date
        ("2010-01-08 12:20:00.5", "2010-01-08T04:20:00+00:00", "2010-01-08T12:20:00+08:00"),
        ("2010-01-08T12:20:00+08:00", "soon", "2010-01-08T12:20:00+08:00"),
        ("2010-01-08", "", "2010-01-08"),
        ("2010-02-30 10:00:00", "", None),
        ("yesterday", "2010-01-08 04:20:00", None),
        ("0001-01-01 00:00:00", "0001-01-01T05:00:00+08:00", "0001-01-01T00:00:00"),
    ],
)
def test_dates_carry_their_offset(local, gmt, expected):
    assert wp_date(local, gmt) == expected


def test_make_posts_imports_every_dump_and_export(tmp_path):
    """``make posts`` takes raw/*.txt and raw/*.xml: the post from the
    dump and the export's are one page, the export's own post another."""
    book = new_book(
        tmp_path,
        {"a.txt": DUMP, "b.xml": EXPORT.replace("</channel>", item(2, "Own", "Own words.") + "</channel>")},
    )
    shutil.copy(ROOT / "Makefile", book / "Makefile")
    venv = Path(sys.executable).parent.parent
    # this environment, taken as installed (-o: never remade from the copied book's files)
    result = make("posts", f"VENV={venv}", "-o", f"{venv}/.installed", cwd=book)
    assert result.returncode == 0, result.stderr
    posts = load_posts(book)
    assert sorted(posts) == ["own", "shared-post"]
    assert [s["file"] for s in posts["shared-post"].meta["sources"]] == ["raw/a.txt", "raw/b.xml"]


# -- every word of both samples, in order ------------------------------------

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
# what the book adds to a post's text: its date line, citation, comments,
# anchors; a placeholder's marker and labels; an embed card's provider,
# title and link (the page showed the provider's frame); a footnote's number
ADDED = (
    "h1, .post-date, .post-colophon, .cite-panel, .archive-comments, .archive-linkbacks, .headerlink, "
    ".no-search, .archive-image-alt, .archive-image-address, .archive-embed-title, "
    ".archive-embed-link, "
    "a.footnote-reference, aside.footnote > .label, span.Z3988, [data-pagefind-meta], "
    "[data-pagefind-filter]"
)
PAGE_BLOCKS = BLOCKS | {
    "section",
    "aside",
    "figure",
    "thead",
    "tbody",
    "audio",
    "video",
    "caption",
    "span.math",
}


def _local_name(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _sample_items(path: Path) -> tuple[list[etree._Element], tuple[Attachment, ...]]:
    """An export's published posts and pages, and its attachments."""
    tree = etree.parse(str(path), etree.XMLParser(huge_tree=True))
    published, attachments = [], []
    for item in tree.iter("item"):
        fields = {_local_name(c.tag): (c.text or "") for c in item if _local_name(c.tag) != "encoded"}
        encoded = [c for c in item if _local_name(c.tag) == "encoded"]
        fields["excerpt"] = next((c.text or "" for c in encoded if "excerpt" in c.tag), "")
        meta = {
            pm.findtext("{*}meta_key"): pm.findtext("{*}meta_value") or "" for pm in item.iter("{*}postmeta")
        }
        kind, status = fields.get("post_type", ""), fields.get("status", "")
        if kind == "attachment":
            alt = meta.get("_wp_attachment_image_alt", "")
            ident, parent = int(fields["post_id"]), int(fields.get("post_parent") or 0)
            order = int(fields.get("menu_order") or 0)
            url, title, caption = fields["attachment_url"], fields.get("title", ""), fields["excerpt"]
            attachments.append(Attachment(ident, url, title, caption, alt, parent, order))
        elif kind in ("post", "page") and status == "publish" and not fields.get("post_password"):
            published.append(item)
    return published, tuple(attachments)


def _as_wordpress_shows(item: etree._Element, attachments: tuple[Attachment, ...]) -> str:
    """An item's body as WordPress serves it: its shortcodes rendered from
    the export (what galleries show), its footnotes (core's, from the
    meta) where its footnotes block stands, footnote marks aside."""
    meta = {pm.findtext("{*}meta_key"): pm.findtext("{*}meta_value") or "" for pm in item.iter("{*}postmeta")}
    post_id = int(item.findtext("{*}post_id") or 0)
    context = PostContext(
        post_id, attachments, tuple((k, v) for k, v in meta.items() if k.startswith("_oembed_"))
    )
    html = Shortcodes(context, Noted()).expand(item.findtext(CONTENT) or "")
    notes = json.loads(meta.get("footnotes") or "[]")
    listed = "".join(f"<li>{note['content']}</li>" for note in notes)
    return html.replace("<!-- wp:footnotes /-->", f"<ol>{listed}</ol>")


def _shown_words(root: etree._Element, blocks: frozenset[str]) -> list[str]:
    """A tree's visible words, in order: block elements apart, inline ones
    joined; no script, style or noscript (a lazy image's copy, or words for
    readers without JavaScript)."""
    for element in list(root.iter("script", "style", "noscript", "template")):
        element.getparent().remove(element) if element.getparent() is not None else None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in blocks:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return _words("".join(t for t in root.itertext() if not isinstance(t, etree._Comment)))


def _source_words(html: str) -> list[str]:
    root = etree.HTML(f"<div>{html}</div>")
    if root is None:
        return []
    for mark in root.xpath("//sup[@data-fn] | //span[contains(@class, 'abt-footnote')]"):
        mark.getparent().remove(mark) if mark.tail is None else _drop(mark)
    for mark in root.xpath("//div[contains(@class, 'abt-footnotes-item__marker')] | //a[contains(., '↩')]"):
        _drop(mark)
    # an embed shows the provider's frame, not its address; a player, not its fallback link
    for shown_elsewhere in root.xpath(
        "//div[contains(@class, 'wp-block-embed__wrapper')] | //audio | //video"
    ):
        _drop(shown_elsewhere)
    return _shown_words(root, BLOCKS)


def _drop(element: etree._Element) -> None:
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _page_words(book: Book, address: str) -> list[str]:
    page = book.html(address).select_one("article")
    for added in page.select(ADDED):
        added.decompose()
    root = etree.HTML(str(page))
    return _shown_words(root, PAGE_BLOCKS)


def test_every_page_of_both_samples_reads_word_for_word(samples_book):
    """The visible words of each built post and page, in order, are the
    words WordPress showed, in order: nothing lost, added, moved or reversed
    (galleries, captions, tables, footnotes, lazy images and embeds included)."""
    records = {
        (str(p.meta.get("wp_id")), p.meta["sources"][0]["file"]): f"posts/{p.slug}.html"
        for p in load_posts(samples_book.src).values()
    }
    for path in (samples_book.src / "pages").glob("*.md"):
        from bindery.archive.store import parse_post

        page = parse_post(path.read_text(encoding="utf-8"), f"pages/{path.name}")
        records[(str(page.meta.get("wp_id")), page.meta["sources"][0]["file"])] = f"pages/{page.slug}.html"
    checked = 0
    for sample in (THEME, SAMPLES / "wordpress-export.xml"):
        items, attachments = _sample_items(sample)
        for item in items:
            address = records[(item.findtext("{*}post_id"), f"raw/{sample.name}")]
            source = _source_words(_as_wordpress_shows(item, attachments))
            shown = _page_words(samples_book, address)
            if source != shown:
                at = next((i for i, (a, b) in enumerate(zip(source, shown, strict=False)) if a != b), None)
                at = min(len(source), len(shown)) if at is None else at
                raise AssertionError(
                    f"{address}: word {at}: {source[at - 5 : at + 8]} != {shown[at - 5 : at + 8]}"
                )
            checked += 1
    assert checked == 56 - 1 + 21 + 18


RENDERED_SHORTCODES = re.compile(
    r"\[/?(?:gallery|audio|video|playlist|embed|youtube|vimeo|tweet|googlemaps|caption|wp_caption)\b"
)


def _source_images(html: str) -> int:
    """The images WordPress shows of a body: each ``<img>`` (a ``<noscript>``
    copy aside; a ``<picture>`` once) and each cover's background image."""
    root = etree.HTML(f"<div>{html}</div>")
    if root is None:
        return 0
    images = root.xpath("//img[not(ancestor::noscript)][not(parent::picture)] | //picture")
    covers = root.xpath(
        "//div[contains(@style, 'background-image')][contains(@class, 'wp-block-cover')][not(.//img)]"
    )
    return len(images) + len(covers)


def test_every_image_of_both_samples_is_shown_or_placeheld_and_no_shortcode_is_left(samples_book):
    records = {
        (str(p.meta.get("wp_id")), p.meta["sources"][0]["file"]): f"posts/{p.slug}.html"
        for p in load_posts(samples_book.src).values()
    }
    images = placeholders = 0
    for sample in (THEME, SAMPLES / "wordpress-export.xml"):
        items, attachments = _sample_items(sample)
        for item in items:
            address = records.get((item.findtext("{*}post_id"), f"raw/{sample.name}"))
            if address is None:  # a page (pages/): its words are checked above
                continue
            article = samples_book.html(address).select_one("article")
            for added in article.select(".archive-comments, .archive-linkbacks, .cite-panel"):
                added.decompose()
            shown = article.select("figure.archive-image")
            assert len(shown) == _source_images(_as_wordpress_shows(item, attachments)), address
            assert not RENDERED_SHORTCODES.search(article.get_text()), address
            images += len(shown)
            placeholders += sum("archive-image-missing" in figure["class"] for figure in shown)
    assert images == placeholders > 390  # no uploads folder: every one a marked placeholder


def test_the_samples_footnotes_are_linked_both_ways(samples_book):
    """wordpress-export.xml's notes (the Academic Blogger's Toolkit's)."""
    for slug in ("readybrek-ar-and-flirting-in-the-age-of-corona", "screens-lots-of-screens"):
        article = samples_book.html(f"posts/{slug}.html").select_one("article")
        (reference,) = article.select("a.footnote-reference")
        note = article.select_one(f"aside.footnote#{reference['href'][1:]}")
        assert note.select_one("a[role=doc-backlink]")["href"] == f"#{reference['id']}"
        assert note.get_text().strip()
