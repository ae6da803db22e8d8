"""The presidencies' timeline: one lane per rotation, a bar per presidency, as SVG written in
Python (as the heads' timeline is: a template loop per bar would cost more than the page)."""

from __future__ import annotations

from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from .models import Presidency, Rotation

WIDTH = 1000
MARGIN = 8
LANE = 46
LABEL = 16  # the lane's name above its bars
BAR = 22


def _c(value: float) -> str:
    # Strings, so that no locale writes a comma into a coordinate.
    return f"{value:.1f}"


def presidency_timeline(presidencies: list[Presidency], today: date, as_of: date) -> str:
    """Both rotations on one year axis, from the first presidency to the end of this year.

    Each bar is labelled with the state's ISO code (the name is in its tooltip and the table
    below): a year is 40 pixels wide, too narrow for names. An open presidency is drawn to
    today; a dashed line marks the day asked for (`?as_of=`).
    """
    if not presidencies:
        return ""
    first_year = min(p.start_date.year for p in presidencies)
    last_year = max([today.year, as_of.year, *(p.end_date.year for p in presidencies if p.end_date)])
    first, after_last = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    span = (after_last - first).days
    usable = WIDTH - 2 * MARGIN

    def x(day: date) -> float:
        day = min(max(day, first), after_last)
        return MARGIN + (day - first).days / span * usable

    lanes = [rotation for rotation in Rotation if any(p.rotation == rotation for p in presidencies)]
    parts = []
    for index, rotation in enumerate(lanes):
        top = MARGIN + index * LANE
        parts.append(
            format_html(
                '<text class="lane" x="{}" y="{}">{}</text>', _c(MARGIN), _c(top + 11), rotation.label
            )
        )
        for presidency in (p for p in presidencies if p.rotation == rotation):
            start_x = x(presidency.start_date)
            width = max(x(presidency.end_date or today) - start_x, 2)
            current = presidency.is_on(as_of)
            until = presidency.end_date.isoformat() if presidency.end_date else gettext("ongoing")
            parts.append(
                format_html(
                    '<g class="presidency{}"><title>{}: {} – {} [{}]</title>'
                    '<rect x="{}" y="{}" width="{}" height="{}" rx="2"/>'
                    '<text class="bar-label" x="{}" y="{}">{}</text></g>',
                    " presidency--current" if current else "",
                    presidency.state.name,
                    presidency.start_date.isoformat(),
                    until,
                    presidency.confidence,
                    _c(start_x),
                    _c(top + LABEL),
                    _c(width),
                    BAR,
                    _c(start_x + width / 2),
                    _c(top + LABEL + 15),
                    presidency.state.code if width >= 18 else "",
                )
            )
    axis_y = MARGIN + len(lanes) * LANE
    years = format_html_join(
        "\n",
        '<line class="axis" x1="{0}" y1="0" x2="{0}" y2="{1}"/><text class="year" x="{2}" y="{3}">{4}</text>',
        (
            (
                _c(x(date(year, 1, 1))),
                _c(axis_y),
                _c(x(date(year, 1, 1)) + 2),
                _c(axis_y + 14),
                f"{year % 100:02d}",
            )
            for year in range(first_year, last_year + 1)
        ),
    )
    return format_html(
        '<svg class="chart chart--timeline chart--presidencies" viewBox="0 0 {w} {h}" role="group" '
        'aria-labelledby="timeline-heading" xmlns="http://www.w3.org/2000/svg">\n{years}\n'
        '<line class="axis axis--base" x1="0" y1="{axis}" x2="{w}" y2="{axis}"/>\n{bars}\n'
        '<line class="today" x1="{asof}" y1="0" x2="{asof}" y2="{axis}">'
        "<title>{asof_label}</title></line>\n</svg>",
        w=WIDTH,
        h=axis_y + 22,
        years=years,
        axis=_c(axis_y),
        bars=format_html_join("\n", "{}", ((part,) for part in parts)),
        asof=_c(x(as_of)),
        asof_label=as_of.isoformat(),
    )
