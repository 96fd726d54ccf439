"""The weekly clinic report: aggregates only, nothing that names or singles out a patient.

Weeks are the clinic's local weeks, Monday 00:00 to the next Monday 00:00 on the clinic's wall clock,
each converted to an instant on its own date, so a week in which clocks change is 167 or 169 real
hours long. An organization's report puts each clinic's figures in that clinic's own weeks; the
totals add up the weeks that start on the same local Monday.

Every figure is counted by the database, bucketed into weeks with one CASE over the precomputed
week boundaries: the report takes a fixed number of queries whatever the number of clinics, weeks
or appointments. Only the capacity (working hours, a rule rather than rows) is expanded in Python,
by the slot engine's own rules.

What each figure counts:

- Appointments are counted in the week they were scheduled to start. *Booked*: every appointment that
  was booked (holds that were never confirmed and expired do not count), including those later
  cancelled or missed. *Cancelled*: by the patient, or by the clinic. *No-show rate*: no-shows out of
  the appointments that were due to be attended (completed plus no-shows).
- Utilization: booked minutes over available minutes. Booked minutes are the time of confirmed,
  checked-in, completed and missed appointments (a no-show still took the time): for providers the
  session with its buffers, for chairs the session with its recovery. Available minutes are the
  providers' weekly hours plus extra hours, less time off and closures; a chair is available while
  any provider works at the clinic, for each of the clinic's active chairs. Utilization may exceed
  1 when appointments were kept after hours were cut.
- Revenue: succeeded payments, in the week they were paid; refunds: succeeded refunds, in the week
  they were made; both per currency, in minor units.
- Induction series completed: treatment plans whose maintenance began (the induction was complete)
  that week.
- PHQ-9 change: see ``_outcome_scores``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)

from apps.booking import slots
from apps.booking.models import Appointment, AppointmentStatus, CancelledBy, Chair, ServiceKind
from apps.booking.selectors.calendars import working_time_by_clinic
from apps.care.gates import PHQ9_VALID_FOR
from apps.care.instruments import PHQ9
from apps.care.models import Assessment, TreatmentPlan
from apps.clinics.models import Clinic
from apps.core.wall_clock import local_instant
from apps.payments.models import Payment, PaymentStatus, Refund, RefundStatus

MAX_WEEKS = 26
# A mean over fewer patients than this is not shown: with one to four people, a mean (with the
# count beside it, and what staff already know of who finished induction that week) comes close to
# telling one person's scores.
MIN_OUTCOME_N = 5
# How long after the induction a PHQ-9 still counts as its outcome (the first check-in comes two
# weeks after maintenance starts; a fortnight more allows for a late answer).
OUTCOME_WINDOW = timedelta(days=28)

# Appointments whose time was spent on the patient, whether or not they came.
TIME_TAKING = (
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.CHECKED_IN,
    AppointmentStatus.COMPLETED,
    AppointmentStatus.NO_SHOW,
)
WAS_BOOKED = ~Q(status=AppointmentStatus.HELD) & ~Q(cancelled_by=CancelledBy.SYSTEM)


@dataclass(frozen=True)
class ReportWeek:
    start: date  # the local Monday
    starts_at: datetime
    ends_at: datetime


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_weeks(zone: ZoneInfo, first_monday: date, weeks: int) -> list[ReportWeek]:
    mondays = [first_monday + timedelta(weeks=index) for index in range(weeks + 1)]
    instants = [local_instant(monday, time(0), zone) for monday in mondays]
    return [ReportWeek(mondays[i], instants[i], instants[i + 1]) for i in range(weeks)]


@dataclass
class Money:
    revenue_cents: int = 0
    refunds_cents: int = 0


@dataclass
class Outcome:
    """The PHQ-9 change of a group: ``n`` patients, the sum of their changes, and ``hidden_n``, how
    many of them sit in groups whose own mean is suppressed (which a total must not let anyone work
    out by subtraction)."""

    n: int = 0
    change_sum: int = 0
    hidden_n: int = 0

    @classmethod
    def of_group(cls, n: int, change_sum: int) -> "Outcome":
        return cls(n, change_sum, hidden_n=n if n < MIN_OUTCOME_N else 0)

    @property
    def suppressed(self) -> bool:
        if self.n == 0:
            return False
        return self.n < MIN_OUTCOME_N or 0 < self.hidden_n < MIN_OUTCOME_N

    @property
    def mean_change(self) -> float | None:
        if self.n == 0 or self.suppressed:
            return None
        return round(self.change_sum / self.n, 1)

    def __add__(self, other: "Outcome") -> "Outcome":
        return Outcome(self.n + other.n, self.change_sum + other.change_sum, self.hidden_n + other.hidden_n)


@dataclass
class WeekFigures:
    week: date
    booked: int = 0
    cancelled_by_patient: int = 0
    cancelled_by_clinic: int = 0
    no_shows: int = 0
    completed: int = 0
    provider_booked_minutes: int = 0
    provider_available_minutes: int = 0
    chair_booked_minutes: int = 0
    chair_available_minutes: int = 0
    money: dict[str, Money] = field(default_factory=lambda: defaultdict(Money))
    series_completed: int = 0
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def no_show_rate(self) -> float | None:
        return _ratio(self.no_shows, self.completed + self.no_shows)

    @property
    def provider_utilization(self) -> float | None:
        return _ratio(self.provider_booked_minutes, self.provider_available_minutes)

    @property
    def chair_utilization(self) -> float | None:
        return _ratio(self.chair_booked_minutes, self.chair_available_minutes)

    def add(self, other: "WeekFigures") -> None:
        for name in ADDITIVE_FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for currency, money in other.money.items():
            self.money[currency].revenue_cents += money.revenue_cents
            self.money[currency].refunds_cents += money.refunds_cents
        self.outcome = self.outcome + other.outcome


ADDITIVE_FIGURES = (
    "booked",
    "cancelled_by_patient",
    "cancelled_by_clinic",
    "no_shows",
    "completed",
    "provider_booked_minutes",
    "provider_available_minutes",
    "chair_booked_minutes",
    "chair_available_minutes",
    "series_completed",
)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


@dataclass
class ClinicReport:
    clinic: Clinic
    weeks: list[WeekFigures]


@dataclass
class WeeklyReport:
    first_monday: date
    weeks: int
    clinics: list[ClinicReport]

    @property
    def totals(self) -> list[WeekFigures]:
        """Week by week across the clinics (the weeks that start on the same local Monday)."""
        totals = [WeekFigures(week.week) for week in self.clinics[0].weeks] if self.clinics else []
        for report in self.clinics:
            for total, week in zip(totals, report.weeks, strict=True):
                total.add(week)
        return totals


def weekly_report(clinics: list[Clinic], first_day: date, weeks: int) -> WeeklyReport:
    """The report of ``clinics`` for ``weeks`` local weeks from the one containing ``first_day``."""
    first_monday = monday_of(first_day)
    calendars = {clinic.pk: local_weeks(ZoneInfo(clinic.timezone), first_monday, weeks) for clinic in clinics}
    figures = {clinic_id: [WeekFigures(week.start) for week in calendar] for clinic_id, calendar in calendars.items()}
    if clinics:
        _count_appointments(calendars, figures)
        _count_money(calendars, figures)
        _count_series_and_outcomes(calendars, figures)
        _count_capacity(calendars, figures, first_monday, weeks)
    return WeeklyReport(first_monday, weeks, [ClinicReport(clinic, figures[clinic.pk]) for clinic in clinics])


def _week_index(instant_field: str, calendars: dict[int, list[ReportWeek]], clinic_field: str = "clinic_id") -> Case:
    """The index of the clinic's week that ``instant_field`` falls in (NULL outside the report)."""
    return Case(
        *[
            When(
                Q(
                    **{
                        clinic_field: clinic_id,
                        f"{instant_field}__gte": week.starts_at,
                        f"{instant_field}__lt": week.ends_at,
                    }
                ),
                then=Value(index),
            )
            for clinic_id, calendar in calendars.items()
            for index, week in enumerate(calendar)
        ],
        default=None,
        output_field=IntegerField(),
    )


