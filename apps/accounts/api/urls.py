from django.urls import path

from .views import MeView, MyProfileView

urlpatterns = [
    path("me", MeView.as_view(), name="me"),
    path("me/profile", MyProfileView.as_view(), name="me-profile"),
]
