"""Dates as sources give them: to the month, to the day, or to the second.

A date is never made more precise than its source: a post dated by a
``Monthly Archives: March 2012`` page is dated March 2012, not March 1.
Dates are written in front matter as ISO 8601 text (``2012-03``,
``2022-01-18``, ``2022-01-18T09:30:00+08:00``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["month", "day", "time"]
_FORMS = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<offset>Z|[+-]\d{2}:?\d{2})?)?)?"
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, order=False)
class ArchiveDate:
    """A publication or update date and how precisely it is known."""

    text: str  # the canonical ISO text
    precision: Precision
    year: int
    month: int
    day: int | None = None
    moment: datetime.datetime | None = None  # with a time: the instant (aware if an offset is known)

    @classmethod
    def parse(cls, value: object) -> ArchiveDate:
        """From front matter: ISO text, or a date YAML read as a date. ValueError if neither."""
        if isinstance(value, datetime.datetime):
            return cls._of_moment(value)
        if isinstance(value, datetime.date):
            return cls(value.isoformat(), "day", value.year, value.month, value.day)
        text = str(value).strip()
        match = _FORMS.fullmatch(text)
        if match is None:
            raise ValueError(
                f"{text!r} is not a date: write 2012-03, 2022-01-18 or 2022-01-18T09:30:00+08:00"
            )
        year, month = int(match["year"]), int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a date: no month {month}")
        if match["day"] is None:
            return cls(f"{year:04d}-{month:02d}", "month", year, month)
        try:
            day = datetime.date(year, month, int(match["day"]))
        except ValueError as err:
            raise ValueError(f"{text!r} is not a date: {err}") from None
        if match["time"] is None:
            return cls(day.isoformat(), "day", year, month, day.day)
        offset = match["offset"]
        iso = f"{day.isoformat()}T{match['time']}" + ("" if offset is None else _offset(offset))
        return cls._of_moment(datetime.datetime.fromisoformat(iso))

    @classmethod
    def month_of(cls, year: int, month: int) -> ArchiveDate:
        return cls(f"{year:04d}-{month:02d}", "month", year, month)

    @classmethod
    def _of_moment(cls, moment: datetime.datetime) -> ArchiveDate:
        moment = moment.replace(microsecond=0)
        return cls(moment.isoformat(), "time", moment.year, moment.month, moment.day, moment)

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        """Older sorts first.  A date known only to its month sorts before
        the days of that month; instants by their UTC time where known."""
        if self.moment is not None and self.moment.tzinfo is not None:
            utc = self.moment.astimezone(datetime.UTC)
            return (utc.year, utc.month, utc.day, utc.strftime("%H:%M:%S"))
        return (self.year, self.month, self.day or 0, self.moment.strftime("%H:%M:%S") if self.moment else "")

    def long(self) -> str:
        """As a reader reads it: ``March 2012``, ``January 18, 2022``."""
        if self.day is None:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{MONTHS[self.month - 1]} {self.day}, {self.year}"

    @property
    def day_text(self) -> str:
        """Year, month and, if known, day: ``2012-03``, ``2022-01-18``."""
        return self.text[:10]

    def same_day(self, other: ArchiveDate) -> bool:
        return self.day_text == other.day_text


def _offset(text: str) -> str:
    if text == "Z":
        return "+00:00"
    return text if ":" in text else f"{text[:3]}:{text[3:]}"


def month_of_header(name: str) -> ArchiveDate | None:
    """``March 2012`` (a Monthly archive page's header) as a month date."""
    words = name.split()
    if (
        len(words) != 2
        or words[0].capitalize() not in MONTHS
        or not (len(words[1]) == 4 and words[1].isascii() and words[1].isdigit())
    ):
        return None
    return ArchiveDate.month_of(int(words[1]), MONTHS.index(words[0].capitalize()) + 1)
