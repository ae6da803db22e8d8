"""Charts drawn by the server as SVG geometry: no JavaScript, no external library."""

from dataclasses import dataclass


@dataclass(frozen=True)
class QuotaBar:
    label: str
    code: str
    quota: int
    serving: int
    y: int
    quota_width: float
    serving_width: float
    over: bool
    text_y: int


@dataclass(frozen=True)
class QuotaChart:
    bars: list[QuotaBar]
    width: int
    height: int
    label_width: int
    plot_width: int
    ticks: list[tuple[float, int]]


def quota_bars(rows, *, width: int = 640, row_height: int = 26, label_width: int = 120) -> QuotaChart:
    """Horizontal bars of quota (light) against serving officials (dark), one per state."""
    plot_width = width - label_width - 40
    largest = max([max(row.quota, row.serving) for row in rows] + [1])
    scale = plot_width / largest
    bars = [
        QuotaBar(
            label=row.name,
            code=row.code,
            quota=row.quota,
            serving=row.serving,
            y=10 + index * row_height,
            quota_width=round(row.quota * scale, 1),
            serving_width=round(row.serving * scale, 1),
            over=row.serving > row.quota,
            text_y=10 + index * row_height + 15,
        )
        for index, row in enumerate(rows)
    ]
    step = max(1, round(largest / 5))
    ticks = [(round(label_width + value * scale, 1), value) for value in range(0, largest + 1, step)]
    return QuotaChart(
        bars=bars,
        width=width,
        height=20 + len(rows) * row_height + 14,
        label_width=label_width,
        plot_width=plot_width,
        ticks=ticks,
    )
