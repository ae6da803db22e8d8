"""A small world of records on one day (DAY), for the tests of what each screen reads on a date."""

from dataclasses import dataclass, field
from datetime import date

from secretariat.models import PermanentRepresentative, SecretaryGeneralTerm, State

DAY = date(2020, 6, 1)


@dataclass
class World:
    states: dict[str, State]
    extras: list[State]
    serving: set[int] = field(default_factory=set)
    holders: dict[str, str | None] = field(default_factory=dict)  # post code -> holder's name on DAY
    terms: dict[str, SecretaryGeneralTerm] = field(default_factory=dict)
    representatives: dict[str, PermanentRepresentative] = field(default_factory=dict)

    @property
    def vacant(self) -> set[str]:
        return {code for code, name in self.holders.items() if name is None}
