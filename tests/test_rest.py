"""The REST reader (``sources/rest.py``) on saved API responses, and the
merge of a post an export and a fetch both give: no server, no build."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from bindery.archive.store import PostFile, load_posts
from bindery.importer.merge import words_in_body
from bindery.model import BulletList, Post, Quote

from .conftest import BOOK_FILES, ROOT, SEED, copy_repository_book, read_source
from .test_wxr import THEME, comment, item, run, snapshot, wxr

FETCHED = Path(__file__).parent / "fetched" / "theme-unit-test"  # 2012-01-01 to 2012-01-08 of the theme test
SHORTCODE = re.compile(r"\[/?[a-z_]+\b[^\]]*\]")


def words(text: str) -> Counter[str]:
    """The words a reader sees, as the merge counts them; WordPress's
    typographic quotes and dashes are not words either way, and its
    ``150×150`` (wptexturize's of ``150x150``) is the same word."""
    return Counter(re.findall(r"\w+", SHORTCODE.sub(" ", text).replace("×", "x").casefold()))


FIRST_COMMENT = re.compile(r"^`{3,}\{archive-(?:comment|linkback)\}", re.MULTILINE)
COMMENT_ID = re.compile(
    r"^```\{archive-(comment|linkback)\}.*\n(?::(?!id:).*\n)*:id: \"(\d+)\"", re.MULTILINE
)


def text_words(post: Post | PostFile) -> Counter[str]:
    """The words of the post's text: after its title heading (the title is
    compared apart: WordPress renders "quotes" in a title as “quotes”) and
    before its comments, without markup (``merge.words_in_body``'s rule)."""
    body = FIRST_COMMENT.split((post.body or "").split("\n", 1)[1], 1)[0]
    assert words_in_body(body) >= 0
    return words(re.sub(r"\]\([^)]*\)|^:[\w-]+:.*$|^`{3,}.*$", " ", body, flags=re.MULTILINE))


def comment_ids(post: Post | PostFile) -> dict[str, str]:
    """Each comment's id and kind (comment or linkback), as its body holds them."""
    return {cid: kind for kind, cid in COMMENT_ID.findall(post.body or "")}


def test_a_saved_fetch_reads_as_the_same_posts_as_the_export():
    fetched = read_source(FETCHED, "raw/site")
    exported = {p.wp_id: p for p in read_source(THEME, "raw/theme.xml").posts}
    assert len(fetched.posts) == 5 and fetched.skipped == {"password-protected": 1}
    for post in fetched.posts:
        twin = exported[post.wp_id]
        assert (post.kind, post.name, post.date, post.guid) == (twin.kind, twin.name, twin.date, twin.guid)
        assert words(post.title) == words(twin.title)
        assert post.author == twin.author or twin.author is None  # the export names no author for some
        assert {c.casefold() for c in post.categories} == {c.casefold() for c in twin.categories}
        assert {t.casefold() for t in post.tags} == {t.casefold() for t in twin.tags}
        assert post.original_url is not None and post.original_url.startswith("http://127.0.0.1:8550/")
        # every word of the export's text is in the fetched one (a gallery's captions may be more)
        assert not text_words(twin) - text_words(post), post.name
        # the same approved comments; the public API lists no pingbacks or trackbacks
        exported_comments = {cid for cid, kind in comment_ids(twin).items() if kind == "comment"}
        assert comment_ids(post) == dict.fromkeys(exported_comments, "comment")
    comments = {p.name: p.comments for p in fetched.posts}
    assert comments == {
        "template-comments": 19,
        "template-comments-disabled": 0,
        "template-pingbacks-an-trackbacks": 1,
        "template-paginated": 0,
        "template-sticky": 0,
    }


def test_nested_comments_keep_their_ids_and_parents():
    posts = {p.name: p for p in read_source(FETCHED, "raw/site").posts}
    body = posts["template-comments"].body or ""
    assert ':id: "915"\n:parent: "914"' in body
    assert body.count("{archive-comment}") == 19


def test_nothing_private_is_read():
    """No commenter's e-mail or IP address (the export has them; the public
    API never shows them), no unapproved comment, no protected post."""
    export = THEME.read_text(encoding="utf-8")
    private = set(re.findall(r"<wp:comment_author_email><!\[CDATA\[([^\]]+)\]\]>", export))
    private |= {ip for ip in re.findall(r"<wp:comment_author_IP><!\[CDATA\[([^\]]+)\]\]>", export) if ip}
    unapproved = re.findall(
        r"<wp:comment_id>(\d+)</wp:comment_id>(?:(?!</wp:comment>).)*<wp:comment_approved>(?:<!\[CDATA\[)?0",
        export,
        re.DOTALL,
    )
    assert private and unapproved
    saved = "".join(p.read_text(encoding="utf-8") for p in FETCHED.rglob("*.json"))
    assert not [value for value in private if value in saved]
    bodies = "".join(p.body or "" for p in read_source(FETCHED, "raw/site").posts)
    assert not [cid for cid in unapproved if f':id: "{cid}"' in bodies]
    assert "Protected" not in bodies and "enter" not in re.sub(r"\w*enter\w+", "", bodies)


def new_book(dest: Path) -> Path:
    (dest / "raw").mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, dest / name)
    return dest


