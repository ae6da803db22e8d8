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
        '<a href="{}" class="term-link"><title>{}, {}: {} – {}</title>'
        '<text class="{}" x="{}" y="{}">{} <tspan class="term-meta">{} · {}</tspan></text>'
        '<rect class="{}" x="{}" y="{}" width="{}" height="12" rx="2"/></a>',
        (_bar(bar) for bar in timeline.bars),
    )
    return format_html(
        '<svg class="chart chart--timeline" viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="timeline-heading" xmlns="http://www.w3.org/2000/svg">\n{}\n'
        '<line class="axis" x1="{}" y1="0" x2="{}" y2="{}"/>\n'
        '<line class="axis axis--base" x1="0" y1="{}" x2="{}" y2="{}"/>\n'
        '<line class="today" x1="{}" y1="0" x2="{}" y2="{}"><title>{}</title></line>\n{}\n</svg>',
        timeline.width,
        timeline.height,
        years,
        timeline.last_x,
        timeline.last_x,
        timeline.axis_y,
        timeline.axis_y,
        timeline.width,
        timeline.axis_y,
        timeline.today_x,
        timeline.today_x,
        timeline.axis_y,
        gettext("Today"),
        bars,
    )


def _bar(bar) -> tuple:
    term = bar.term
    name, title = term.person.name_latin, term.get_title_display()
    if term.end_date:
        until = term.end_date.isoformat()
        years = f"{term.start_date.year}–{term.end_date.year}"
    else:
        until = gettext("in office")
        years = gettext("since %(year)s") % {"year": term.start_date.year}
    return (
        term.get_absolute_url(),
        name,
        title,
        term.start_date.isoformat(),
        until,
        "term-name term-name--end" if bar.label_at_end else "term-name",
        bar.end_x if bar.label_at_end else bar.x,
        bar.label_y,
        name,
        years,
        title,
        "term term--open" if bar.is_open else "term",
        bar.x,
        bar.y,
        bar.width,
    )
