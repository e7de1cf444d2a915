"""Every part of a post, in one real build: galleries, players, embeds, lazy
and srcset images, tables of blocks, footnotes, pull quotes, the roles for
what Markdown cannot say, links within a page, a title's markup; and what a
reader sees of them in Chromium on a phone.

The converter's rules, case by case, are golden files (test_htmlconv.py);
here they meet Sphinx (under -W), the theme and a browser.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from bs4 import BeautifulSoup

from bindery.cli import main as bindery
from bindery.editions.build import build_editions
from bindery.markup.embeds import cache_keys

from .conftest import CHROMIUM, Book, sphinx_build
from .test_a11y import AXE, open_page, violations
from .test_wxr import PNG, new_book, wxr

BLOG = "https://blog.example"
UPLOADS = f"{BLOG}/wp-content/uploads/2010/01"
YOUTUBE = "https://www.youtube.com/watch?v=WzBxYi7IKzc"
GITHUB = "https://github.com/user/repo/tree/main"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64  # a file Sphinx copies as it is


def post(post_id: int, title: str, content: str, name: str, meta: dict[str, str] | None = None) -> str:
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key><![CDATA[{k}]]></wp:meta_key><wp:meta_value><![CDATA[{v}]]>"
        "</wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return (
        f"<item><title><![CDATA[{title}]]></title><link>{BLOG}/{name}/</link>"
        f'<guid isPermaLink="false">{BLOG}/?p={post_id}</guid><dc:creator><![CDATA[jdoe]]></dc:creator>'
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date>2010-01-0{post_id % 9 + 1} 12:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2010-01-0{post_id % 9 + 1} 04:00:00</wp:post_date_gmt>"
        f"<wp:post_name><![CDATA[{name}]]></wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>{postmeta}"
        '<category domain="category" nicename="media"><![CDATA[Media]]></category></item>\n'
    )


def attachment(
    post_id: int, parent: int, url: str, title: str, caption: str, alt: str, order: int = 0
) -> str:
    """An uploaded file, as WordPress exports it (after the post it belongs to)."""
    meta = (
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[{alt}]]>"
        "</wp:meta_value></wp:postmeta>"
        if alt
        else ""
    )
    return (
        f"<item><title>{title}</title><link>{BLOG}/?attachment_id={post_id}</link>"
        f'<guid isPermaLink="false">{url}</guid><content:encoded><![CDATA[]]></content:encoded>'
        f"<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>{order}</wp:menu_order>"
        "<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>{url}</wp:attachment_url>{meta}</item>\n"
    )


EVERYTHING = f"""<p>Opening words of the post.</p>
<p><a href="#">Back to the top</a> and <a href="#part-two">on to part two</a>; the code is at
<a href="{GITHUB}">{GITHUB}</a>.</p>
[gallery columns="2"]
<p>Listen: [audio mp3="{UPLOADS}/song.mp3"]</p>
[video mp4="{UPLOADS}/clip.mp4"][/video]

{YOUTUBE}

