"""Archive order: newest first, as the dumps list the posts.

Dumps carry no dates, only order.  Each dump is a chain (its posts in
the order of their lines); a post copied in several dumps joins their
chains.  The archive order is a merge of all chains that keeps every
dump's order; ties go to the earlier dump file and line.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence

from .model import Source


def archive_order(posts: Iterable[tuple[str, Sequence[Source]]]) -> list[str]:
    """Slugs in archive order; posts with no source come last, by slug."""
    first: dict[str, tuple[str, int]] = {}
    chains: dict[str, list[tuple[int, str]]] = {}
    unsourced = []
    for slug, sources in posts:
        if not sources:
            unsourced.append(slug)
            continue
        first[slug] = min((s.file, s.line) for s in sources)
        for source in sources:
            chains.setdefault(source.file, []).append((source.line, slug))
    after: dict[str, list[str]] = {slug: [] for slug in first}
    waiting = dict.fromkeys(first, 0)
    for chain in chains.values():
        chain.sort()
        for (_, newer), (_, older) in itertools.pairwise(chain):
            after[newer].append(older)
            waiting[older] += 1
    ready = [(first[slug], slug) for slug, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while len(order) < len(first):
        if not ready:  # dumps that disagree: break the cycle at the earliest post
            slug = min((s for s, n in waiting.items() if n > 0), key=first.__getitem__)
            waiting[slug] = 0
            ready.append((first[slug], slug))
        _, slug = heapq.heappop(ready)
        if waiting[slug] < 0:
            continue
        waiting[slug] = -1
        order.append(slug)
        for older in after[slug]:
            if waiting[older] > 0:
                waiting[older] -= 1
                if waiting[older] == 0:
                    heapq.heappush(ready, (first[older], older))
    return order + sorted(unsourced)
