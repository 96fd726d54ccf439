import pytest

from celery_app import app as celery_app


@pytest.fixture
def celery_eager():
    """Tasks enqueued during the test run in-process (on commit), as a worker would run them."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
