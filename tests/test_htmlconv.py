"""WordPress HTML to MyST: golden output, and text that stays text in a real build.

Set BINDERY_UPDATE_GOLDEN=1 to rewrite the golden file after a deliberate
change, then read the diff.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

from bindery.markup import htmlconv, parsing
from bindery.markup.context import Attachment, PostContext
from bindery.markup.embeds import cache_keys
from bindery.markup.htmlconv import Comment, convert_post
from bindery.markup.myst import escape_inline

from .test_myst import check_golden
from .test_wxr import built, comment, item, wxr

CASES = {
    "autop paragraphs and line breaks": "First line\nsecond line\n\nNew paragraph.",
    "block editor: newlines are spaces": "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->",
    "emphasis, strong and unsafe emphasis": "<em>a</em>, <strong>bold</strong>, "
    "<em> spaced </em>, <em>(x)</em>",
    "links: schemes": '<a href="https://a.example/">web</a> <a href="mailto:x@a.example">mail</a> '
    '<a href="javascript:alert(1)">script</a> <a href="/relative">relative</a> <a href="x">'
    "</a>",
    "headings clamp": "<h1>One</h1><h4>Four</h4><h2>Two</h2>",
    "nested lists": "<ul><li>a<ol start='3'><li>b</li><li>c</li></ol></li><li></li><li>d</li></ul>",
    "quote and code": "<blockquote><p>q</p><h2>not a heading</h2></blockquote>"
    "<pre>```\n  code &lt;b&gt;\n```</pre><p>use <code>x`y</code></p>",
    "table": "<table><tr><th>a|b</th><th>c</th></tr><tr><td>1</td></tr></table>",
    "caption shortcode": '[caption id="a" width="5"]<a href="https://a.example/i.jpg">'
    '<img src="https://a.example/wp-content/uploads/i.jpg" alt="Alt: &quot;x&quot;" /></a> '
    "The <em>caption</em>.[/caption]",
    "more, nextpage, other shortcodes": 'Before<!--more-->after\n\n[gallery ids="1,2"]\n\n'
    "<!--nextpage-->\n\nPage two [embed]https://a.example/v[/embed]",
    "markup-looking text": "# not a heading\n\n- not a list\n\n1. not a list\n\n"
    "&lt;script&gt;alert(1)&lt;/script&gt; {role}`x` $x$ | a | [a](b) :::{note}\n\n***\n\n% c",
    "superscript, subscript and inline quotation": "E = MC<sup>2</sup>, H<sub>2</sub>O, x<sup>a`b</sup>, "
    "<sup>`x</sup>, <sup><em>n</em></sup>, <sup> </sup>, <q>quoted <em>words</em></q>",
    "script and iframe": "<script>alert(1)</script><style>p{}</style>"
    '<iframe src="https://video.example/e/1"></iframe><p>after</p>',
    # -- shortcodes, from the post's context (CONTEXT: post 10, its attachments, its oEmbed cache)
    "gallery of the post's attachments, by menu order": 'Before.\n\n[gallery columns="2"]\n\nAfter.',
    "gallery by ids, in their order, one not in the export": '[gallery ids="13,11,99"]',
    "gallery of another post's attachments, one excluded": '[gallery id="20" exclude="21"]',
    "escaped and unknown shortcodes stay text": '[[gallery]] [contact-form to="a@b.example"] [sic] '
    "[footnote]a note[/footnote] [unknown_thing]",
    "a shortcode in an attribute is the "
    "attribute's": '<a href="https://a.example/" title="[gallery]">link</a>',
    "audio and video shortcodes": '[audio mp3="https://blog.example/wp-content/uploads/2010/01/a.mp3" '
    'ogg="https://blog.example/wp-content/uploads/2010/01/a.ogg"]\n\n'
    "[audio https://blog.example/wp-content/uploads/2010/01/b.mp3]\n\n"
    '[video width="640" height="360" mp4="https://blog.example/wp-content/uploads/2010/01/v.mp4"][/video]\n\n'
    '[video src="https://www.youtube.com/watch?v=abcdefghijk"]',
    "playlist by ids": '[playlist ids="14,15"]',
    "YouTube address on a line of its own, title from the oEmbed cache": "Watch:\n\n"
    "https://www.youtube.com/watch?v=WzBxYi7IKzc\n\nDone.",
    "an address no provider embeds is a link": "https://unknown.example/page\n\n"
    "<p>https://unknown.example/paragraph</p>\n\n[embed]https://unknown.example/e[/embed]",
    "WordPress.com's shortcodes": "[youtube=http://www.youtube.com/watch?v=abcdefghijk&amp;w=320]\n\n"
    "[vimeo 123456]\n\n[tweet https://twitter.com/nacin/status/319508408669708289]\n\n[tweet 42]\n\n"
    "[googlemaps https://maps.google.com/maps?q=Paris&amp;z=14]",
    # -- the same, as a rendered page holds them
    "rendered classic gallery (dl, dt, "
    "dd)": "<div id='gallery-1' class='gallery galleryid-10 gallery-columns-2'>"
    "<dl class='gallery-item'><dt class='gallery-icon'><a href='https://blog.example/?attachment_id=11'>"
    "<img src='https://blog.example/wp-content/uploads/2010/01/one-150x150.jpg' "
    "srcset='https://blog.example/wp-content/uploads/2010/01/one-150x150.jpg 150w, "
    "https://blog.example/wp-content/uploads/2010/01/one.jpg 800w' alt='First image'/></a></dt>"
    "<dd class='wp-caption-text gallery-caption'>The <em>first</em> caption</dd></dl>"
    "<dl class='gallery-item'><dt class='gallery-icon'><img "
    "src='https://blog.example/wp-content/uploads/2010/01/two.jpg' "
    "alt=''/></dt></dl></div>",
    "block gallery with "
    "captions": '<!-- wp:gallery {"linkTo":"none"} -->\n<figure class="wp-block-gallery has-nested-images '
    'columns-default"><!-- wp:image {"id":11} -->\n<figure class="wp-block-image"><img '
    'src="https://blog.example/wp-content/uploads/2010/01/one.jpg" alt="First image" class="wp-image-11"/>'
    '<figcaption>One</figcaption></figure>\n<!-- /wp:image --><figcaption class="blocks-gallery-caption">'
    "The gallery's caption</figcaption></figure>\n<!-- /wp:gallery -->",
    "rendered audio, video and embed": '<audio class="wp-audio-shortcode" preload="none" controls="controls">'
    '<source type="audio/mpeg" src="https://blog.example/wp-content/uploads/2010/01/a.mp3?_=1" />'
    '<a href="https://blog.example/wp-content/uploads/2010/01/a.mp3">a.mp3</a></audio>'
    '<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">'
    '<iframe title="A video" src="https://www.youtube.com/embed/WzBxYi7IKzc?feature=oembed"></iframe>'
    "</div><figcaption>Its caption</figcaption></figure>"
    '<blockquote class="twitter-tweet"><p>Tweeted words</p>&mdash; Someone '
    '<a href="https://twitter.com/someone/status/1?ref_src=x">May 1</a></blockquote>'
    '<script async src="https://platform.twitter.com/widgets.js"></script>',
    # -- images
    "lazy image with a noscript copy (one image, not "
    "two)": '<div><noscript><img src="https://cdn.example/a.jpg" '
    'alt="A maze" /></noscript><img class="thumb-image" data-src="https://cdn.example/a.jpg" alt="A maze" '
    'data-load="false" /></div><p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
    'data-lazy-src="https://blog.example/wp-content/uploads/b.jpg" alt="B"><noscript><img '
    'src="https://blog.example/wp-content/uploads/b.jpg" alt="B"></noscript></p>'
    '<noscript><img src="https://blog.example/wp-content/uploads/only.jpg" alt="Only in noscript"></noscript>'
    "<noscript>Enable JavaScript</noscript>",
    "srcset: the largest first, the others as "
    "sources": '<img src="https://blog.example/wp-content/uploads/c-300x200.jpg" '
    'srcset="https://blog.example/wp-content/uploads/c-300x200.jpg 300w, '
    "https://blog.example/wp-content/uploads/c-1024x683.jpg 1024w, "
    'https://blog.example/wp-content/uploads/c.jpg 2048w" '
    'alt="C"><picture><source srcset="https://blog.example/d.webp 2x, https://blog.example/d-small.webp 1x">'
    '<img src="https://blog.example/d.jpg" alt="D"></picture><img alt="no address at all">',
    "links within the page": '<p><a href="#">Top</a> <a href="#part-two">to part two</a> '
    '<a href="#nowhere">to nowhere</a> <a href="#comment-5">to a comment</a></p><h2 id="part-two">Part '
    "two</h2>"
    '<p><a name="old-style"></a>Text <a href="#old-style">back</a>.</p>',
    # -- tables
    "table of divs, in order": "<table><tr><td><div>First</div><div>second</div></td><td><p>third</p>"
    "<ul><li>fourth</li></ul></td></tr><tr><td>fifth<br>sixth</td><td></td></tr></table>",
    "table with spans and a "
    "caption": "<table><caption>The <em>caption</em></caption><thead><tr><th colspan='2'>"
    "Wide head</th></tr></thead><tbody><tr><td rowspan='2'>tall</td><td>a</td></tr><tr><td>b</td></tr>"
    "</tbody></table>",
    "table block with a figure caption and a nested "
    "table": '<figure class="wp-block-table"><table><tbody><tr>'
    "<td>outer<table><tr><td>inner</td></tr></table></td></tr></tbody></table>"
    "<figcaption>Table caption</figcaption></figure>",
    # -- blocks
    "footnotes block (core/footnotes, from the meta; "
    "FOOTNOTES)": '<!-- wp:paragraph -->\n<p>Claim<sup data-fn="f1" class="fn">'
    '<a href="#f1" id="f1-link">1</a></sup> and another<sup data-fn="f2" class="fn"><a href="#f2" '
    'id="f2-link">2</a>'
    "</sup>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:footnotes /-->\n\n<!-- wp:paragraph -->\n<p>After the "
    "notes."
    "</p>\n<!-- /wp:paragraph -->",
    "rendered footnotes "
    "(ol.wp-block-footnotes)": '<p>Claim<sup data-fn="r1" class="fn"><a href="#r1" id="r1-link">1'
    '</a></sup>.</p><ol class="wp-block-footnotes"><li id="r1">A rendered <em>note</em>. <a href="#r1-link" '
    'aria-label="Jump to footnote reference 1">↩︎</a></li></ol>',
    "footnotes of the Academic Blogger's "
    "Toolkit": '<p>Claim<span id="n1" data-note="Note one." class="abt-footnote">'
    '<sup>​*​</sup></span>.</p><section class="wp-block-abt-footnotes abt-footnotes"><hr/><ol>'
    '<li class="abt-footnotes-item" id="n1-ref"><div class="abt-footnotes-item__marker"><sup>*</sup></div>'
    '<div class="abt-footnotes-item__content">Note <em>one</em>.</div></li></ol></section>',
    "pull quote, cover, media and text, "
    "columns": '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote>'
    "<p>Pulled words.</p><cite>The Author</cite></blockquote></figure><!-- /wp:pullquote -->"
    '<div class="wp-block-cover" '
    'style="background-image:url(https://blog.example/wp-content/uploads/bg.jpg)">'
    '<div class="wp-block-cover__inner-container"><p>Over the cover</p></div></div>'
    '<div class="wp-block-media-text has-media-on-the-right"><figure class="wp-block-media-text__media"><img '
    'src="https://blog.example/wp-content/uploads/m.jpg" alt="M"/></figure><div '
    'class="wp-block-media-text__content">'
    '<p>Beside the media</p></div></div><div class="wp-block-columns"><div '
    'class="wp-block-column"><p>Left</p>'
    '</div><div class="wp-block-column"><p>Right</p></div></div>',
    "blocks WordPress makes when serving the page": '<!-- wp:latest-posts {"postsToShow":3} /-->\n'
    "<!-- wp:paragraph -->\n<p>Text.</p>\n<!-- /wp:paragraph -->",
    # -- inline
    "struck, inserted, underlined, small, abbreviation": "<del>gone <em>now</em></del>, <s>struck</s>, "
    '<strike>old</strike>, <ins>added</ins>, <u>under</u>, <small>fine print</small>, <abbr title="HyperText '
    'Markup Language">HTML</abbr>, <abbr title="x">f(x)</abbr>, <del>`tick</del>, <del>a\n\nb</del>',
    "definition list": "<dl><dd>Before any term</dd><dt>Term <em>one</em></dt><dd>Its definition.</dd>"
    "<dd>A second one.</dd><dt>- Term two</dt><dt>Term "
    "three</dt><dd><p>Para</p><ul><li>item</li></ul></dd></dl>",
}
U = "https://blog.example/wp-content/uploads/2010"
ATTACHMENTS = (
    Attachment(11, f"{U}/01/one.jpg", "One", "The <em>first</em> caption", "First image", parent=10, order=2),
    Attachment(12, f"{U}/01/two.jpg", "Two", "", "", parent=10, order=1),
    Attachment(13, f"{U}/01/three.jpg", "Three", "Third", "", parent=30),
    Attachment(14, f"{U}/01/song.mp3", "A song", "Sung by us", parent=10),
    Attachment(15, f"{U}/01/tune.ogg", "A tune", "", parent=10),
    Attachment(21, f"{U}/02/x.jpg", "X", "Excluded", "", parent=20),
    Attachment(22, f"{U}/02/y.jpg", "Y", "Kept", "", parent=20),
)
YOUTUBE = "https://www.youtube.com/watch?v=WzBxYi7IKzc"
CONTEXT = PostContext(
    post_id=10,
    attachments=ATTACHMENTS,
    oembed=(
        (
            f"_oembed_{cache_keys(YOUTUBE)[579]}",
            '<iframe title="Ready Brek &#039;Central Heating&#039;" '
            'src="https://www.youtube.com/embed/WzBxYi7IKzc?feature=oembed"></iframe>',
        ),
        ("_oembed_0123456789abcdef0123456789abcdef", "{{unknown}}"),
    ),
)
FOOTNOTES = PostContext(
    footnotes='[{"content":"The first <em>note</em>.","id":"f1"},{"content":"The second.","id":"f2"},'
    '{"content":"A note no mark refers to.","id":"f3"}]',
)  # fmt: skip


def test_golden():
    parts = [f"(context of every case: {CONTEXT!r}; FOOTNOTES: {FOOTNOTES!r})\n"]
    for name, html in CASES.items():
        context = FOOTNOTES if "FOOTNOTES" in name else CONTEXT
        converted = convert_post(name, html, [], base="https://blog.example/2010/01/post/", context=context)
        parts.append(f"==> {name} <==\n{html}\n--- MyST ---\n{converted.body}")
    check_golden("htmlconv.md", "\n".join(parts))


@pytest.mark.parametrize("start", ["²", "٣", "-2", "1e3", "99999999999", ""])
def test_a_list_start_that_is_no_plain_number_starts_at_one(start):
    body = convert_post("T", f"<ol start='{start}'><li>a</li><li>b</li></ol>", []).body
    assert body == "# T\n\n1. a\n2. b\n"


def test_comments_render_as_directives_with_no_private_field():
    comments = [
        Comment("1", None, 'Ann "The" Author', "2010-01-09T08:00:00+08:00", "Hi <b>there</b>\n\nbye"),
        Comment("2", "1", "Bob", None, "Reply <pre>```</pre>"),
        Comment("3", None, "Site", None, "[...] x [...]", linkback=True, url="https://other.example/p"),
    ]
    body = convert_post("T", "Text.", comments).body
    assert ':author: "Ann \\"The\\" Author"' in body
    assert ':parent: "1"' in body
    assert "`````{archive-comment}" in body  # a longer fence than its code block
    assert "{archive-linkback} https://other.example/p" in body


HOSTILE = [
    "*not emphasis* and _not_ either",
    "<b>tag as text</b>",
    "{sub}`x` and $math$",
    "[link](https://x.example) as text",
    "| a | b |",
    "`code` as text",
    "<!-- not a comment -->",
]


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    import html

    content = "\n\n".join(html.escape(text) for text in HOSTILE)
    content += "\n\n<ul><li>" + html.escape("- dash item") + "</li></ul>"
    content += "\n\nE = MC<sup>2</sup> and H<sub>2</sub>O, x<sup>a`b\\</sup>, <q>so</q>"
    content += f"\n\n<del>{html.escape(IN_A_ROLE)}</del> <abbr title='{html.escape(IN_A_ROLE)}'>T</abbr>"
    book = built(
        tmp_path_factory.mktemp("hostile"),
        {"h.xml": wxr(item(1, html.escape("Title *with* <em>"), content, name="hostile"))},
    )
    return book.html("posts/hostile.html")


def test_text_that_looks_like_markup_reaches_the_reader_as_text(hostile_page):
    article = hostile_page.select_one("article")
    text = article.get_text()
    for snippet in [*HOSTILE, "- dash item"]:
        assert snippet in text
    assert article.h1.get_text().rstrip("#¶ ") == "Title *with* <em>"
    made = article.select("em, strong, code, b, table")
    assert not [e for e in made if not e.find_parent(class_=["cite-panel", "post-colophon"])]


IN_A_ROLE = "*not emphasis* {sub}`x` [a](https://x.example) `code` <b>bold</b> \\ end"


def test_text_in_the_books_roles_stays_text(hostile_page):
    """A role's content is read as MyST: what looks like markup in it is
    escaped, as everywhere else."""
    struck = hostile_page.select_one("article del")
    assert struck.get_text() == IN_A_ROLE
    assert not struck.find_all(True)
    assert hostile_page.select_one("article abbr")["title"] == IN_A_ROLE


def test_superscripts_and_subscripts_stay_raised_and_lowered(hostile_page):
    article = hostile_page.select_one("article")
    assert [(e.name, e.get_text()) for e in article.select("sup, sub")] == [
        ("sup", "2"),
        ("sub", "2"),
        ("sup", "a`b\\"),
    ]
    assert "E = MC2 and H2O, xa`b\\, “so”" in article.get_text()


def test_fast_text_passes_equal_the_regular_expressions_they_replace():
    """The converter's shortcuts for whitespace and escaping give what the
    regular expressions that define them give, on every short string of
    the characters that matter (and many longer random ones)."""
    spaces = " \t\r\n\f\xa0a"
    markup = "a &#;*_[]<>|~`\\1"
    rng = random.Random(8)
    cases = [
        *("".join(p) for n in range(6) for p in itertools.product(spaces, repeat=n)),
        *("".join(rng.choice(spaces + markup) for _ in range(rng.randint(0, 40))) for _ in range(20000)),
    ]
    for text in cases:
        assert parsing.paragraph_breaks(text) == parsing.PARAGRAPHS.sub(parsing.PARA, text), repr(text)
        assert parsing.collapse_spaces(text) == parsing.SPACES.sub(" ", text), repr(text)
        assert htmlconv._escape(text) == escape_inline(text), repr(text)
    for text in ("".join(p) for n in range(4) for p in itertools.product(markup, repeat=n)):
        assert htmlconv._escape(text) == escape_inline(text), repr(text)


# HTML shaped so that a parser or MyST would drop text: each marker must reach
# the page, in order, and so must what follows it.
DEEP = {
    "quote 25 deep (MyST reads 19)": "<blockquote>" * 25 + "wordquote" + "</blockquote>" * 25,
    "list 12 deep (MyST reads 9)": "<ul><li>" * 12 + "wordlist" + "</li></ul>" * 12,
    "quote 245 deep (Python's recursion)": "<blockquote>" * 245 + "wordrecursion",
    "300 unclosed tags (libxml2 reads 256)": "<span>" * 300 + "wordunclosed <script>hidden()</script>",
    "2,100 unclosed tags (libxml2 reads 2,048)": "<i>" * 2100 + "wordbeyond <script>hidden()</script>",
    "text in a list but in no item": "<ul>wordlistlead<li>item</li>wordlistbetween<li>item</li></ul>",
    "text in a table but in no cell": "<table>wordtablelead<tr>wordrow<td>cell</td></tr></table>",
}


@pytest.mark.parametrize("case", DEEP, ids=list(DEEP))
def test_html_no_parser_reads_whole_keeps_every_word(tmp_path, case):
    content = f"<p>wordbefore</p>{DEEP[case]}\n\n<p>wordafter</p>"
    replies = comment(1, f"{DEEP[case]} wordcomment")
    book = built(tmp_path, {"d.xml": wxr(item(1, "Deep", content, name="deep", comments=replies))})
    text = book.html("posts/deep.html").select_one("article").get_text(" ")
    words = [w for w in text.split() if w.startswith("word")]
    markers = re.findall(r"word\w+", DEEP[case])
    assert words == ["wordbefore", *markers, "wordafter", *markers, "wordcomment"]
    assert "hidden()" not in text


@pytest.mark.parametrize(
    "text",
    [
        "Plain words.",
        "Runs  of\tspace\n\nand paragraphs\nand lines \n \n\n end",
        "1. not a list\n- nor this\n# nor a heading\n> nor a quote",
        "*stars* _under_ [x](y) `code` \\ | ~ {braces} %comment",
        "\x85 next line, \xa0no-break\u3000ideographic\u2028separator ",
        "中文 words\ufeff and \u200bzero width 😀",
    ],
)
def test_text_without_markup_converts_as_parsed_html_does(text):
    """Such text (most comments) is not parsed; what it gives is what
    libxml2's one text node would give, for a post and a comment alike."""
    for autop, nested in [(True, False), (True, True), (False, False)]:
        quick = htmlconv.HtmlConverter("https://blog.example/", autop=autop, nested=nested)
        parsed = htmlconv.HtmlConverter("https://blog.example/", autop=autop, nested=nested)
        root = parsing.fragment(text)
        assert root is not None and len(root) == 0  # one text node
        assert quick.convert(text) == parsed._tidy(parsed.blocks(root))
        assert quick.texts == parsed.texts


