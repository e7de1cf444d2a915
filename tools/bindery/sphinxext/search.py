"""Search that loads only what a query needs.

Sphinx writes one ``searchindex.js`` holding every word of every page: at
10,000 posts, some 20 MB that each search page downloads.  After the
build, this module splits it into small scripts under ``_search/``: the
pages' names and titles in blocks of BLOCK, and the words in shards by
their first two letters.  The search page loads the shards of the
query's words and the blocks of the pages they name, then hands Sphinx's
own search code the index it needs (``bindery-search.js``).

``searchindex.js`` stays in the output: Sphinx reads it back to update
the index on an incremental build.  Readers never download it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.search.en import SearchEnglish

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "_search"
BLOCK = 500  # pages per block of names and titles
PREFIX = 2  # letters of a word that name its shard


class CachedEnglish(SearchEnglish):
    """Sphinx's English search index, stemming each distinct word once.

    The Snowball stemmer is pure Python and Sphinx calls it for every word
    of every page: at 1,000 posts of realistic prose that was 40% of the
    whole build, for a vocabulary a tenth the size of the text.  The
    stems, and so the index, are the same.
    """

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        try:
            return self._stems[word]
        except KeyError:
            stem = self._stems[word] = super().stem(word)
            return stem


def shard_key(term: str) -> str:
    """A shard's file name: the hex UTF-8 of the word's first letters."""
    return term[:PREFIX].encode("utf-8").hex()


def _script(name: str, data: Any) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"BinderySearch.receive({json.dumps(name)},{payload});\n"


def shard_files(index: dict[str, Any]) -> dict[str, str]:
    """Path under FOLDER → script, for a Sphinx search index."""
    docnames, titles, filenames = index["docnames"], index["titles"], index["filenames"]
    meta = {"count": len(docnames), "block": BLOCK, "envversion": index["envversion"]}
    files = {"meta.js": _script("meta", meta)}
    for number, start in enumerate(range(0, len(docnames), BLOCK)):
        end = start + BLOCK
        block = {"start": start, "docnames": docnames[start:end], "titles": titles[start:end]}
        block["filenames"] = filenames[start:end]
        files[f"d/{number}.js"] = _script(f"d/{number}", block)
    shards: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: {"terms": {}, "titleterms": {}})
    for kind in ("terms", "titleterms"):
        for term, pages in index[kind].items():
            shards[shard_key(term)][kind][term] = pages
    for key, shard in shards.items():
        files[f"t/{key}.js"] = _script(f"t/{key}", shard)
    return files


def read_index(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def write_shards(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    index_file = out / "searchindex.js"
    if not index_file.exists():
        return
    folder = out / FOLDER
    files = shard_files(read_index(index_file))
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for path in folder.rglob("*.js"):
        if path.relative_to(folder).as_posix() not in files:
            path.unlink()
