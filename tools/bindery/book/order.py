"""Archive order: newest first.

Dated posts go by date, newest first.  An undated post keeps its place
in the dumps relative to its neighbours: it follows the nearest dated
post above it in a dump (or, with none above, goes just before the
nearest dated post below it).  Posts with no dated neighbour at all come
after every dated post, in dump order.

Dump order: each dump is a chain (its posts in the order of their
lines, newest first); a post copied in several dumps joins their chains.
The dump order is a merge of all chains that keeps every dump's order;
ties go to the earlier dump file and line.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
from collections.abc import Iterable, Sequence

from bindery.dates import ArchiveDate
from bindery.model import Source

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

Item = tuple[str, Sequence[Source], ArchiveDate | None]


def instant(date: ArchiveDate) -> float:
    """Seconds since 1970 (UTC where the offset is known).  A date known
    only to the month sorts just before the first day of the month."""
    if date.moment is not None:
        moment = date.moment if date.moment.tzinfo else date.moment.replace(tzinfo=datetime.UTC)
        return (moment - _EPOCH).total_seconds()
    day = datetime.datetime(date.year, date.month, date.day or 1, tzinfo=datetime.UTC)
    return (day - _EPOCH).total_seconds() - (0 if date.day else 1)


def archive_order(posts: Iterable[Item]) -> list[str]:
    """Names in archive order (newest first); posts with no placed source
    (``Source.line`` 0: not known) and no date come last, by name."""
    # a source that lists posts in no order the blog showed (an export) places none
    items = [(name, [s for s in sources if s.line > 0], date) for name, sources, date in posts]
    dates = {name: date for name, _, date in items if date is not None}
    first = {name: min((s.file, s.line) for s in sources) for name, sources, _ in items if sources}
    chains: dict[str, list[tuple[int, str]]] = {}
    for name, sources, _ in items:
        for source in sources:
            chains.setdefault(source.file, []).append((source.line, name))
    for chain in chains.values():
        chain.sort()
    anchors = _anchors(chains, dates)
    keyed: list[tuple[tuple[float, int, int, tuple[str, int]], str]] = []
    loose: list[str] = []
    for name, _, _ in items:
        place = (first.get(name, ("", 0)),)
        if name in dates:
            keyed.append(((-instant(dates[name]), 0, 0, *place), name))
        elif name in anchors:
            anchor, side, distance = anchors[name]
            keyed.append(((-instant(dates[anchor]), side, side * distance, *place), name))
        else:
            loose.append(name)
    keyed.sort()
    undated = [n for n in dump_order({n: first[n] for n in loose if n in first}, chains)]
    return [name for _, name in keyed] + undated + sorted(n for n in loose if n not in first)


def _anchors(
    chains: dict[str, list[tuple[int, str]]], dates: dict[str, ArchiveDate]
) -> dict[str, tuple[str, int, int]]:
    """Undated post → (dated neighbour, 1 after it or -1 before it, distance)."""
    after: dict[str, tuple[str, int, int]] = {}
    before: dict[str, tuple[str, int, int]] = {}
    for chain in chains.values():
        above: str | None = None
        for distance, (_, name) in enumerate(chain):
            if name in dates:
                above, at = name, distance
            elif above is not None and name not in after:
                after[name] = (above, 1, distance - at)
        below: str | None = None
        for distance, (_, name) in enumerate(reversed(chain)):
            if name in dates:
                below, at = name, distance
            elif below is not None and name not in before:
                before[name] = (below, -1, distance - at)
    return {**before, **after}


def dump_order(first: dict[str, tuple[str, int]], chains: dict[str, list[tuple[int, str]]]) -> list[str]:
    """The posts named in ``first`` merged in an order every dump agrees with."""
    after: dict[str, list[str]] = {name: [] for name in first}
    waiting = dict.fromkeys(first, 0)
    for chain in chains.values():
        members = [name for _, name in chain if name in first]
        for newer, older in itertools.pairwise(members):
            after[newer].append(older)
            waiting[older] += 1
    ready = [(first[name], name) for name, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while len(order) < len(first):
        if not ready:  # dumps that disagree: break the cycle at the earliest post
            name = min((s for s, n in waiting.items() if n > 0), key=first.__getitem__)
            waiting[name] = 0
            ready.append((first[name], name))
        _, name = heapq.heappop(ready)
        if waiting[name] < 0:
            continue
        waiting[name] = -1
        order.append(name)
        for older in after[name]:
            if waiting[older] > 0:
                waiting[older] -= 1
                if waiting[older] == 0:
                    heapq.heappush(ready, (first[older], older))
    return order