# -- a shortcode and the page WordPress renders from it give the same MyST ----

ONE = "https://blog.example/wp-content/uploads/2010/01/one.jpg"
TWO = "https://blog.example/wp-content/uploads/2010/01/two.jpg"
SONG = "https://blog.example/wp-content/uploads/2010/01/song.mp3"
SAME = {
    "gallery": (
        '[gallery ids="11,12" columns="2"]',
        # html5 themes (figure), older ones (dl/dt/dd), as gallery_shortcode() writes them
        "<div id='gallery-1' class='gallery galleryid-10 gallery-columns-2 gallery-size-full'>"
        f"<figure class='gallery-item'><div class='gallery-icon landscape'><a href='{ONE}'><img src='{ONE}' "
        "class='attachment-full size-full' alt='First image' /></a></div><figcaption class='wp-caption-text "
        "gallery-caption' id='gallery-1-11'>The <em>first</em> caption</figcaption></figure>"
        f"<figure class='gallery-item'><div class='gallery-icon'><img src='{TWO}' alt='' "
        f"/></div></figure></div>",
        "<div class='gallery gallery-columns-2'><dl class='gallery-item'><dt class='gallery-icon'>"
        f"<a href='https://blog.example/?attachment_id=11'><img src='{ONE}' alt='First image'/></a></dt>"
        "<dd class='wp-caption-text gallery-caption'>The <em>first</em> caption</dd></dl>"
        f"<br style='clear: both' /><dl class='gallery-item'><dt class='gallery-icon'><img src='{TWO}' "
        f"alt=''/>"
        "</dt></dl></div>",
    ),
    "audio": (
        f'[audio mp3="{SONG}"]',
        "<!--[if lt IE 9]><script>document.createElement('audio');</script><![endif]-->\n"
        '<audio class="wp-audio-shortcode" id="audio-10-1" preload="none" style="width: 100%;" '
        f'controls="controls"><source type="audio/mpeg" src="{SONG}?_=1" /><a '
        f'href="{SONG}">{SONG}</a></audio>',
    ),
    "video": (
        '[video width="640" height="360" mp4="https://blog.example/v.mp4"][/video]',
        '<div style="width: 640px;" class="wp-video"><video class="wp-video-shortcode" id="video-10-1" '
        'width="640" '
        'height="360" preload="metadata" controls="controls"><source type="video/mp4" '
        'src="https://blog.example/v.mp4?_=1" /><a '
        'href="https://blog.example/v.mp4">https://blog.example/v.mp4</a>'
        "</video></div>",
    ),
    "embed": (
        f"{YOUTUBE}",
        f"[embed]{YOUTUBE}[/embed]",
        '<!-- wp:embed {"url":"' + YOUTUBE + '","type":"video","providerNameSlug":"youtube"} -->\n'
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
        f'<div class="wp-block-embed__wrapper">\n{YOUTUBE}\n</div></figure>\n<!-- /wp:embed -->',
        # as the REST API renders it: the provider's frame, no address
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
        '<div class="wp-block-embed__wrapper"><iframe title="Ready Brek &#039;Central Heating&#039;" '
        'width="580" '
        'height="435" src="https://www.youtube.com/embed/WzBxYi7IKzc?feature=oembed" frameborder="0" '
        "allowfullscreen></iframe></div></figure>",
    ),
    "playlist": (
        '[playlist ids="14"]',
        '<div class="wp-playlist wp-audio-playlist wp-playlist-light"><div '
        'class="wp-playlist-current-item"></div>'
        '<audio controls="controls" preload="none" width="640"></audio><div class="wp-playlist-next"></div>'
        '<div class="wp-playlist-prev"></div><noscript><ol><li>song.mp3</li></ol></noscript>'
        '<script type="application/json" class="wp-playlist-script">{"type":"audio","tracklist":true,'
        f'"tracks":[{{"src":"{SONG}","type":"audio/mpeg","title":"A song","caption":"Sung by us",'
        '"description":"","meta":{"length_formatted":"0:02"}}]}</script></div>',
    ),
    "caption": (
        f'[caption id="attachment_11" align="alignnone" width="300"]<img src="{ONE}" alt="First image" /> '
        "The <em>first</em> caption[/caption]",
        f'<figure id="attachment_11" aria-describedby="caption-attachment-11" style="width: 300px" '
        f'class="wp-caption alignnone"><img src="{ONE}" alt="First image" /><figcaption '
        'id="caption-attachment-11" class="wp-caption-text">The <em>first</em> caption</figcaption></figure>',
    ),
    "footnotes": (
        '<p>Claim<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup>.</p>\n'
        "<!-- wp:footnotes /-->",
        '<p>Claim<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup>.</p>'
        '<ol class="wp-block-footnotes"><li id="f1">The first <em>note</em>. <a href="#f1-link" '
        'aria-label="Jump to footnote reference 1">↩︎</a></li><li id="f2">The second. <a '
        'href="#f2-link">↩︎</a></li>'
        '<li id="f3">A note no mark refers to. <a href="#f3-link">↩︎</a></li></ol>',
    ),
}


