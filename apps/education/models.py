from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel


class TreatmentStage(models.TextChoices):
    """Where in their treatment a patient is when an article helps most, in the order they live it."""

    EXPLORING = "exploring", "Exploring treatment"
    BEFORE_CONSULTATION = "before_consultation", "Before the consultation"
    BEFORE_FIRST_DOSE = "before_first_dose", "Before the first dose"
    AFTER_A_SESSION = "after_a_session", "After a session"
    MAINTENANCE = "maintenance", "Maintenance"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In medical review"
    PUBLISHED = "published", "Published"


class ReadingEvent(models.TextChoices):
    """Moments in a patient's care that other apps report through ``reading_assign_for_event``."""

    INTAKE_SUBMITTED = "intake_submitted", "Intake submitted"
    CONSULTATION_BOOKED = "consultation_booked", "Consultation booked"
    FIRST_DOSING_BOOKED = "first_dosing_booked", "First dosing session booked"
    SESSION_COMPLETED = "session_completed", "A session completed"
    MAINTENANCE_STARTED = "maintenance_started", "Maintenance started"


class Topic(TimeStampedModel):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(TimeStampedModel):
    """A page of the library. Authors write Markdown; ``body_html`` is rendered and sanitized by
    ``article_save`` and is the only form of the body a page ever shows."""

    organization = models.ForeignKey("clinics.Organization", on_delete=models.PROTECT, related_name="articles")
    clinic = models.ForeignKey(
        "clinics.Clinic",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Only for pages about one location (arrival, parking). Empty: every clinic shows it.",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=400)
    body_markdown = models.TextField(help_text="Markdown. Raw HTML is shown as text, never as markup.")
    body_html = models.TextField(editable=False, blank=True, default="")
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    stage = models.CharField(max_length=30, choices=TreatmentStage.choices)
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)
    medical_reviewer = models.ForeignKey(
        "clinics.ProviderProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="reviewed_articles"
    )
    reviewed_on = models.DateField(null=True, blank=True, help_text="When the medical reviewer last checked it.")
    status = models.CharField(max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Weighted title (A), summary (B), body (C); filled by article_save on PostgreSQL, where a GIN
    # index (migration 0002) serves it. Always empty on SQLite, which searches another way.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED)
                | Q(medical_reviewer__isnull=False, reviewed_on__isnull=False),
                name="published_article_has_medical_review",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.clinic_id and self.organization_id and self.clinic.organization_id != self.organization_id:
            errors["clinic"] = "The clinic belongs to another organization."
        if self.status == ArticleStatus.PUBLISHED:
            if not self.medical_reviewer_id:
                errors["medical_reviewer"] = "A published article needs a medical reviewer."
            if not self.reviewed_on:
                errors["reviewed_on"] = "A published article needs the date of its last medical review."
        if errors:
            raise ValidationError(errors)


class ArticleRevision(models.Model):
    """The article as it was after one save: what changed, when and by whom."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400)
    body_markdown = models.TextField()
    stage = models.CharField(max_length=30, choices=TreatmentStage.choices)
    status = models.CharField(max_length=20, choices=ArticleStatus.choices)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="one_revision_number_per_article")]

    def __str__(self):
        return f"{self.article} · revision {self.number}"


class ReadingRule(TimeStampedModel):
    """When ``event`` happens to a patient at a clinic, assign ``article`` to them. A rule with a
    clinic applies at that clinic only."""

    event = models.CharField(max_length=30, choices=ReadingEvent.choices)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reading_rules")
    clinic = models.ForeignKey(
        "clinics.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="reading_rules"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Suggested reading order within the event.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["event", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "article"], condition=Q(clinic__isnull=True), name="one_org_rule_per_event_article"
            ),
            models.UniqueConstraint(
                fields=["event", "article", "clinic"],
                condition=Q(clinic__isnull=False),
                name="one_clinic_rule_per_event_article",
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} → {self.article}"

    def clean(self):
        if not (self.clinic_id and self.article_id):
            return
        if self.clinic.organization_id != self.article.organization_id:
            raise ValidationError({"clinic": "The clinic belongs to another organization than the article."})
        if self.article.clinic_id not in (None, self.clinic_id):
            raise ValidationError({"clinic": "The article is specific to another clinic."})


class ReadingAssignment(models.Model):
    """An article a patient was asked to read. One row per patient and article: an event that fires
    again, or another event with the same article, does not assign it twice."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_assignments")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="reading_assignments")
    event = models.CharField(max_length=30, choices=ReadingEvent.choices)
    assigned_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="The appointment to read it before, if any.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "article"], name="one_assignment_per_patient_article")
        ]

    def __str__(self):
        return f"Reading assignment {self.pk}"


class ArticleRead(models.Model):
    """A patient marked an article as read."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles_read")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "article"], name="one_read_mark_per_patient_article")]

    def __str__(self):
        return f"Read mark {self.pk}"


class Bookmark(models.Model):
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["patient", "article"], name="one_bookmark_per_patient_article")]

    def __str__(self):
        return f"Bookmark {self.pk}"
