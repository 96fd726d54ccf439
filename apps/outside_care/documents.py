"""The summary as HTML (a template, so a test can read its text) and as PDF (WeasyPrint)."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .content import SummaryContent
from .models import ShareSection


def summary_html(content: SummaryContent) -> str:
    trends = [{**trend, "chart": mark_safe(trend["chart"])} for trend in content.trends]  # noqa: S308 (escaped in chart.py)
    return render_to_string(
        "outside_care/summary.html",
        {
            "content": content,
            "trends": trends,
            "shows_attendance": ShareSection.ATTENDANCE in content.sections,
            "shows_assessments": ShareSection.ASSESSMENTS in content.sections,
            "shows_side_effects": ShareSection.SIDE_EFFECTS in content.sections,
        },
    )


def summary_pdf(content: SummaryContent) -> bytes:
    # Imported here: loading WeasyPrint parses its default stylesheets, a cost only this path should pay.
    from weasyprint import HTML

    return HTML(string=summary_html(content)).write_pdf()
