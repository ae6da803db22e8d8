"""The quota rule, written once: quota, serving officials and free places of a state on a day.

The rule (rule 3 of the brief, after the SCO Charter and the Secretariat's staff rules):
on every date, the number of serving officials nominated by a member state is at most that
state's quota on that date. The quota of a state on day D is the places of its line in the
quota version in force on D (the version with the latest effective date on or before D),
and zero when it is not a member state on D, has no line in that version, or no version is
in force yet. Only member states hold quota.

Everything here is pure: no database, no Django. The callers (the appointment service, the
quota-version check, the rule audit, the history generator) fetch plain rows and hand them
over; `staffing.models.quota_rows()` is the read that fetches them.

Units: days are `datetime.date`; every period is inclusive at both ends, and an end of
`None` means open-ended (still serving, still a member). State keys are whatever the caller
uses to tell states apart (primary keys in this project).

Shapes of the rows:

- lines: `(effective_date, state, places)`, one per quota line with its version's effective
  date; `(effective_date, None, None)` for a version without lines (it still ends the
  version before it).
- memberships: `(state, start, end)`, one per period in which a state is a member.
- appointments: `(state, start, end)`, one per official's appointment (technical staff count
  against no quota and are left out by the caller), by nominating state.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)

State = Hashable
Line = tuple[date, State | None, int | None]
Period = tuple[State, date, date | None]


@dataclass(frozen=True)
class QuotaUse:
    """One state's quota on one day, the officials it nominated serving that day, and the rest."""

    state: State
    day: date
    quota: int
    serving: int

    @property
    def free(self) -> int:
        """Free places: negative when the state is over its quota."""
        return self.quota - self.serving


@dataclass
class QuotaRows:
    """The rows the rule reads, indexed once so that each question costs a few bisections.

    Build it with `QuotaRows.build(...)` (see the module docstring for the rows' shapes).
    """

    version_days: list[date] = field(default_factory=list)
    places: list[dict[State, int]] = field(default_factory=list)
    memberships: dict[State, list[tuple[date, date | None]]] = field(default_factory=dict)
    starts: dict[State, list[date]] = field(default_factory=dict)
    ends: dict[State, list[date]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        lines: Iterable[Line],
        memberships: Iterable[Period],
        appointments: Iterable[Period],
    ) -> QuotaRows:
        versions: dict[date, dict[State, int]] = defaultdict(dict)
        for effective_date, state, places in lines:
            version = versions[effective_date]
            if state is not None:
                version[state] = places or 0
        member: dict[State, list[tuple[date, date | None]]] = defaultdict(list)
        for state, start, end in memberships:
            member[state].append((start, end))
        starts: dict[State, list[date]] = defaultdict(list)
        ends: dict[State, list[date]] = defaultdict(list)
        for state, start, end in appointments:
            starts[state].append(start)
            if end is not None:
                ends[state].append(end)
        days = sorted(versions)
        return cls(
            version_days=days,
            places=[versions[day] for day in days],
            memberships=dict(member),
            starts={state: sorted(values) for state, values in starts.items()},
            ends={state: sorted(values) for state, values in ends.items()},
        )

    def with_version(self, effective_date: date, places: dict[State, int]) -> QuotaRows:
        """These rows with the version of `effective_date` replaced (or added) by `places`.

        For checking a quota version before it is saved: the rows the check reads are the
        ones the database would hold once it is.
        """
        versions = dict(zip(self.version_days, self.places, strict=True))
        versions[effective_date] = dict(places)
        days = sorted(versions)
        return QuotaRows(
            version_days=days,
            places=[versions[day] for day in days],
            memberships=self.memberships,
            starts=self.starts,
            ends=self.ends,
        )

    def states(self) -> set[State]:
        """Every state the rows know: members at some time and nominating states."""
        return {*self.memberships, *self.starts}


