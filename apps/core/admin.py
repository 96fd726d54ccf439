from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written here: rows that change only through their app's services (which check,
    lock, keep history and tell whoever must know), so the admin cannot go around them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
