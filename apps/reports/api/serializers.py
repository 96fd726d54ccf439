from datetime import date

from rest_framework import serializers

from apps.reports.selectors import (
    ADDITIVE_FIGURES,
    MAX_WEEKS,
    MIN_OUTCOME_N,
    ClinicReport,
    WeekFigures,
    WeeklyReport,
)

# Far enough either way for any real report, near enough that date arithmetic cannot overflow.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class WeeklyReportQuery(serializers.Serializer):
    weeks = serializers.IntegerField(
        min_value=1, max_value=MAX_WEEKS, default=8, help_text=f"How many weeks, 1 to {MAX_WEEKS}."
    )

    # ``from`` is a Python keyword: declared through the class namespace.
    locals()["from"] = serializers.DateField(
        help_text="A date in the first week (the clinic's local weeks, Monday to Sunday); the report starts "
        "on that week's Monday."
    )

    def validate_from(self, value: date) -> date:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError(f"Choose a date between {EARLIEST:%Y} and {LATEST:%Y}.")
        return value


class ClinicRefOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    timezone = serializers.CharField()


class MoneyOutput(serializers.Serializer):
    currency = serializers.CharField(help_text="ISO 4217 code.")
    revenue_cents = serializers.IntegerField(help_text="Succeeded payments, in minor units.")
    refunds_cents = serializers.IntegerField(help_text="Succeeded refunds, in minor units.")


class WeekOutput(serializers.Serializer):
    week_start = serializers.DateField(source="week", help_text="The local Monday.")
    booked = serializers.IntegerField()
    cancelled_by_patient = serializers.IntegerField()
    cancelled_by_clinic = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    completed = serializers.IntegerField()
    no_show_rate = serializers.FloatField(
        allow_null=True, help_text="No-shows out of completed plus no-shows; null when none were due."
    )
    provider_booked_minutes = serializers.IntegerField()
    provider_available_minutes = serializers.IntegerField()
    provider_utilization = serializers.FloatField(allow_null=True)
    chair_booked_minutes = serializers.IntegerField()
    chair_available_minutes = serializers.IntegerField()
    chair_utilization = serializers.FloatField(allow_null=True)
    money = MoneyOutput(many=True)
    series_completed = serializers.IntegerField(help_text="Induction series completed that week.")
    phq9_n = serializers.IntegerField(help_text="Patients with a PHQ-9 before and after the induction.")
    phq9_mean_change = serializers.FloatField(
        allow_null=True, help_text="After minus baseline (negative is better); null when n is 0 or suppressed."
    )
    phq9_suppressed = serializers.BooleanField(help_text=f"The mean is withheld: fewer than {MIN_OUTCOME_N} patients.")


def week_data(week: WeekFigures) -> dict:
    return {
        "week": week.week,
        **{name: getattr(week, name) for name in ADDITIVE_FIGURES},
        "no_show_rate": week.no_show_rate,
        "provider_utilization": week.provider_utilization,
        "chair_utilization": week.chair_utilization,
        "money": [
            {"currency": currency, "revenue_cents": money.revenue_cents, "refunds_cents": money.refunds_cents}
            for currency, money in sorted(week.money.items())
        ],
        "phq9_n": week.outcome.n,
        "phq9_mean_change": week.outcome.mean_change,
        "phq9_suppressed": week.outcome.suppressed,
    }


class ClinicReportOutput(serializers.Serializer):
    clinic = ClinicRefOutput()
    weeks = WeekOutput(many=True)


class WeeklyReportOutput(ClinicReportOutput):
    first_week = serializers.DateField()
    minimum_outcome_n = serializers.IntegerField()


class OrganizationReportOutput(serializers.Serializer):
    first_week = serializers.DateField()
    minimum_outcome_n = serializers.IntegerField()
    clinics = ClinicReportOutput(many=True)
    totals = WeekOutput(many=True)


def clinic_report_data(report: ClinicReport) -> dict:
    return {"clinic": report.clinic, "weeks": [week_data(week) for week in report.weeks]}


def clinic_weekly_report_data(report: WeeklyReport) -> dict:
    return {
        "first_week": report.first_monday,
        "minimum_outcome_n": MIN_OUTCOME_N,
        **clinic_report_data(report.clinics[0]),
    }


def organization_report_data(report: WeeklyReport) -> dict:
    return {
        "first_week": report.first_monday,
        "minimum_outcome_n": MIN_OUTCOME_N,
        "clinics": [clinic_report_data(clinic) for clinic in report.clinics],
        "totals": [week_data(week) for week in report.totals],
    }
