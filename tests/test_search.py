"""The search index, split so that a query loads only what it needs."""

from __future__ import annotations

import json
import re

from bindery.sphinxext.search import BLOCK, FOLDER, read_index, shard_files, shard_key

from .conftest import Book


def load_shards(book: Book) -> dict[str, object]:
    data = {}
    for path in (book.out / FOLDER).rglob("*.js"):
        match = re.fullmatch(
            r'BinderySearch\.receive\(("[^"]+"),(.*)\);\n', path.read_text(encoding="utf-8"), re.S
        )
        assert match, path
        name = json.loads(match.group(1))
        assert f"{name}.js" == path.relative_to(book.out / FOLDER).as_posix()
        data[name] = json.loads(match.group(2))
    return data


def test_shards_hold_exactly_the_index(seed_book):
    index = read_index(seed_book.out / "searchindex.js")
    shards = load_shards(seed_book)
    assert shards["meta"] == {
        "count": len(index["docnames"]),
        "block": BLOCK,
        "envversion": index["envversion"],
    }
    docnames = [
        name
        for block in sorted(k for k in shards if k.startswith("d/"))
        for name in shards[block]["docnames"]
    ]
    assert docnames == index["docnames"]
    for kind in ("terms", "titleterms"):
        merged = {t: v for k, s in shards.items() if k.startswith("t/") for t, v in s[kind].items()}
        assert merged == index[kind]
        for term in index[kind]:
            assert term in shards[f"t/{shard_key(term)}"][kind]


def test_blocks_split_many_pages():
    index = {"docnames": [f"posts/p{i}" for i in range(1201)], "envversion": {}, "terms": {"chip": [1200]}}
    index |= {"titles": index["docnames"], "filenames": index["docnames"], "titleterms": {"中国": 3}}
    files = shard_files(index)
    assert sorted(f for f in files if f.startswith("d/")) == ["d/0.js", "d/1.js", "d/2.js"]
    assert '"start":1000' in files["d/2.js"]
    assert f"t/{'中国'.encode().hex()}.js" in files
    assert "t/6368.js" in files  # "ch"


def test_cached_stemmer_gives_sphinx_stems():
    from sphinx.search.en import SearchEnglish

    from bindery.sphinxext.search import CachedEnglish

    words = ["Huawei", "lithography", "semiconductors", "running", "ran", "Bystander", "Bystander", "中国"]
    cached, plain = CachedEnglish({}), SearchEnglish({})
    assert [cached.stem(w) for w in words] == [plain.stem(w) for w in words]
    assert [cached.stem(w) for w in words] == [plain.stem(w) for w in words]  # from the cache


def test_listings_are_not_indexed_twice(seed_book):
    index = read_index(seed_book.out / "searchindex.js")
    docs = index["docnames"]
    found: set[int] = set()
    for kind in ("terms", "titleterms"):
        hits = index[kind]["huawei"]
        found.update([hits] if isinstance(hits, int) else hits)
    assert sorted(docs[i] for i in found) == [
        "posts/canada-finally-bans-huawei-from-its-5g-networks",
        "posts/china-starts-to-bring-the-metaverse-into-line",
        "posts/shanghai-police-data-hack-reveals-as-much-as-it-hides",
    ]