def test_make_posts_imports_a_fetch_folder_and_never_a_fetch_in_progress(tmp_path):
    book = new_book(tmp_path / "book")
    shutil.copytree(FETCHED, book / "raw" / "blog.example")
    staging = book / "raw" / ".fetching-blog.example"
    staging.mkdir()
    (staging / "0001-posts.json").write_text("[{half", encoding="utf-8")
    result = run(book, "import", "raw")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "not published (skipped): 1 password-protected",
        # (blog.yaml among them: the fetch as a source of the blog, its categories)
        "5 added, 0 merged, 0 unchanged; 3 categories; 7 files written",
    ]
    post = load_posts(book)["template-comments"]
    assert [s["file"] for s in post.meta["sources"]] == ["raw/blog.example"]
    assert post.meta["date"] == "2012-01-03T10:11:37-07:00" and post.meta["author"] == "Theme Buster"
    assert post.meta["wp_id"] == 1148 and post.meta["comments"] == 19


# -- one post from an export and a fetch ------------------------------------

LINK = "https://blog.example/shared/"


def rest_post(wp_id: int, html: str, modified: str = "2011-02-03T02:00:00", **extra: Any) -> dict[str, Any]:
    """A post as the public API gives it (the fields the reader reads)."""
    return {
        "id": wp_id,
        "date": "2010-01-08T12:20:00",
        "date_gmt": "2010-01-08T04:20:00",
        "guid": {"rendered": f"https://blog.example/?p={wp_id}"},
        "modified": modified.replace("T02", "T10"),
        "modified_gmt": modified,
        "slug": "shared",
        "status": "publish",
        "type": "post",
        "link": LINK,
        "title": {"rendered": "Shared post"},
        "content": {"rendered": html, "protected": False},
        "author": 1,
        "categories": [1],
        "tags": [],
        "_embedded": {"author": [{"id": 1, "name": "Jane Doe"}]},
        **extra,
    }


def write_fetch(folder: Path, responses: list[tuple[str, Any]]) -> None:
    """A fetch folder as ``bindery fetch`` saves one."""
    folder.mkdir(parents=True)
    entries = []
    for number, (kind, data) in enumerate(responses, 1):
        name = f"{number:04d}-{kind}.json"
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
        entries.append({"file": name, "url": f"https://blog.example/wp-json/wp/v2/{kind}",
                        "fetched": "2024-05-01T12:00:00+00:00", "kind": kind})  # fmt: skip
    index = {"format": "bindery-fetch/1", "site": "https://blog.example", "responses": entries}
    (folder / "fetch.json").write_text(json.dumps(index), encoding="utf-8")


CATEGORY = ("categories", [{"id": 1, "name": "Technology", "link": "https://blog.example/category/tech/"}])
WRITTEN = 'The words as written.\n\n[gallery ids="4,5"]'
RENDERED = "<p>The words as written.</p><figure><figcaption>A caption the gallery adds</figcaption></figure>"


def export_item(content: str) -> str:
    return wxr(item(9, "Shared post", content, name="shared").replace("https://blog.example/shared/", LINK))


