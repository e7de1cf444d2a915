"""WordPress HTML to MyST: golden output, and text that stays text in a real build.

Set BINDERY_UPDATE_GOLDEN=1 to rewrite the golden file after a deliberate
change, then read the diff.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

from bindery.markup import htmlconv
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
}


def test_golden():
    parts = []
    for name, html in CASES.items():
        converted = convert_post(name, html, [], base="https://blog.example/2010/01/post/")
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
        assert htmlconv.paragraph_breaks(text) == htmlconv._PARAGRAPHS.sub(htmlconv.PARA, text), repr(text)
        assert htmlconv.collapse_spaces(text) == htmlconv._SPACES.sub(" ", text), repr(text)
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
        root = htmlconv._fragment(text)
        assert root is not None and len(root) == 0  # one text node
        assert quick.convert(text) == parsed._tidy(parsed.blocks(root))
        assert quick.texts == parsed.texts
