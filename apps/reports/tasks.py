from celery import shared_task

from apps.core import clock

from .digest import clinic_digests_plan


@shared_task(acks_late=True, ignore_result=True)
def plan_clinic_digests() -> int:
    return clinic_digests_plan(at=clock.now())