def test_where_an_export_and_a_fetch_give_a_post_the_body_with_more_words_is_kept(tmp_path):
    book = new_book(tmp_path / "book")
    (book / "raw" / "blog.xml").write_text(export_item(WRITTEN), encoding="utf-8")
    write_fetch(
        book / "raw" / "blog.example" / "2024-05-01T120000Z", [CATEGORY, ("posts", [rest_post(9, RENDERED)])]
    )
    result = run(book, "import", "raw")
    assert result.returncode == 0, result.stderr
    assert "posts/shared.md: body kept over raw/blog.xml's: 11 words, not 6" in result.stdout
    (post,) = load_posts(book).values()
    assert "A caption the gallery adds" in post.body
    assert [s["file"] for s in post.meta["sources"]] == ["raw/blog.example", "raw/blog.xml"]
    before = snapshot(book)
    again = run(book, "import", "raw")  # the same choice again, and nothing written
    assert again.returncode == 0 and again.stdout.endswith("0 files written\n")
    assert "posts/shared.md: body kept over raw/blog.xml's: 11 words, not 6" in again.stdout
    assert snapshot(book) == before


def test_the_export_body_is_kept_where_it_holds_more_words(tmp_path):
    book = new_book(tmp_path / "book")
    (book / "raw" / "blog.xml").write_text(export_item(WRITTEN + "\n\nA paragraph more."), encoding="utf-8")
    write_fetch(book / "raw" / "blog.example" / "2024-05-01T120000Z",
                [CATEGORY, ("posts", [rest_post(9, "<p>The words as written.</p>")])])  # fmt: skip
    result = run(book, "import", "raw")
    assert result.returncode == 0, result.stderr
    assert "posts/shared.md: the body from raw/blog.xml kept: 9 words, not 6" in result.stdout
    assert "A paragraph more." in load_posts(book)["shared"].body


def test_a_later_fetch_of_an_edited_post_brings_the_edit(tmp_path):
    """A newer version wins whatever its length, over the export and over
    the earlier fetch; ``updated`` follows it."""
    book = new_book(tmp_path / "book")
    (book / "raw" / "blog.xml").write_text(export_item(WRITTEN), encoding="utf-8")
    site = book / "raw" / "blog.example"
    write_fetch(site / "2024-05-01T120000Z", [CATEGORY, ("posts", [rest_post(9, RENDERED)])])
    assert run(book, "import", "raw").returncode == 0
    edited = rest_post(9, "<p>Shorter now.</p>", modified="2024-06-01T09:00:00")
    write_fetch(site / "2024-06-02T120000Z", [CATEGORY, ("posts", [edited])])
    result = run(book, "import", "raw")
    assert result.returncode == 0, result.stderr
    assert "posts/shared.md: the body from raw/blog.example kept: edited on the blog since" in result.stdout
    post = load_posts(book)["shared"]
    assert "Shorter now." in post.body and "A caption" not in post.body
    assert post.meta["updated"] == "2024-06-01T09:00:00+00:00"
    again = run(book, "import", "raw")  # the export's older version does not come back
    assert "Shorter now." in load_posts(book)["shared"].body
    assert "newer than raw/blog.xml's" in again.stdout and again.stdout.endswith("0 files written\n")


def test_comments_come_with_their_post(tmp_path):
    book = new_book(tmp_path / "book")
    comments = [
        {"id": 3, "post": 9, "parent": 0, "author_name": "Ann", "author_url": "https://ann.example/",
         "date": "2010-01-09T08:00:00", "date_gmt": "2010-01-09T00:00:00",
         "content": {"rendered": "<p>First!</p>"}, "status": "approved", "type": "comment"},
        {"id": 4, "post": 9, "parent": 3, "author_name": "Bo", "author_url": "",
         "date": "2010-01-09T08:00:00", "date_gmt": "2010-01-09T00:00:00",
         "content": {"rendered": "<p>A *reply*.</p>"}, "status": "approved", "type": "comment"},
    ]  # fmt: skip
    write_fetch(book / "raw" / "blog.example" / "x", [CATEGORY, ("posts", [rest_post(9, RENDERED)]),
                                                     ("comments", comments)])  # fmt: skip
    exported = new_book(tmp_path / "exported")
    reply = comment(4, "<p>A *reply*.</p>", parent=3, author="Bo", url="")
    export = export_item(RENDERED).replace("</item>", comment(3, "<p>First!</p>") + reply + "</item>")
    (exported / "raw" / "blog.xml").write_text(export, encoding="utf-8")
    for root in (book, exported):
        assert run(root, "import", "raw").returncode == 0
    fetched, twin = load_posts(book)["shared"], load_posts(exported)["shared"]
    assert fetched.body == twin.body and fetched.meta["comments"] == 2
    assert r"A \*reply\*." in fetched.body


