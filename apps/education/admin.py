"""Editing the library. Editors are Django admin users with the education permissions (the demo
gives them through the "Library editors" group). Every save goes through article_save, so the
preview below is exactly the sanitized HTML patients will get."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Article, ArticleRevision, ReadingRule, Tag, Topic
from .services import article_save, tag_save


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        tag_save(tag=obj)


class ReadingRuleInline(admin.TabularInline):
    model = ReadingRule
    extra = 0
    fields = ["event", "clinic", "position", "is_active"]


class ArticleRevisionInline(admin.TabularInline):
    """History, read-only: revisions are written by article_save alone."""

    model = ArticleRevision
    extra = 0
    fields = ["number", "status", "title", "edited_by", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "stage", "clinic", "medical_reviewer", "reviewed_on", "updated_at"]
    list_filter = ["status", "stage", "topics", "organization", "clinic"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics", "tags"]
    readonly_fields = ["preview", "reading_minutes", "published_at"]
    fieldsets = [
        (None, {"fields": ["organization", "clinic", "title", "slug", "summary", "stage", "topics", "tags"]}),
        ("Body", {"fields": ["body_markdown", "preview", "reading_minutes"]}),
        ("Medical review and publishing", {"fields": ["medical_reviewer", "reviewed_on", "status", "published_at"]}),
    ]
    inlines = [ReadingRuleInline, ArticleRevisionInline]

    @admin.display(description="Preview (as patients see it)")
    def preview(self, article):
        if not article.pk:
            return "The preview appears after the first save (save as a draft to see it)."
        # body_html is only ever written by article_save, which sanitizes it with nh3.
        return format_html('<div class="article-preview">{}</div>', mark_safe(article.body_html))  # noqa: S308

    def save_model(self, request, obj, form, change):
        article_save(
            article=obj, topics=form.cleaned_data["topics"], tags=form.cleaned_data["tags"], edited_by=request.user
        )

    def save_related(self, request, form, formsets, change):
        # article_save has stored the topics and tags already; only the inlines are left to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(ReadingRule)
class ReadingRuleAdmin(admin.ModelAdmin):
    list_display = ["event", "article", "clinic", "position", "is_active"]
    list_filter = ["event", "clinic", "is_active"]
    autocomplete_fields = ["article"]
