"""The parser on the seed dump and on malformed ones."""

from __future__ import annotations

import pytest

from bindery.errors import DumpError
from bindery.model import BulletList, Paragraph, Quote
from bindery.sources.textdump import decode_dump, parse_dump

from .conftest import SEED, read_source

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def seed():
    return read_source(SEED, "raw/technology.txt")


def test_header(seed):
    assert (seed.kind, seed.name, seed.path) == ("Category", "Technology", "raw/technology.txt")


def test_titles_keep_their_typography(seed):
    assert [p.title for p in seed.posts] == [
        f"Corruption Probes Aim To Kickstart China’s Lagging Semiconductors{NBSP}Sector",
        f"US Stacks The Chips In High-Stakes High-Tech Game With{NBSP}China",
        f"Shanghai Police Data Hack Reveals As Much As It{NBSP}Hides",
        f"The Unhealthy Use Of China’s Health Codes{NBSP}App",
        f"Canada Finally Bans Huawei From Its 5G{NBSP}Networks",
        f"Policy Shift Will Favour China’s Tech Platform And Real Estate{NBSP}Firms",
        f"China Starts To Bring The Metaverse Into{NBSP}Line",
        f"China’s New Tech{NBSP}Order",
        f"The Chips Are{NBSP}Down",
        f"Reining In All{NBSP}Round",
    ]


def test_categories_and_comments(seed):
    assert [(p.categories, p.comments) for p in seed.posts] == [
        (("Technology",), 0),
        (("China-U.S.", "Technology"), 1),
        (("Politics & Society", "Technology"), 0),
        (("Politics & Society", "Technology"), 1),
        (("Technology",), 0),
        (("Economy", "Technology"), 0),
        (("Technology",), 0),
        (("Banking", "Technology"), 2),
        (("Technology",), 0),
        (("Financial Services", "Technology"), 0),
    ]


def test_source_lines_are_the_title_lines(seed):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for post in seed.posts:
        assert lines[post.source.line - 1] == post.title


def test_the_two_captions(seed):
    captioned = {p.title.split()[0]: p.captions for p in seed.posts if p.captions}
    assert captioned == {
        "US": (
            "Extreme ultraviolet source, droplet generator and collector mirror in a NXE3400b "
            "lithography system. Photo credit: courtesty ASML.Copyright © (ASML) All Rights Reserved",
        ),
        "Reining": ("Screenshot of China Cinda Asset Management web site captures on January 16, 2022",),
    }
    # the caption is not also the opening paragraph
    assert seed.posts[1].blocks[0].text.startswith("REPORTS FROM THE NETHERLANDS")


def test_the_list_of_four_bullets(seed):
    lists = [b for p in seed.posts for b in p.blocks if isinstance(b, BulletList)]
    assert len(lists) == 1
    items = lists[0].items
    assert len(items) == 4
    assert (
        items[0]
        == "pitching fake metaverse projects to investors and then disappearing with the funds invested;"
    )
    assert items[3].startswith("hyping plots of land on the metaverse")
    metaverse = seed.posts[6]
    before = metaverse.blocks[metaverse.blocks.index(lists[0]) - 1]
    assert before == Paragraph("The commission gave four common examples:", before.line)


def test_the_two_quotes(seed):
    quotes = [b.text for p in seed.posts for b in p.blocks if isinstance(b, Quote)]
    assert quotes == [
        "If Beijing develops durable advantages across the semiconductor supply chain, it would "
        "generate breakthroughs in foundational technologies that the US cannot match.",
        "China will comprehensively and seriously evaluate this incident and take all necessary "
        "measures to safeguard the legitimate rights and interests of Chinese companies.",
    ]


def test_every_body_line_is_kept(seed):
    """Each non-blank line of the dump is a title, caption, block line, or one
    of the header, comment and category lines: nothing is dropped."""
    kept = {seed.posts[0].source.line - 2}  # the header
    for post in seed.posts:
        kept.add(post.source.line)
        for block in post.blocks:
            count = len(block.items) if isinstance(block, BulletList) else block.text.count("\n") + 1
            kept.update(range(block.line, block.line + count))
    lines = SEED.read_text(encoding="utf-8").split("\n")
    unaccounted = [
        line
        for number, line in enumerate(lines, start=1)
        if line.strip() and number not in kept and not line.startswith(("Filed under", "Leave a comment"))
    ]
    captions = [c for p in seed.posts for c in p.captions]
    assert sorted(unaccounted) == sorted([*captions, "1 Comment", "1 Comment", "2 Comments"])