# -- bad saved files: one line, nothing written --------------------------------


def test_a_saved_response_that_is_not_json_is_one_line(tmp_path):
    book = new_book(tmp_path / "book")
    folder = book / "raw" / "blog.example" / "2024"
    write_fetch(folder, [CATEGORY, ("posts", [rest_post(9, RENDERED)])])
    (folder / "0002-posts.json").write_text('[\n  {"id": 9,\n  oops', encoding="utf-8")
    result = run(book, "import", "raw")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "raw/blog.example/2024/0002-posts.json:3:3: "
        "not JSON: Expecting property name enclosed in double quotes\n"
    )
    assert not (book / "posts").exists()


def test_a_saved_response_of_the_wrong_shape_is_one_line(tmp_path):
    book = new_book(tmp_path / "book")
    bad = rest_post(9, RENDERED)
    del bad["content"]
    write_fetch(book / "raw" / "blog.example" / "2024", [CATEGORY, ("posts", [bad])])
    result = run(book, "import", "raw")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "raw/blog.example/2024/0002-posts.json:1: item 1 (post 9): no content\n"
    (book / "raw" / "blog.example" / "2024" / "fetch.json").write_text(
        '{"format": "other"}', encoding="utf-8"
    )
    result = run(book, "import", "raw")
    assert (
        result.stderr
        == 'raw/blog.example/2024/fetch.json:1: not a fetch\'s index (no "format": "bindery-fetch/1")\n'
    )


def seed_as_fetched(posts: list[Post]) -> list[dict[str, Any]]:
    """The seed dump's posts as the blog's API would give them: the same
    words in WordPress's HTML, with what the copy lacks (dates, addresses)."""
    out = []
    for number, seed in enumerate(posts, 1):
        blocks = []
        for block in seed.blocks:
            if isinstance(block, BulletList):
                blocks.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>")
            elif isinstance(block, Quote):
                blocks.append(f"<blockquote><p>{escape(block.text)}</p></blockquote>")
            else:
                blocks.append(f"<p>{escape(block.text)}</p>")
        captions = "".join(f"<figure><figcaption>{escape(c)}</figcaption></figure>" for c in seed.captions)
        day = f"2022-01-{number:02d}"
        fetched = rest_post(
            100 + number,
            captions + "\n".join(blocks),
            slug=f"wp-slug-{number}",
            link=f"https://chinabystander.wordpress.com/{day.replace('-', '/')}/wp-slug-{number}/",
            date=f"{day}T09:30:00",
            date_gmt=f"{day}T01:30:00",
        )
        fetched["title"] = {"rendered": escape(seed.title)}
        fetched["guid"] = {"rendered": f"https://chinabystander.wordpress.com/?p={100 + number}"}
        out.append(fetched)
    return out


def test_fetching_the_seed_blog_dates_its_posts_and_moves_no_address(tmp_path):
    """The ten posts copied from the Technology archive page, fetched from
    the blog: merged by their words into the pages they have, which gain
    their dates, addresses and ids and keep their slugs."""
    book = copy_repository_book(tmp_path / "book")
    addresses = (book / "addresses.txt").read_text(encoding="utf-8")
    fetched = seed_as_fetched(list(read_source(SEED, "raw/technology.txt").posts))
    technology = [{"id": 1, "name": "Technology", "link": ""}]
    folder = book / "raw" / "chinabystander.wordpress.com" / "2024-05-01T120000Z"
    write_fetch(folder, [("categories", technology), ("posts", fetched)])
    before = load_posts(book)
    result = run(book, "import", "raw")
    assert result.returncode == 0, result.stderr
    assert "0 added, 10 merged, 0 unchanged" in result.stdout
    after = load_posts(book)
    assert sorted(after) == sorted(before)  # no address moved, none added
    for number, post in enumerate(sorted(after.values(), key=lambda p: p.meta["wp_id"]), 1):
        assert post.meta["date"] == f"2022-01-{number:02d}T09:30:00+08:00"
        assert post.meta["original_url"].startswith("https://chinabystander.wordpress.com/2022/01/")
        assert [s["file"] for s in post.meta["sources"]] == [
            "raw/chinabystander.wordpress.com",
            "raw/technology.txt",
        ]
    assert (
        (book / "addresses.txt").read_text(encoding="utf-8").startswith(addresses.rstrip("\n").split("\n")[0])
    )