def _in_report(instant_field: str, calendars: dict[int, list[ReportWeek]], clinic_field: str = "clinic_id") -> Q:
    """A coarse filter on the whole range (so the indexes are used before the CASE sorts rows)."""
    return Q(
        **{
            f"{clinic_field}__in": list(calendars),
            f"{instant_field}__gte": min(calendar[0].starts_at for calendar in calendars.values()),
            f"{instant_field}__lt": max(calendar[-1].ends_at for calendar in calendars.values()),
        }
    )


def _minutes(duration: timedelta | None) -> int:
    return int(duration.total_seconds() // 60) if duration else 0


def _cancelled_by(who: str) -> Q:
    return Q(status=AppointmentStatus.CANCELLED, cancelled_by=who)


def _count_appointments(calendars, figures) -> None:
    rows = (
        Appointment.objects.filter(_in_report("starts_at", calendars))
        .annotate(week=_week_index("starts_at", calendars))
        .filter(week__isnull=False)
        .values("clinic_id", "week")
        .annotate(
            booked=Count("pk", filter=WAS_BOOKED),
            cancelled_by_patient=Count("pk", filter=_cancelled_by(CancelledBy.PATIENT)),
            cancelled_by_clinic=Count("pk", filter=_cancelled_by(CancelledBy.CLINIC)),
            no_shows=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
            completed=Count("pk", filter=Q(status=AppointmentStatus.COMPLETED)),
            provider_time=Sum(F("provider_busy_until") - F("provider_busy_from"), filter=Q(status__in=TIME_TAKING)),
            chair_time=Sum(
                F("recovery_ends_at") - F("starts_at"), filter=Q(status__in=TIME_TAKING, chair__isnull=False)
            ),
        )
        .order_by()
    )
    for row in rows:
        week = figures[row["clinic_id"]][row["week"]]
        for name in ("booked", "cancelled_by_patient", "cancelled_by_clinic", "no_shows", "completed"):
            setattr(week, name, row[name])
        week.provider_booked_minutes = _minutes(row["provider_time"])
        week.chair_booked_minutes = _minutes(row["chair_time"])


def _count_money(calendars, figures) -> None:
    payments = (
        Payment.objects.filter(_in_report("paid_at", calendars), status=PaymentStatus.SUCCEEDED)
        .annotate(week=_week_index("paid_at", calendars))
        .filter(week__isnull=False)
        .values("clinic_id", "week", "currency")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    for row in payments:
        figures[row["clinic_id"]][row["week"]].money[row["currency"]].revenue_cents = row["total"]
    refunds = (
        Refund.objects.filter(_in_report("refunded_at", calendars, "payment__clinic_id"), status=RefundStatus.SUCCEEDED)
        .annotate(week=_week_index("refunded_at", calendars, "payment__clinic_id"))
        .filter(week__isnull=False)
        .values("payment__clinic_id", "week", "payment__currency")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    for row in refunds:
        figures[row["payment__clinic_id"]][row["week"]].money[row["payment__currency"]].refunds_cents = row["total"]


def _outcome_scores():
    """Each plan's PHQ-9 before and after its induction series, as two subqueries.

    - *Baseline*: the patient's latest PHQ-9 taken at or before the start of the plan's first
      completed dosing session, and no more than 30 days before it (the check-in every dose needs).
    - *After*: the patient's first PHQ-9 taken once the induction was complete (the moment
      maintenance began), within 28 days of it.

    The change is after minus baseline: negative is improvement. A plan without both scores is left
    out of the mean and of its ``n``. The plan is counted in the week its induction was completed,
    so the latest weeks' ``n`` grows for four weeks as check-ins come in."""
    first_dose = (
        Appointment.objects.filter(
            patient=OuterRef("patient_id"),
            clinic=OuterRef("clinic_id"),
            starts_at__gte=OuterRef("created_at"),
            service__kind=ServiceKind.DOSING,
            status=AppointmentStatus.COMPLETED,
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    phq9 = Assessment.objects.filter(patient=OuterRef("patient_id"), instrument=PHQ9)
    baseline = (
        phq9.filter(taken_at__lte=OuterRef("first_dose_at"), taken_at__gte=OuterRef("baseline_from"))
        .order_by("-taken_at")
        .values("total_score")[:1]
    )
    after = (
        phq9.filter(taken_at__gte=OuterRef("maintenance_started_at"), taken_at__lt=OuterRef("after_until"))
        .order_by("taken_at")
        .values("total_score")[:1]
    )
    return first_dose, baseline, after


def _count_series_and_outcomes(calendars, figures) -> None:
    first_dose, baseline, after = _outcome_scores()
    both = Q(baseline__isnull=False, after__isnull=False)
    rows = (
        TreatmentPlan.objects.filter(_in_report("maintenance_started_at", calendars))
        .annotate(
            week=_week_index("maintenance_started_at", calendars),
            first_dose_at=Subquery(first_dose),
            baseline_from=ExpressionWrapper(F("first_dose_at") - PHQ9_VALID_FOR, output_field=DateTimeField()),
            after_until=ExpressionWrapper(F("maintenance_started_at") + OUTCOME_WINDOW, output_field=DateTimeField()),
            baseline=Subquery(baseline, output_field=IntegerField()),
            after=Subquery(after, output_field=IntegerField()),
        )
        .filter(week__isnull=False)
        .values("clinic_id", "week")
        .annotate(
            series_completed=Count("pk"),
            outcome_n=Count("pk", filter=both),
            change_sum=Sum(F("after") - F("baseline"), filter=both),
        )
        .order_by()
    )
    for row in rows:
        week = figures[row["clinic_id"]][row["week"]]
        week.series_completed = row["series_completed"]
        week.outcome = Outcome.of_group(row["outcome_n"], row["change_sum"] or 0)


def _count_capacity(calendars, figures, first_monday: date, weeks: int) -> None:
    last_day = first_monday + timedelta(weeks=weeks, days=-1)
    working = working_time_by_clinic(calendars, first_monday, last_day)
    chairs = dict(
        Chair.objects.filter(clinic_id__in=list(calendars), is_active=True)
        .values("clinic_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("clinic_id", "count")
    )
    for clinic_id, calendar in calendars.items():
        providers = working.get(clinic_id, [])
        open_time = slots.merge(interval for intervals in providers for interval in intervals)
        for index, week in enumerate(calendar):
            window = slots.Interval(week.starts_at, week.ends_at)
            figures[clinic_id][index].provider_available_minutes = sum(
                _span_minutes(slots.intersect(intervals, window)) for intervals in providers
            )
            figures[clinic_id][index].chair_available_minutes = chairs.get(clinic_id, 0) * _span_minutes(
                slots.intersect(open_time, window)
            )


def _span_minutes(intervals) -> int:
    return _minutes(sum((interval.end - interval.start for interval in intervals), timedelta()))
