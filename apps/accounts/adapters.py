from allauth.account.adapter import DefaultAccountAdapter

from .services import patient_profile_create


class PortalAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            patient_profile_create(user=user)
        return user
