from django.urls import path

from . import views

urlpatterns = [
    path("education/topics", views.TopicListView.as_view(), name="education-topics"),
    path("education/articles", views.ArticleListView.as_view(), name="education-articles"),
    path("education/articles/<slug:slug>", views.ArticleDetailView.as_view(), name="education-article"),
    path("education/bookmarks", views.BookmarkListView.as_view(), name="education-bookmarks"),
    path("education/bookmarks/<slug:slug>", views.BookmarkView.as_view(), name="education-bookmark"),
    path("education/read-marks/<slug:slug>", views.ReadMarkView.as_view(), name="education-read-mark"),
    path("education/assigned-reading", views.AssignedReadingView.as_view(), name="education-assigned-reading"),
    path("education/progress", views.ReadingProgressView.as_view(), name="education-progress"),
    path(
        "education/clinics/<slug:clinic_slug>/patients/<uuid:patient_id>/reading",
        views.PatientReadingView.as_view(),
        name="education-patient-reading",
    ),
]
