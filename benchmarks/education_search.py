"""Library search latency on PostgreSQL: the seeded library, then the same pages copied to about
2,000 articles. Everything happens in one transaction that is rolled back, so any database
(DATABASE_URL, PostgreSQL) can be used, seeded or not.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python benchmarks/education_search.py

Prints the median time of ``articles_for_reader(search=...)`` fetching the first page (50 rows),
over 15 runs per query. Record results in BENCHMARKS.md with the machine they ran on.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from apps.clinics import demo as clinics_demo  # noqa: E402
from apps.education import demo as education_demo  # noqa: E402
from apps.education.models import Article  # noqa: E402
from apps.education.selectors import articles_for_reader  # noqa: E402
from apps.education.services import article_save  # noqa: E402

QUERIES = ["ketamin", "side efects", "driving home", "insurance", "integation", "xylophone"]
TARGET_ARTICLES = 2000
RUNS = 15


def median_ms(reader, text: str) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        list(articles_for_reader(reader, search=text)[:50])
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(reader) -> None:
    timings = ", ".join(f"{text!r} {median_ms(reader, text):.1f} ms" for text in QUERIES)
    print(f"{Article.objects.count():>5} articles: {timings}")


def copy_library_to(target: int) -> None:
    originals = list(Article.objects.filter(clinic__isnull=True).values_list("pk", "slug", "title"))
    for copy in range(target // len(originals)):
        for pk, slug, title in originals:
            article = Article.objects.get(pk=pk)
            article.pk, article.published_at = None, None
            article._state.adding = True
            article.slug, article.title = f"{slug[:100]}-{copy}", f"{title} ({copy})"
            article_save(article=article)


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: this measures the PostgreSQL search.")
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        clinics_demo.seed()
        education_demo.seed()
        reader = get_user_model().objects.get(email="maya.patient@example.com")
        report(reader)
        copy_library_to(TARGET_ARTICLES)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE education_article")
        report(reader)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
