from datetime import UTC, datetime, timedelta

import pytest

from apps.reminders.models import Notification, Status
from apps.reports.digest import clinic_digests_plan
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory
from tests.reminders.factories import NotificationFactory

pytestmark = pytest.mark.django_db

# 06:50 in Denver (MST), 08:50 in New York
BEFORE_DENVER_MORNING = datetime(2026, 2, 3, 13, 50, tzinfo=UTC)


@pytest.fixture
def denver():
    return ClinicFactory(timezone="America/Denver")


def test_each_clinic_admin_gets_a_summary_at_seven_on_the_clinics_clock(denver):
    admin = MembershipFactory(clinic=denver, role="clinic_admin").user
    MembershipFactory(clinic=denver, role="front_desk")
    service = ServiceTypeFactory(clinic=denver)
    AppointmentFactory(service=service, starts_at=datetime(2026, 2, 3, 20, tzinfo=UTC))  # 13:00 today
    AppointmentFactory(service=service, starts_at=datetime(2026, 2, 4, 8, tzinfo=UTC))  # 01:00 tomorrow
    NotificationFactory(clinic=denver, status=Status.FAILED)

    assert clinic_digests_plan(at=BEFORE_DENVER_MORNING) == 0
    morning = BEFORE_DENVER_MORNING + timedelta(minutes=15)
    assert clinic_digests_plan(at=morning) == 1
    digest = Notification.objects.get(kind="staff_daily_digest")
    assert digest.recipient == admin
    assert digest.due_at == datetime(2026, 2, 3, 14, 0, tzinfo=UTC)
    assert (digest.context["appointments_today"], digest.context["open_alerts"], digest.context["failed_messages"]) == (
        1,
        0,
        1,
    )
    assert clinic_digests_plan(at=morning + timedelta(minutes=15)) == 0  # once a day
    assert clinic_digests_plan(at=morning + timedelta(days=1)) == 1
