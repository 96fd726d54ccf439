from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.models import AuditAction
from apps.audit.services import audit_record
from apps.clinics.access import access_clinic_as_staff, access_clinic_patient
from apps.clinics.permissions import IsClinicStaff
from apps.education.access import access_article_for_reader
from apps.education.selectors import (
    article_for_reader,
    articles_for_reader,
    assigned_reading,
    bookmarked_articles,
    patient_reading_overview,
    reading_progress,
    topics_list,
)
from apps.education.services import bookmark_create, bookmark_delete, read_mark_create, read_mark_delete

from .serializers import (
    ArticleDetailOutput,
    ArticleListInput,
    ArticleSummaryOutput,
    AssignmentOutput,
    BookmarkOutput,
    PatientReadingOutput,
    ProgressOutput,
    ReadMarkOutput,
    TopicOutput,
)


class TopicListView(ListAPIView):
    serializer_class = TopicOutput

    def get_queryset(self):
        return topics_list()


class ArticleListView(ListAPIView):
    """Published articles the reader may see, by stage of treatment then title, or by relevance
    when searching."""

    serializer_class = ArticleSummaryOutput

    @extend_schema(parameters=[ArticleListInput])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = ArticleListInput(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return articles_for_reader(self.request.user, **filters.validated_data)


class ArticleDetailView(APIView):
    @extend_schema(responses=ArticleDetailOutput)
    def get(self, request, slug):
        article = access_article_for_reader(request.user, slug)
        return Response(ArticleDetailOutput(article_for_reader(request.user, article)).data)


class BookmarkListView(ListAPIView):
    serializer_class = ArticleSummaryOutput

    def list(self, request, *args, **kwargs):
        audit_record(actor=request.user, action=AuditAction.READ, obj=request.user, patient=request.user)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return bookmarked_articles(self.request.user)


class BookmarkView(APIView):
    """PUT adds the article to the reader's bookmarks, DELETE removes it; both may be repeated."""

    @extend_schema(request=None, responses=BookmarkOutput)
    def put(self, request, slug):
        article = access_article_for_reader(request.user, slug)
        bookmark = bookmark_create(actor=request.user, patient=request.user, article=article)
        return Response(BookmarkOutput(bookmark).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug):
        article = access_article_for_reader(request.user, slug)
        bookmark_delete(actor=request.user, patient=request.user, article=article)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReadMarkView(APIView):
    """PUT marks the article as read, DELETE as unread; both may be repeated."""

    @extend_schema(request=None, responses=ReadMarkOutput)
    def put(self, request, slug):
        article = access_article_for_reader(request.user, slug)
        mark = read_mark_create(actor=request.user, patient=request.user, article=article)
        return Response(ReadMarkOutput(mark).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug):
        article = access_article_for_reader(request.user, slug)
        read_mark_delete(actor=request.user, patient=request.user, article=article)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignedReadingView(ListAPIView):
    """What the clinic asked the patient to read: unread first, the soonest appointment first."""

    serializer_class = AssignmentOutput

    def list(self, request, *args, **kwargs):
        audit_record(actor=request.user, action=AuditAction.READ, obj=request.user, patient=request.user)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return assigned_reading(self.request.user)


class ReadingProgressView(APIView):
    @extend_schema(responses=ProgressOutput)
    def get(self, request):
        audit_record(actor=request.user, action=AuditAction.READ, obj=request.user, patient=request.user)
        return Response(ProgressOutput(reading_progress(request.user)).data)


class PatientReadingView(APIView):
    """A clinic's view of one patient's reading: what that clinic assigned, how much is read, and
    whether the preparation for a first dose is done."""

    permission_classes = [IsClinicStaff]

    @extend_schema(responses=PatientReadingOutput)
    def get(self, request, clinic_slug, patient_id):
        clinic = access_clinic_as_staff(request.user, clinic_slug)
        patient = access_clinic_patient(clinic, patient_id)
        audit_record(actor=request.user, action=AuditAction.READ, obj=patient, patient=patient, clinic=clinic)
        return Response(PatientReadingOutput(patient_reading_overview(patient, clinic)).data)
