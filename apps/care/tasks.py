"""Thin Celery wrappers around care services."""

from celery import shared_task

from apps.core import clock

from .maintenance import maintenance_reminders_plan


@shared_task(acks_late=True, ignore_result=True)
def plan_maintenance_reminders() -> int:
    return maintenance_reminders_plan(at=clock.now())
