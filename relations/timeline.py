"""The partners timeline: one lane per state, a bar per standing, the decisions and memoranda as
marks, a line at the day asked for. Python measures; the template
`relations/_partners_timeline.svg` draws (no JavaScript, no library)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from secretariat.models import Standing

WIDTH = 1000
LABEL_WIDTH = 200  # the lane's state name, left of the bars (the longest: Объединённые Арабские Эмираты)
MARGIN = 8
LANE = 20
BAR = 12
AXIS = 24  # the years under the last lane


def _c(value: float) -> str:
    # Strings, so that no locale writes a comma into a coordinate.
    return f"{value:.1f}"


@dataclass
class Bar:
    standing: Standing
    x: str
    width: str
    status: str
    label: str
    until: str
    current: bool


@dataclass
class Mark:
    x: str
    kind: str  # "decision" or "memorandum"
    label: str


@dataclass
class Lane:
    state: object
    y: str
    text_y: str
    bar_y: str
    mark_y: str
    bars: list[Bar] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    lanes: list[Lane]
    years: list[tuple[str, str]]
    axis_y: str
    year_y: str
    on_x: str
    on_label: str
    label_width: int


def partners_timeline(standings: list[Standing], today: date, on: date) -> Chart | None:
    """The states in the order of `standings` (each state's rows together), from 2001 to the end
    of this year (or the day asked for, if later). An open standing is drawn to that end."""
    if not standings:
        return None
    first_year = min(s.start_date.year for s in standings)
    last_year = max([today.year, on.year, *(s.end_date.year for s in standings if s.end_date)])
    first, after_last = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    span = (after_last - first).days
    left = LABEL_WIDTH + MARGIN
    usable = WIDTH - left - MARGIN

    def x(day: date) -> float:
        day = min(max(day, first), after_last)
        return left + (day - first).days / span * usable

    lanes: list[Lane] = []
    by_state: dict[int, Lane] = {}
    for standing in standings:
        lane = by_state.get(standing.state_id)
        if lane is None:
            top = MARGIN + len(lanes) * LANE
            lane = Lane(
                state=standing.state,
                y=_c(top),
                text_y=_c(top + BAR - 1),
                bar_y=_c(top + 2),
                mark_y=_c(top + 2 + BAR / 2),
            )
            by_state[standing.state_id] = lane
            lanes.append(lane)
        start_x = x(standing.start_date)
        width = max(x(standing.end_date or after_last) - start_x, 2)
        lane.bars.append(
            Bar(
                standing=standing,
                x=_c(start_x),
                width=_c(width),
                status=standing.status,
                label=standing.get_status_display(),
                until=standing.end_date.isoformat() if standing.end_date else "",
                current=standing.is_on(on),
            )
        )
        # The basis read with the standing (select_related); none recorded: no marks.
        basis = standing.basis if hasattr(standing, "basis") else None
        if basis is not None:
            if basis.decided_on:
                lane.marks.append(Mark(_c(x(basis.decided_on)), "decision", basis.decided_display))
            if basis.instrument_id and basis.instrument.signed_on:
                lane.marks.append(
                    Mark(_c(x(basis.instrument.signed_on)), "memorandum", basis.instrument.signed_display)
                )
    axis_y = MARGIN + len(lanes) * LANE + 4
    years = [(_c(x(date(year, 1, 1))), f"{year % 100:02d}") for year in range(first_year, last_year + 1)]
    return Chart(
        width=WIDTH,
        height=axis_y + AXIS,
        lanes=lanes,
        years=years,
        axis_y=_c(axis_y),
        year_y=_c(axis_y + 15),
        on_x=_c(x(on)),
        on_label=on.isoformat(),
        label_width=LABEL_WIDTH,
    )
