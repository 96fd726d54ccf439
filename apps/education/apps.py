from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "apps.education"
    label = "education"