def is_member_on(rows: QuotaRows, *, state: State, day: date) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in rows.memberships.get(state, ()))


def quota_use(rows: QuotaRows, *, state: State, day: date) -> QuotaUse:
    """The quota of `state` on `day`, its officials serving that day and its free places.

    Serving on D: appointments with start <= D and (no end or end >= D). The starts and ends
    are sorted, so this is two bisections: started by D, minus ended before D.
    """
    version = bisect_right(rows.version_days, day) - 1
    quota = 0
    if version >= 0 and is_member_on(rows, state=state, day=day):
        quota = rows.places[version].get(state, 0)
    started = bisect_right(rows.starts.get(state, ()), day)
    ended = bisect_left(rows.ends.get(state, ()), day)
    return QuotaUse(state=state, day=day, quota=quota, serving=started - ended)


def change_days(
    rows: QuotaRows, *, state: State, start: date | None = None, end: date | None = None
) -> list[date]:
    """The days from start to end (inclusive; None: unbounded) on which the quota or the
    serving count of `state` may change, and `start` itself.

    Both sides are constant between these days: the count changes on a start and on the day
    after an end, the quota on a version's effective date and on the first day in and out of
    a membership. Checking these days checks every day of the period.
    """
    days = set(rows.starts.get(state, ()))
    days.update(rows.version_days)
    days.update(day + ONE_DAY for day in rows.ends.get(state, ()) if day < date.max)
    for first, last in rows.memberships.get(state, ()):
        days.add(first)
        if last is not None and last < date.max:
            days.add(last + ONE_DAY)
    if start is not None:
        days = {day for day in days if day >= start} | {start}
    if end is not None:
        days = {day for day in days if day <= end}
    return sorted(days)


def quota_excesses(
    rows: QuotaRows, *, state: State, start: date, end: date | None, extra: int = 0
) -> list[QuotaUse]:
    """The change days from start to end on which `state` would serve more officials than its
    quota with `extra` more of them serving throughout (1 to ask "is there room for one more?").

    Each answer counts the extra officials in `serving`. The first is the first day on which
    the state would exceed: any day over is over from a change day on or before it.
    """
    over = []
    for day in change_days(rows, state=state, start=start, end=end):
        use = quota_use(rows, state=state, day=day)
        if use.serving + extra > use.quota:
            over.append(QuotaUse(state=state, day=day, quota=use.quota, serving=use.serving + extra))
    return over


@dataclass(frozen=True)
class LineFaults:
    """What is wrong with a quota version's lines (rule 2 of the brief); empty when nothing is."""

    not_members: set[State]
    missing: set[State]
    negative: bool
    total: int
    size: int

    def __bool__(self) -> bool:
        return bool(self.not_members or self.missing or self.negative or self.total != self.size)


def line_faults(*, places: dict[State, int], members: set[State], size: int) -> LineFaults:
    """A version holds one line per member state on its effective date (zero places allowed)
    and none for any other state, no negative places, and places adding up to `size`, the
    establishment the version shares out."""
    return LineFaults(
        not_members=set(places) - members,
        missing=members - set(places),
        negative=any(value < 0 for value in places.values()),
        total=sum(places.values()),
        size=size,
    )


def largest_remainder(shares: dict, seats: int) -> dict:
    """Apportion `seats` among keys in proportion to `shares` (Hamilton's method).

    Each key gets the whole part of its exact share; the seats left over go to the
    largest remainders, ties broken by the larger share, then by key order.
    """
    total = sum(shares.values())
    if total <= 0 or seats < 0:
        raise ValueError("shares must sum to more than zero and seats must not be negative")
    exact = {key: share * seats / total for key, share in shares.items()}
    result = {key: int(value) for key, value in exact.items()}
    left = seats - sum(result.values())
    order = sorted(shares, key=lambda key: (-(exact[key] - result[key]), -shares[key], str(key)))
    for key in order[:left]:
        result[key] += 1
    return result
