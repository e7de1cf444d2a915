"""Parent and child pages and categories: the sidebar, the breadcrumbs and
the category pages show them nested, from what the export says (page
parents in the pages' front matter, category parents in blog.yaml)."""

from __future__ import annotations

import pytest

from bindery.archive.blogfile import load_blog_file
from bindery.archive.store import parse_post
from bindery.cli import main as bindery

from .conftest import Book, sphinx_build
from .test_book import resolve
from .test_wxr import item, new_book, wxr


def category(term_id: int, slug: str, name: str, parent: str = "") -> str:
    return (
        f"<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
        f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name><![CDATA[{name}]]></wp:cat_name>"
        "</wp:category>\n"
    )


def filed(*names: str) -> str:
    return "".join(
        f'<category domain="category" nicename="{n.lower()}"><![CDATA[{n}]]></category>' for n in names
    )


def page(post_id: int, title: str, name: str, parent: int = 0) -> str:
    extra = f"<wp:post_parent>{parent}</wp:post_parent>\n"
    return item(post_id, title, f"The {title} page.", name=name, kind="page", terms="", extra=extra)


TERMS = (
    category(12, "china", "China", "asia")  # a child before its parent, as real exports have them
    + category(10, "world", "World")
    + category(11, "asia", "Asia", "world")
    + category(13, "europe", "Europe", "world")
)
EXPORT = wxr(
    item(1, "Beijing Notes", "From China.", name="beijing", terms=filed("China"))
    + item(2, "Asian Markets", "From Asia.", name="markets", terms=filed("Asia"))
    + item(3, "World Roundup", "From the world.", name="roundup", terms=filed("World"))
    + item(4, "Paris Notes", "From Europe.", name="paris", terms=filed("Europe"))
    + page(22, "People", "people", parent=21)  # a child before its parent
    + page(20, "About", "about")
    + page(21, "Team", "team", parent=20)
    + page(23, "Contact", "contact"),
    head=TERMS,
)


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> Book:
    base = tmp_path_factory.mktemp("nested")
    src = new_book(base / "src", {"nested.xml": EXPORT})
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "nested.xml")]) == 0
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


def crumbs(book: Book, address: str) -> list[str]:
    return [li.get_text(strip=True) for li in book.html(address).select(".bd-breadcrumbs li")][1:]


def test_pages_keep_their_parents(nested):
    meta = {
        p.name: parse_post(p.read_text("utf-8"), p.name).meta for p in (nested.src / "pages").glob("*.md")
    }
    assert {name: m.get("parent") for name, m in meta.items()} == {
        "about.md": None,
        "team.md": "about",
        "people.md": "team",
        "contact.md": None,
    }
    assert crumbs(nested, "pages/people.html") == ["About", "Team", "People"]
    assert crumbs(nested, "pages/about.html") == ["About"]
    # the sidebar's Pages list, nested, on every page
    for address in ("index.html", "posts/paris.html", "pages/people.html"):
        pages = nested.html(address).select_one("ul.bindery-pages")
        top = [li.a.get_text() for li in pages.find_all("li", recursive=False)]
        assert top == ["About", "Contact"], address
        about = pages.find("li", recursive=False)
        team = about.select_one(":scope > ul.bindery-subpages > li")
        assert team.a.get_text() == "Team"
        assert [a.get_text() for a in team.select(":scope > ul.bindery-subpages > li > a")] == ["People"]
        link = resolve(address, team.a["href"])
        assert link == "pages/team.html", address


def listed(book: Book, address: str) -> dict[str, str]:
    """Each listed post's title → the line that says where it is filed ('' if none)."""
    out = {}
    for li in book.html(address).select(".post-list li"):
        lines = [""]
        for part in li.p.children:
            if getattr(part, "name", None) == "br":
                lines.append("")
            else:
                lines[-1] += part.get_text()
        out[li.p.a.get_text()] = next((line.strip() for line in lines if line.strip().startswith("In ")), "")
    return out