[tweet https://twitter.com/nacin/status/319508408669708289]

[vimeo 123456]

[googlemaps https://maps.google.com/maps?q=Paris&amp;z=14]

[contact-form to="me@blog.example"]

<div class="image-block"><noscript><img src="https://cdn.example/lazy.jpg" alt="The lazy one" />
</noscript><img class="thumb-image" data-src="https://cdn.example/lazy.jpg" alt="The lazy one" /></div>
<img src="{UPLOADS}/sized-300x200.png" srcset="{UPLOADS}/sized-300x200.png 300w,
 {UPLOADS}/sized-768x512.png 768w, {UPLOADS}/sized.png 2048w" alt="Sized">
<table><tr><td><div>Chat</div><div>starts</div></td><td><p>then</p><ul><li>goes</li></ul></td></tr>
<tr><td colspan="2">on<br>and ends</td></tr></table>
<p>A claim<sup data-fn="note-a" class="fn"><a href="#note-a" id="note-a-link">1</a></sup> and a second
<sup data-fn="note-b" class="fn"><a href="#note-b" id="note-b-link">2</a></sup>.</p>
<!-- wp:footnotes /-->
<figure class="wp-block-pullquote"><blockquote><p>Pulled words.</p><cite>The Author</cite></blockquote>
</figure>
<h2 id="part-two">Part two</h2>
<p><del>Struck</del> <ins>added</ins> <u>under</u> <small>small</small>
<abbr title="HyperText Markup Language">HTML</abbr></p>
<dl><dt>Term</dt><dd>Its definition.</dd></dl>
<p>Closing words.</p>"""
FOOTNOTES = json.dumps(
    [{"id": "note-a", "content": "The first <em>note</em>."}, {"id": "note-b", "content": "The second note."}]
)
EXPORT = wxr(
    post(
        10,
        "Everything",
        EVERYTHING,
        "everything",
        {
            f"_oembed_{cache_keys(YOUTUBE)[639]}": '<iframe title="Ready Brek advert" '
            'src="https://www.youtube.com/embed/WzBxYi7IKzc?feature=oembed"></iframe>',
            "footnotes": FOOTNOTES,
        },
    )
    + post(
        20,
        "Markup: <em>Emphasis</em> and <code>code</code>",
        "<p>A post with a marked-up title.</p>",
        "marked",
    )
    + post(30, "Why <div> is bad", "<p>A title that mentions a tag.</p>", "mentions")
    + attachment(11, 10, f"{UPLOADS}/first.png", "First", "The <em>first</em> caption", "First alt", order=2)
    + attachment(12, 10, f"{UPLOADS}/second.png", "Second", "The second caption", "", order=1)
)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Book:
    """The export imported through the command line (with --report), then built."""
    base = tmp_path_factory.mktemp("media")
    files: dict[str, str | bytes | Path] = {
        "blog.xml": EXPORT,
        "uploads/2010/01/first.png": PNG,  # second.png: not kept
        "uploads/2010/01/song.mp3": MP3,
        "uploads/2010/01/sized-768x512.png": PNG,  # of the three sizes, the middle one is kept
    }
    src = new_book(base / "src", files)
    assert (
        bindery(
            [
                "--root",
                str(src),
                "import",
                "-q",
                "--report",
                str(base / "report.json"),
                str(src / "raw" / "blog.xml"),
            ]
        )
        == 0
    )
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


@pytest.fixture(scope="module")
def article(book):
    return book.html("posts/everything.html").select_one("article")


SHORTCODES = re.compile(
    r"\[/?(?:gallery|audio|video|playlist|embed|youtube|vimeo|tweet|googlemaps|caption)\b"
)


def test_no_shortcode_this_book_renders_is_left_as_text(article):
    text = article.get_text(" ")
    assert not SHORTCODES.search(text)
    assert '[contact-form to="me@blog.example"]' in text  # unknown: shown as the blog showed it


def test_a_gallery_shows_the_posts_images_by_menu_order_with_their_captions(book, article):
    gallery = article.select_one(".archive-gallery.archive-gallery-columns-2")
    figures = gallery.select(".archive-gallery-items > figure")
    assert len(figures) == 2
    second, first = figures  # menu order 1, then 2
    assert "archive-image-missing" in second["class"]  # no copy kept: a marked placeholder
    assert f"{UPLOADS}/second.png" in second.get_text()
    assert second.select_one(".caption-text").get_text() == "The second caption"
    image = first.select_one("img")
    assert image["alt"] == "First alt" and (book.out / "posts" / image["src"]).resolve().is_file()
    assert first.select_one(".caption-text").decode_contents() == "The <em>first</em> caption"


def test_a_kept_recording_plays_from_the_book_and_a_lost_one_is_named(book, article):
    audio = article.select_one("audio.archive-media-player")
    assert audio is not None and audio.has_attr("controls")
    assert (book.out / "posts" / unquote(audio["src"])).resolve().read_bytes() == MP3
    video = article.select_one("figure.archive-media-video")
    assert "Video not preserved in the archive" in video.get_text()
    assert "clip.mp4" in video.select_one(".archive-image-alt").get_text()
    assert f"{UPLOADS}/clip.mp4" in video.select_one(".archive-image-address").get_text()


def test_an_epub_names_the_recording_it_cannot_play(book, tmp_path):
    """EPUB's manifest has no type for an MP3: the edition shows the
    file's name where the site plays it (and epubcheck would refuse the
    player: tests/test_editions.py runs it on every edition)."""
    src = shutil.copytree(book.src, tmp_path / "src")
    (outcome,) = build_editions(src, "epub", tmp_path / "editions", report=lambda line: None)
    with zipfile.ZipFile(tmp_path / "editions" / outcome.file) as epub:
        page = BeautifulSoup(epub.read("posts/everything.xhtml").decode("utf-8"), "html.parser")
    assert page.select("audio, video") == []
    assert page.select_one("figure.archive-media-audio").get_text(" ", strip=True) == "song.mp3"


def test_embeds_are_cards_and_nothing_is_loaded_from_another_site(article):
    cards = {
        card.select_one(".archive-embed-link a")["href"]: card for card in article.select(".archive-embed")
    }
    assert list(cards) == [
        YOUTUBE,
        "https://twitter.com/nacin/status/319508408669708289",
        "https://vimeo.com/123456",
        "https://maps.google.com/maps?q=Paris&z=14",
    ]
    youtube = cards[YOUTUBE]
    assert youtube.select_one(".archive-embed-provider").get_text() == "Embedded from YouTube"
    assert youtube.select_one(".archive-embed-title").get_text() == "Ready Brek advert"  # the oEmbed cache's
    assert (
        cards["https://vimeo.com/123456"].select_one(".archive-embed-provider").get_text().endswith("Vimeo")
    )
    assert not article.select("iframe, script, embed, object, video[src^=http], audio[src^=http]")
    assert all(not img["src"].startswith(("http:", "https:", "//")) for img in article.select("img"))


def test_a_lazy_image_is_one_image_and_srcset_shows_the_largest_copy_kept(book, article):
    lazy = [f for f in article.select("figure.archive-image") if "The lazy one" in f.get_text()]
    assert len(lazy) == 1 and "https://cdn.example/lazy.jpg" in lazy[0].get_text()
    sized = next(img for img in article.select("img") if img.get("alt") == "Sized")
    assert unquote(sized["src"]).endswith("sized-768x512.png")


def shown(element, between: str = " ") -> str:
    """An element's words as a reader reads them (the ¶ links aside)."""
    for link in element.select(".headerlink"):
        link.extract()
    return " ".join(element.get_text(between).split())


def test_a_table_of_blocks_keeps_each_cell_in_order(article):
    table = article.select_one("table")
    cells = [shown(cell) for cell in table.select("td")]
    assert cells == ["Chat starts", "then goes", "on and ends", ""]
    assert table.select_one("td ul li").get_text() == "goes"
    assert table.select_one("td br") is not None  # the line break, in its cell


def test_footnotes_are_numbered_and_linked_both_ways(article):
    references = article.select("a.footnote-reference")
    assert [a.get_text() for a in references] == ["[1]", "[2]"]
    for reference in references:
        note = article.select_one(f"aside.footnote#{reference['href'][1:]}")
        assert note.select_one("a[role=doc-backlink]")["href"] == f"#{reference['id']}"
    notes = article.select("aside.footnote")
    assert [shown(n.p, "") for n in notes] == ["The first note.", "The second note."]
    assert notes[0].select_one("em").get_text() == "note"
    # where the footnotes block stands: before the pull quote, inside the post
    assert notes[-1].find_next("blockquote")["class"] == ["pull-quote"]


def test_a_pull_quote_keeps_its_attribution(article):
    quote = article.select_one("blockquote.pull-quote")
    assert shown(quote.select_one("p")) == "Pulled words."
    assert quote.select_one(".attribution").get_text() == "—The Author"


def test_what_markdown_cannot_say_keeps_its_meaning(article):
    assert [(e.name, e.get_text()) for e in article.select("del, ins, u, small")] == [
        ("del", "Struck"),
        ("ins", "added"),
        ("u", "under"),
        ("small", "small"),
    ]
    abbr = article.select_one("abbr")
    assert (abbr.get_text(), abbr["title"]) == ("HTML", "HyperText Markup Language")
    terms = article.select_one("dl.archive-terms")
    assert [(dt.get_text(), shown(dt.find_next_sibling("dd"))) for dt in terms.select("dt")] == [
        ("Term", "Its definition.")
    ]


def test_links_within_the_page_stay_in_it(article):
    link = article.find("a", string="on to part two")
    assert link["href"] == "#part-two" and article.select_one("#part-two") is not None
    assert article.find("a", string="Back to the top") is None  # href="#": its words, no link away
    assert "Back to the top" in article.get_text()
    assert not [a for a in article.select("a[href]") if a["href"].startswith(BLOG) and "#" in a["href"]]


def test_the_theme_shows_link_text_as_the_author_wrote_it(article):
    link = article.find("a", href=GITHUB)
    assert link.get_text() == GITHUB  # not shortened to "user/repo"
    assert "github" not in link.get("class", [])


def test_a_titles_markup_is_shown_in_pages_and_listings_and_plain_in_citations(book):
    page = book.html("posts/marked.html")
    heading = page.select_one("article h1")
    assert heading.get_text().rstrip("#¶ ") == "Markup: Emphasis and code"
    assert (heading.em.get_text(), heading.code.get_text()) == ("Emphasis", "code")
    assert page.title.get_text().startswith("Markup: Emphasis and code")
    assert page.select_one('meta[name="citation_title"]')["content"] == "Markup: Emphasis and code"
    assert "rft.title=Markup:+Emphasis+and+code&" in page.select_one("span.Z3988")["title"]
    bibtex = page.select_one(".cite-panel").get_text()
    assert "Markup: Emphasis and code" in bibtex and "<em>" not in bibtex
    listed = book.html("posts/index.html").find("a", href=re.compile("marked.html$"))
    assert (listed.em.get_text(), listed.code.get_text()) == ("Emphasis", "code")
    feed = feedparser.parse((book.out / "posts" / "index.atom.xml").read_bytes())
    assert "Markup: Emphasis and code" in [entry.title for entry in feed.entries]
    # the front matter keeps the source's exact title
    assert "title: 'Markup: <em>Emphasis</em> and <code>code</code>'" in (
        book.src / "posts" / "marked.md"
    ).read_text(encoding="utf-8")


def test_a_title_that_mentions_a_tag_stays_text(book):
    page = book.html("posts/mentions.html")
    assert page.select_one("article h1").get_text().rstrip("#¶ ") == "Why <div> is bad"
    assert page.select_one("article h1").find("div") is None


def test_the_report_names_what_was_not_carried_over_post_by_post(book):
    report = json.loads((book.src.parent / "report.json").read_text(encoding="utf-8"))
    losses = report["not_carried_over"]["posts"]["posts/everything.md"]
    assert losses["unknown_shortcodes"] == {"contact-form": 1}
    assert sorted(losses["images_without_copy"]) == [f"{UPLOADS}/second.png", "https://cdn.example/lazy.jpg"]
    assert losses["audio_video_without_copy"] == [f"{UPLOADS}/clip.mp4"]
    assert len(losses["embeds_shown_as_cards"]) == 4
    totals = report["not_carried_over"]["totals"]
    assert (totals["images_without_copy"], totals["embeds_shown_as_cards"]) == (2, 4)
    assert "posts/marked.md" not in report["not_carried_over"]["posts"]
    assert report["added"] == ["everything", "marked", "mentions"]


# -- what a reader sees -----------------------------------------------------

browser = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")


@pytest.fixture(scope="module")
def site(book):
    from bindery.dev.serve import serve

    with serve(book.out) as url:
        yield url


@pytest.mark.browser
@browser
def test_on_a_phone_the_post_fits_and_a_gallery_is_two_across(browser, site):
    context, page = open_page(browser, site + "posts/everything.html", "light", 390)
    measured = page.evaluate(
        """(() => {
          const items = [...document.querySelectorAll('.archive-gallery-items > figure')];
          const card = document.querySelector('.archive-embed').getBoundingClientRect();
          const article = document.querySelector('article').getBoundingClientRect();
          return {
            wide: document.documentElement.scrollWidth - innerWidth,
            across: new Set(items.map(f => Math.round(f.getBoundingClientRect().top))).size === 1,
            card: card.right <= article.right + 1 && card.left >= article.left - 1,
            player: document.querySelector('audio.archive-media-player').getBoundingClientRect().width,
          };
        })()"""
    )
    context.close()
    assert measured["wide"] <= 0, measured
    assert measured["across"] and measured["card"], measured
    assert measured["player"] > 200, measured


@pytest.mark.browser
@browser
@pytest.mark.skipif(
    not AXE.exists(), reason="axe-core not installed (cd tools/audit && npm ci; .ci/run does)"
)
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_new_parts_of_a_post_have_no_axe_violations(browser, site, mode):
    context, page = open_page(browser, site + "posts/everything.html", mode, 390)
    found = violations(page)
    context.close()
    assert found == []


@pytest.mark.browser
@browser
def test_a_search_result_shows_a_titles_markup(browser, site):
    context, page = open_page(browser, site + "search.html?q=marked", "light", 1280)
    link = page.locator("#search-results li a").first
    assert link.inner_text().strip() == "Markup: Emphasis and code"
    assert link.locator("em").inner_text() == "Emphasis" and link.locator("code").inner_text() == "code"
    context.close()
