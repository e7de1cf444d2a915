"""What an import could not carry over of each post, for its report.

A post's conversion notes (``markup/context.Omissions``) what its source
showed that the book does not: shortcodes no one renders, blocks WordPress
made only when serving a page, images and recordings, embeds shown as
cards.  Here they meet the book: an image or a recording counts only if
``raw/uploads/`` holds no copy of it.  The report's summary ends with
them by kind and count; ``bindery import --report FILE`` writes them in
full, post by post, with the rest of the report, as JSON.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bindery.archive.uploads import UPLOADS, local_copy
from bindery.markup.context import Omissions

if TYPE_CHECKING:
    from bindery.importer.merge import ImportReport


@dataclass(frozen=True)
class Losses:
    """What one post's source showed that the book does not show as it was."""

    shortcodes: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()
    images: tuple[str, ...] = ()  # each one's address ("" for one the export does not name)
    media: tuple[str, ...] = ()
    embeds: tuple[str, ...] = ()

    @classmethod
    def of(cls, omissions: Omissions, root: Path) -> Losses:
        def without_copy(files: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(f.split()[0] if f else "" for f in files if local_copy(root, f.split()) is None)

        images, media = without_copy(omissions.images), without_copy(omissions.media)
        return cls(omissions.shortcodes, omissions.blocks, images, media, omissions.embeds)

    def __bool__(self) -> bool:
        return bool(self.shortcodes or self.blocks or self.images or self.media or self.embeds)

    def as_json(self) -> dict[str, object]:
        return {
            "unknown_shortcodes": dict(Counter(self.shortcodes)),
            "images_without_copy": list(self.images),
            "audio_video_without_copy": list(self.media),
            "embeds_shown_as_cards": list(self.embeds),
            "blocks_not_in_export": dict(Counter(self.blocks)),
        }


def note_losses(losses: dict[str, Losses], path: str, omissions: Omissions, root: Path) -> None:
    """Keep what the post at ``path`` (``posts/x.md``) lost, if anything."""
    if omissions:
        found = Losses.of(omissions, root)
        if found:
            losses[path] = found


def loss_lines(losses: dict[str, Losses]) -> list[str]:
    """What was not carried over, by kind and count (the whole of it, post
    by post, is ``report_json``'s)."""
    every = list(losses.values())
    if not every:
        return []
    shortcodes = Counter(name for loss in every for name in loss.shortcodes)
    blocks = Counter(name for loss in every for name in loss.blocks)
    images = sum(len(loss.images) for loss in every)
    media = sum(len(loss.media) for loss in every)
    embeds = sum(len(loss.embeds) for loss in every)
    lines = [f"not carried over, in {_many(len(every), 'post')} (--report FILE lists each):"]
    if shortcodes:
        named = _by_count(shortcodes, "[{}]")
        lines.append(f"  {_many(shortcodes.total(), 'unknown shortcode')}, shown as text: {named}")
    if images:
        lines.append(f"  {_many(images, 'image')} with no copy in {UPLOADS}/, shown as placeholders")
    if media:
        files = _many(media, "audio or video file")
        lines.append(f"  {files} with no copy in {UPLOADS}/, shown as placeholders")
    if embeds:
        lines.append(f"  {_many(embeds, 'embed')} from other sites, shown as cards with a link")
    if blocks:
        made = "WordPress made when serving a page, not in the export"
        lines.append(f"  {_many(blocks.total(), 'block')} {made}: {_by_count(blocks, '{}')}")
    return lines


def report_json(report: ImportReport) -> dict[str, object]:
    """The whole report, post by post."""
    every = list(report.losses.values())
    sources = report.sources
    return {
        "added": report.added,
        "merged": report.merged,
        "unchanged": report.unchanged,
        "pages_added": sources.pages_added,
        "bodies_replaced": sources.upgraded,
        "edited_on_the_blog": sources.edited,
        "bodies_chosen": [*sources.chosen, *sources.captures],
        "kept_edited": sources.kept_edited,
        "not_published": dict(sorted(sources.skipped.items())),
        "notes": sources.notes,
        "categories": report.categories,
        "files_written": report.written,
        "not_carried_over": {
            "totals": {
                "unknown_shortcodes": dict(Counter(n for loss in every for n in loss.shortcodes)),
                "images_without_copy": sum(len(loss.images) for loss in every),
                "audio_video_without_copy": sum(len(loss.media) for loss in every),
                "embeds_shown_as_cards": sum(len(loss.embeds) for loss in every),
                "blocks_not_in_export": dict(Counter(n for loss in every for n in loss.blocks)),
            },
            "posts": {path: loss.as_json() for path, loss in sorted(report.losses.items())},
        },
    }


def write_report(report: ImportReport, path: Path) -> None:
    """``report_json`` into ``path``, whole or not at all."""
    text = json.dumps(report_json(report), ensure_ascii=False, indent=1) + "\n"
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _many(count: int, thing: str) -> str:
    return f"{count} {thing}{'' if count == 1 else 's'}"


def _by_count(counts: Counter[str], form: str, shown: int = 8) -> str:
    """The most frequent names with their counts, the rest counted."""
    ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    text = ", ".join(f"{form.format(name)} {n}" for name, n in ranked[:shown])
    more = len(ranked) - shown
    return text + (f" and {more} more kinds" if more > 0 else "")
