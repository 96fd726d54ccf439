from rest_framework import serializers

from apps.education.models import ReadingEvent, TreatmentStage


class ArticleListInput(serializers.Serializer):
    topic = serializers.SlugField(required=False, default="")
    stage = serializers.ChoiceField(choices=TreatmentStage.choices, required=False, default="")
    tag = serializers.SlugField(required=False, default="")
    search = serializers.CharField(required=False, default="", max_length=200)


class TopicOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()


class TagOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ReviewerOutput(serializers.Serializer):
    display_name = serializers.CharField()
    credentials = serializers.CharField()


class ArticleBriefOutput(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    stage = serializers.ChoiceField(choices=TreatmentStage.choices)
    reading_minutes = serializers.IntegerField()


class ArticleSummaryOutput(ArticleBriefOutput):
    topics = TopicOutput(many=True)
    tags = TagOutput(many=True)
    clinic = serializers.SlugField(source="clinic.slug", allow_null=True, default=None)
    medical_reviewer = ReviewerOutput(allow_null=True)
    reviewed_on = serializers.DateField(allow_null=True)
    read_at = serializers.DateTimeField(allow_null=True)
    bookmarked_at = serializers.DateTimeField(allow_null=True)


class ArticleDetailOutput(ArticleSummaryOutput):
    body_html = serializers.CharField(help_text="Sanitized HTML rendered from the article's Markdown.")
    published_at = serializers.DateTimeField()


class AssignmentOutput(serializers.Serializer):
    article = ArticleBriefOutput()
    event = serializers.ChoiceField(choices=ReadingEvent.choices)
    assigned_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    read_at = serializers.DateTimeField(allow_null=True)


class ProgressOutput(serializers.Serializer):
    assigned = serializers.IntegerField()
    read = serializers.IntegerField()
    unread = serializers.IntegerField()


class ReadMarkOutput(serializers.Serializer):
    article = serializers.SlugField(source="article.slug")
    read_at = serializers.DateTimeField()


class BookmarkOutput(serializers.Serializer):
    article = serializers.SlugField(source="article.slug")
    created_at = serializers.DateTimeField()


class PreparationArticleOutput(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    read_at = serializers.DateTimeField(allow_null=True)


class FirstDosePreparationOutput(serializers.Serializer):
    complete = serializers.BooleanField(help_text="Every preparation article is read (false when there are none).")
    articles = PreparationArticleOutput(many=True)


class PatientReadingOutput(serializers.Serializer):
    patient_id = serializers.UUIDField()
    progress = ProgressOutput()
    first_dose_preparation = FirstDosePreparationOutput()
    assignments = AssignmentOutput(many=True)