def test_categories_keep_their_parents(nested):
    blog = load_blog_file(nested.src)
    assert {n: (c.parent, c.id) for n, c in blog.categories.items()} == {
        "China": ("Asia", 12),
        "World": (None, 10),
        "Asia": ("World", 11),
        "Europe": ("World", 13),
    }
    # a post filed in a child is listed by its parents too, marked with the child it is filed in
    assert listed(nested, "categories/world.html") == {
        "Paris Notes": "In Europe",
        "World Roundup": "",
        "Asian Markets": "In Asia",
        "Beijing Notes": "In China",
    }
    assert listed(nested, "categories/asia.html") == {"Asian Markets": "", "Beijing Notes": "In China"}
    assert listed(nested, "categories/china.html") == {"Beijing Notes": ""}
    world = nested.html("categories/world.html").select_one("article").get_text(" ", strip=True)
    assert "Subcategories: Asia (2), Europe (1)." in world
    assert crumbs(nested, "categories/china.html") == ["All categories", "World", "Asia", "China"]
    assert crumbs(nested, "posts/beijing.html")[:4] == ["All categories", "World", "Asia", "China"]
    # the index of all categories, nested
    index = nested.html("categories/index.html").select_one(".term-list > ul")
    world_item = index.find("li", recursive=False)
    assert world_item.p.a.get_text() == "World"
    assert [a.get_text() for a in world_item.select(":scope > ul > li > p > a")] == ["Asia", "Europe"]
    assert [a.get_text() for a in world_item.select(":scope > ul > li > ul > li > p > a")] == ["China"]
    # a parent's feed holds its children's posts
    feed = (nested.out / "categories" / "world.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 4


def test_hand_edits_of_the_hierarchy_survive_a_reimport(nested, tmp_path):
    src = new_book(tmp_path / "src", {"nested.xml": EXPORT})
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "nested.xml")]) == 0
    people = src / "pages" / "people.md"
    people.write_text(people.read_text("utf-8").replace("parent: team", "parent: contact"), "utf-8")
    blog_yaml = src / "blog.yaml"
    blog_yaml.write_text(blog_yaml.read_text("utf-8").replace("parent: Asia", "parent: World"), "utf-8")
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "nested.xml")]) == 0
    assert "parent: contact" in people.read_text("utf-8")
    assert load_blog_file(src).categories["China"].parent == "World"
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    book = Book(src, tmp_path / "html")
    assert crumbs(book, "pages/people.html") == ["Contact", "People"]
    assert crumbs(book, "categories/china.html") == ["All categories", "World", "China"]


@pytest.mark.parametrize(
    ("file", "old", "new", "error"),
    [
        (
            "pages/people.md",
            "parent: team",
            "parent: nobody",
            "parent: 'nobody' is not a page (pages/nobody.md)",
        ),
        (
            "pages/about.md",
            "slug: about",
            "slug: about\nparent: people",
            "parent: 'about' would be its own ancestor",
        ),
        ("posts/paris.md", "slug: paris", "slug: paris\nparent: about", "parent: a post has no parent page"),
    ],
)
def test_a_bad_parent_is_one_line(tmp_path, file, old, new, error):
    src = new_book(tmp_path / "src", {"nested.xml": EXPORT})
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "nested.xml")]) == 0
    path = src / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    line = next(n for n, t in enumerate(path.read_text("utf-8").split("\n"), 1) if t.startswith("parent:"))
    result = sphinx_build(src, tmp_path / "html")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{file}:{line}: {error}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_renamed_category_keeps_its_place(tmp_path):
    src = new_book(tmp_path / "src", {"nested.xml": EXPORT})
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "nested.xml")]) == 0
    assert bindery(["--root", str(src), "rename-category", "Asia", "Asia Pacific"]) == 0
    categories = load_blog_file(src).categories
    assert categories["Asia Pacific"].parent == "World" and categories["China"].parent == "Asia Pacific"
    assert "Asia" not in categories
    # a later import of the same export files under the new name, and keeps the tree
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "nested.xml")]) == 0
    categories = load_blog_file(src).categories
    assert "Asia" not in categories and categories["China"].parent == "Asia Pacific"