def test_same_post_has_the_same_key_across_spaces(seed):
    post = seed.posts[8]
    other = parse_dump(
        f"Category Archives: Economy\n\n{post.title.replace(NBSP, ' ')}\n\n"
        + "\n\n".join(b.text for b in post.blocks)
        + "\n\n3 Comments\n\nFiled under Economy\n",
        "raw/economy.txt",
    ).posts[0]
    assert other.key == post.key
    assert other.comments == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "raw/x.txt:1: empty dump"),
        ("\n \n\t\n", "raw/x.txt:1: empty dump"),
        (
            "Some Blog\n\nTitle\n\nText.\n\nLeave a comment\n\nFiled under A\n",
            'raw/x.txt:1: no archive header: the first line must be like "Category Archives: Technology"',
        ),
        ("Category Archives: Technology\n", "raw/x.txt:1: the dump holds no posts"),
        (
            "Category Archives: Technology\n\nTitle\n\nText.\n\nFiled under A\n",
            "raw/x.txt:7: post 'Title' has no comment line "
            '("Leave a comment", "1 Comment", "N Comments") before "Filed under"',
        ),
        (
            "Category Archives: Technology\n\nTitle\n\nText.\n\n1 Comment\n\nNext Title\n",
            "raw/x.txt:9: post 'Title' has no \"Filed under\" line after its comment line",
        ),
        (
            "Category Archives: Technology\n\nTitle\n\nText.\n\n1 Comment\n",
            "raw/x.txt:7: post 'Title' is cut off: no \"Filed under\" line",
        ),
        (
            "Category Archives: Technology\n\nTitle\n\nText.\n\nLeave a comment\n\nFiled under\n",
            "raw/x.txt:9: post 'Title' has an empty \"Filed under\" line",
        ),
        (
            "Category Archives: Technology\n\nTitle\n\nText.\n\nLeave a comment\n\nFiled under , ,\n",
            "raw/x.txt:9: post 'Title' has an empty \"Filed under\" line",
        ),
        (
            "Category Archives: Technology\n\nTitle\n\nLeave a comment\n\nFiled under A\n",
            "raw/x.txt:3: post 'Title' has a title but no text",
        ),
        (
            "Category Archives: Technology\n\nTitle\n\nText.\n\nLeave a comment\n\nFiled under A\n\n"
            "Second\n\nThe text stops here, mid-",
            "raw/x.txt:11: post 'Second' is cut off: the dump ends before its comment "
            'and "Filed under" lines',
        ),
    ],
)
def test_bad_dumps_name_file_and_line(text, message):
    with pytest.raises(DumpError) as caught:
        parse_dump(text, "raw/x.txt")
    assert str(caught.value) == message


def test_binary_and_foreign_encodings_are_refused():
    with pytest.raises(DumpError, match=r"^raw/x\.txt:2: binary data \(a NUL byte\)"):
        decode_dump(b"Category Archives: A\nab\0c\n", "raw/x.txt")
    with pytest.raises(DumpError, match=r"^raw/x\.txt:3: not UTF-8 \(byte 0xe9\)"):
        decode_dump("Category Archives: A\n\nCaf\u00e9\n".encode("latin-1"), "raw/x.txt")
    for encoding in ("utf-16-le", "utf-16-be"):
        with pytest.raises(DumpError, match=r"^raw/x\.txt:1: UTF-16 text without a byte-order mark;"):
            decode_dump("Category Archives: A\n\nT\n".encode(encoding), "raw/x.txt")
    # NUL bytes every other byte, but no text: still binary
    with pytest.raises(DumpError, match=r"^raw/x\.txt:1: binary data"):
        decode_dump(b"\x01\x00\x02\x00" * 10, "raw/x.txt")


def test_windows_line_endings_and_bom_are_read():
    text = decode_dump(
        b"\xef\xbb\xbfCategory Archives: A\r\n\r\nT\r\n\r\nX.\r\n\r\n1 Comment\r\n\r\nFiled under A\r\n", "x"
    )
    post = parse_dump(text, "x").posts[0]
    assert (post.title, post.blocks, post.comments) == ("T", (Paragraph("X.", 5),), 1)