@pytest.mark.parametrize("kind", SAME)
def test_a_shortcode_and_its_rendered_page_give_the_same_myst(kind):
    """An export keeps shortcodes; the REST API and saved pages hold what
    WordPress rendered from them: the book must not depend on which."""
    context = FOOTNOTES if kind == "footnotes" else CONTEXT
    forms = [
        convert_post("T", html, [], base="https://blog.example/", context=context).body for html in SAME[kind]
    ]
    assert ("[" + kind not in forms[0] and "archive-" in forms[0]) or "[^1]" in forms[0]
    assert all(form == forms[0] for form in forms[1:]), forms


def test_what_was_not_carried_over_is_noted():
    html = (
        '[contact-form to="x@y.example"][contact-field label="Name"][/contact-form] [sic] [unknown_code] '
        f"[gallery ids='11,99']\n\n{YOUTUBE}\n\n<img src='https://cdn.example/a.jpg' "
        f"srcset='https://cdn.example/a-big.jpg 900w'>"
        "\n\n[audio src='https://blog.example/a.mp3']\n\n<!-- wp:latest-posts /--><!-- wp:archives "
        '{"a":1} /-->'
        "<!-- wp:more --><!--more--><!-- /wp:more --><!-- wp:footnotes /-->"
    )
    omissions = convert_post("T", html, [], base="https://blog.example/", context=CONTEXT).omissions
    assert omissions.shortcodes == ("contact-form", "contact-field", "unknown_code")
    assert omissions.images == (ONE, "", "https://cdn.example/a-big.jpg https://cdn.example/a.jpg")
    assert omissions.media == ("https://blog.example/a.mp3",)
    assert omissions.embeds == (YOUTUBE,)
    assert omissions.blocks == ("core/latest-posts", "core/archives")


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>", "Markup: Title *With* Mark{sup}`up`"),
        ("<strong>Bold</strong> and <code>x &lt; y</code>", "**Bold** and `x < y`"),
        ("Why <div> is bad", "Why \\<div\\> is bad"),
        ("An <em>unclosed tag", "An \\<em\\>unclosed tag"),
        ("Use <em>x</b> wrongly", "Use \\<em\\>x\\</b\\> wrongly"),
        ("a <br> b", "a \\<br\\> b"),
        ("2 < 3 and <em>so</em>", "2 \\< 3 and \\<em\\>so\\</em\\>"),
        ("- <em>listed</em>", "\\- *listed*"),
    ],
)
def test_a_title_is_html_only_when_it_holds_nothing_but_inline_formatting(source, shown):
    assert htmlconv.title_myst(source, source) == shown
    assert htmlconv.title_myst(source) == htmlconv.escape_line(source)  # a text dump's title: text


def test_a_rendered_page_s_bracketed_words_are_text():
    """What WordPress already rendered (``[[gallery]]`` shows as [gallery])
    is not rendered again."""
    html = "<p>Write [gallery] to show one.</p><p>https://www.youtube.com/watch?v=WzBxYi7IKzc</p>"
    body = convert_post("T", html, [], context=CONTEXT, rendered=True).body
    assert "\\[gallery\\] to show one" in body and "archive-" not in body
