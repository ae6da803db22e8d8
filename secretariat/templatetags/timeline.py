"""The heads' timeline (`secretariat.views.term_timeline`) as SVG, written in Python.

Two dozen years and a bar per term: as template loops they were an eighth of the heads'
page, which must stay faster than the admin's list of the same terms.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def timeline_svg(timeline) -> str:
    years = format_html_join(
        "\n",
        '<line class="axis" x1="{0}" y1="0" x2="{0}" y2="{1}"/><text class="year" x="{2}" y="{3}">{4}</text>',
        ((year.x, timeline.axis_y, year.label_x, timeline.label_y, year.year) for year in timeline.years),
    )
    bars = format_html_join(
        "\n",
        '<a href="{url}" class="term-link"><title>{name}, {title}: {start} – {until}</title>'
        '<text class="{label_class}" x="{label_x}" y="{label_y}">{name} '
        '<tspan class="term-meta">{years} · {title}</tspan></text>'
        '<rect class="{bar_class}" x="{x}" y="{y}" width="{width}" height="12" rx="2"/></a>',
        (_bar(bar) for bar in timeline.bars),
    )
    return format_html(
        '<svg class="chart chart--timeline" viewBox="0 0 {width} {height}" role="group" '
        'aria-labelledby="timeline-heading" xmlns="http://www.w3.org/2000/svg">\n{years}\n'
        '<line class="axis" x1="{last_x}" y1="0" x2="{last_x}" y2="{axis_y}"/>\n'
        '<line class="axis axis--base" x1="0" y1="{axis_y}" x2="{width}" y2="{axis_y}"/>\n'
        '<line class="today" x1="{today_x}" y1="0" x2="{today_x}" y2="{axis_y}">'
        "<title>{today}</title></line>\n"
        "{bars}\n</svg>",
        width=timeline.width,
        height=timeline.height,
        years=years,
        last_x=timeline.last_x,
        axis_y=timeline.axis_y,
        today_x=timeline.today_x,
        today=gettext("Today"),
        bars=bars,
    )


def _bar(bar) -> dict:
    term = bar.term
    if term.end_date:
        until = term.end_date.isoformat()
        years = f"{term.start_date.year}–{term.end_date.year}"
    else:
        until = gettext("in office")
        years = gettext("since %(year)s") % {"year": term.start_date.year}
    return {
        "url": term.get_absolute_url(),
        "name": term.person.name_latin,
        "title": term.get_title_display(),
        "start": term.start_date.isoformat(),
        "until": until,
        "years": years,
        "label_class": "term-name term-name--end" if bar.label_at_end else "term-name",
        "label_x": bar.end_x if bar.label_at_end else bar.x,
        "label_y": bar.label_y,
        "bar_class": "term term--open" if bar.is_open else "term",
        "x": bar.x,
        "y": bar.y,
        "width": bar.width,
    }
