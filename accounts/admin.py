"""Accounts admin: the role groups list each role's one-line description beside its name."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group

from accounts.roles import ROLE_BY_NAME

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
