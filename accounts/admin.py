"""Accounts admin: the role groups list each role's one-line description beside its name."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from accounts.roles import ROLE_BY_NAME
from accounts.services import user_password_changed

admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    list_display = ["name", "description", "people"]

    @admin.display(description="What the role may do")
    def description(self, obj: Group) -> str:
        role = ROLE_BY_NAME.get(obj.name)
        return role.description if role else "(not one of the five roles)"

    @admin.display(description="People")
    def people(self, obj: Group) -> int:
        return obj.user_set.count()


class UserAdminRevokingTokens(UserAdmin):
    """Django's user admin, where setting someone's password also revokes their API tokens
    (as the password change and reset pages do)."""

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form was accepted
            user = self.get_object(request, id)
            if user is not None:
                user_password_changed(user=user, how="changed")
        return response


admin.site.unregister(User)
admin.site.register(User, UserAdminRevokingTokens)
