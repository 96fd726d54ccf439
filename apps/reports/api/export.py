"""The weekly report as CSV: one line per clinic and week (and, across clinics, one per week for
all of them), one pair of money columns per currency that appears in the report."""

import csv
import io

from .serializers import WeekOutput

ALL_CLINICS = "all clinics"
_MONEY = "money"
_KINDS = ("revenue", "refunds")


def _currencies(weeks: list[dict]) -> list[str]:
    return sorted({money["currency"] for week in weeks for money in week[_MONEY]})


def report_csv(lines: list[tuple[str, dict]]) -> str:
    """``lines``: (clinic label, week as WeekOutput data) in the order they are written."""
    weeks = [week for _, week in lines]
    currencies = _currencies(weeks)
    plain = [name for name in WeekOutput().fields if name != _MONEY]
    money_columns = [f"{kind}_cents_{currency}" for currency in currencies for kind in _KINDS]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["clinic", *plain, *money_columns])
    for label, week in lines:
        money = {entry["currency"]: entry for entry in week[_MONEY]}
        amounts = [
            money.get(currency, {}).get(f"{kind}_cents", 0)
            for currency in currencies
            for kind in ("revenue", "refunds")
        ]
        writer.writerow([label, *(_cell(week[name]) for name in plain), *amounts])
    return out.getvalue()


def _cell(value) -> str:
    """Empty for a figure that does not exist (no appointment due, a suppressed mean)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
