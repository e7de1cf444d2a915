"""Which posts go in which volume (book/volumes.py): no Sphinx, no build."""

from __future__ import annotations

from bindery.book.catalog import PostRecord
from bindery.book.volumes import plan_volumes, render_volume, volume_stamp
from bindery.model import Source


def _posts(dates: list[str | None]) -> tuple[dict[str, PostRecord], list[str]]:
    """Posts with these dates, newest first as given, from one dump."""
    posts = {}
    for n, date in enumerate(dates):
        doc = f"posts/p{n}"
        posts[doc] = PostRecord(
            slug=f"p{n}", kind="post", title=f"Post {n}", date=date, sources=(Source("raw/d.txt", n + 1),)
        )
    return posts, list(posts)


def test_a_small_archive_is_one_edition_with_a_chapter_a_month_and_its_undated_posts_last():
    posts, order = _posts(["2022-03-02", "2022-03-01", None, "2021-12-24", None])
    (volume,) = plan_volumes(posts, order, limit=5)
    assert volume.key == "archive" and volume.span == "2021–2022"
    assert [(c.title, len(c.posts)) for c in volume.chapters] == [
        ("March 2022", 2),
        ("December 2021", 1),
        ("Posts without a date", 2),
    ]
    assert sorted(volume.posts) == sorted(order)


def test_a_large_archive_is_a_volume_a_year_and_one_of_undated_posts():
    posts, order = _posts(["2023-01-05", "2022-06-01", "2022-05-01", None, "2021-01-01", None])
    volumes = plan_volumes(posts, order, limit=5)
    assert [(v.key, v.title, len(v.posts)) for v in volumes] == [
        ("2023", "2023", 1),
        ("2022", "2022", 2),
        ("2021", "2021", 1),
        ("undated", "Posts without a date", 2),
    ]
    every = [doc for v in volumes for doc in v.posts]
    assert sorted(every) == sorted(order) and len(every) == len(set(every))


def test_a_year_too_big_for_a_volume_is_cut_at_months_and_parts_count_from_the_oldest():
    dates = [f"2022-{m:02d}-{d:02d}" for m in (12, 11, 10, 9) for d in (3, 2, 1)] + ["2021-01-01"]
    posts, order = _posts(dates)
    volumes = plan_volumes(posts, order, limit=7)
    parts = [v for v in volumes if v.key.startswith("2022")]
    assert [v.key for v in parts] == ["2022-part-2", "2022-part-1"]
    assert [c.title for c in parts[1].chapters] == ["October 2022", "September 2022"]  # whole months
    assert [c.title for c in parts[0].chapters] == ["December 2022", "November 2022"]
    assert all(len(v.posts) <= 7 for v in volumes)


def test_a_month_bigger_than_a_volume_is_cut_too():
    posts, order = _posts([f"2022-01-{d:02d}" for d in range(20, 0, -1)] + [None])
    volumes = plan_volumes(posts, order, limit=8)
    assert [len(v.posts) for v in volumes if v.key.startswith("2022")] == [4, 8, 8]
    assert all(len(v.posts) <= 8 for v in volumes)


def test_a_new_post_changes_only_its_own_volumes_stamp():
    posts, order = _posts(["2023-01-05", "2022-06-01", "2022-05-01", "2021-01-01"])
    digests = dict.fromkeys(order, "same")
    before = {v.key: volume_stamp(v, digests, "conf") for v in plan_volumes(posts, order, limit=3)}
    more, _ = _posts(["2023-02-01", "2023-01-05", "2022-06-01", "2022-05-01", "2021-01-01"])
    # the same posts under the names the first plan gave them, and a new one in 2023
    renamed = {f"posts/p{n - 1}" if n else "posts/new": r for n, (doc, r) in enumerate(more.items())}
    new_order = list(renamed)
    digests = dict.fromkeys(new_order, "same")
    after = {v.key: volume_stamp(v, digests, "conf") for v in plan_volumes(renamed, new_order, limit=3)}
    assert [key for key in after if after[key] != before.get(key)] == ["2023"]
    assert volume_stamp(plan_volumes(renamed, new_order, limit=3)[1], digests, "other conf") != after["2022"]


def test_the_root_document_lists_the_chapters_and_the_chapters_their_posts():
    posts, order = _posts(["2022-03-02", None])
    (volume,) = plan_volumes(posts, order)
    files = render_volume(volume, "A *Blog*", "https://example.org/")
    root = files["edition-archive.md"]
    assert root.splitlines()[2] == "# A \\*Blog\\*: The whole archive"
    assert "The archive's address: <https://example.org/>" in root
    assert "/editions/archive/2022-03\n/editions/archive/undated" in root
    assert "/posts/p0" in files["editions/archive/2022-03.md"]
