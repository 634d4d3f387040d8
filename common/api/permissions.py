"""Permissions shared by the contexts' APIs.

Roles are Django groups holding model permissions (`accounts/roles.py`); API views name the
permission they need with `HasPerms` or use `ModelPermissions` for plain CRUD. Ownership of a
member's rows stays an object-level check (`IsOwner`) on top.
"""

from rest_framework.permissions import BasePermission, DjangoModelPermissions


class IsOwner(BasePermission):
    """Object-level: the object's `user` (or `owner`) is the requesting user."""

    owner_field = "user"

    def has_object_permission(self, request, view, obj):
        owner_id = getattr(obj, f"{getattr(view, 'owner_field', self.owner_field)}_id", None)
        return owner_id is not None and owner_id == request.user.pk


class ModelPermissions(DjangoModelPermissions):
    """DRF's model permissions, with reads needing the model's `view` permission too."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


def HasPerms(*perms: str, write: tuple[str, ...] | None = None):  # noqa: N802 (a class factory)
    """A permission class: signed in and holding `perms`; unsafe methods need `write` as well.

    `HasPerms("valuation.view_component", write=("valuation.change_component",))` lets readers
    read and only holders of the write permission write.
    """

    class _HasPerms(BasePermission):
        required = perms
        required_for_write = write or ()

        def has_permission(self, request, view):
            user = request.user
            if not (user and user.is_authenticated):
                return False
            if not user.has_perms(self.required):
                return False
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                return user.has_perms(self.required_for_write)
            return True

    _HasPerms.__name__ = "HasPerms(" + ", ".join(perms) + ")"
    return _HasPerms


class IsStaffOrReadOnly(BasePermission):
    """Anyone authenticated may read; only staff may write."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in ("GET", "HEAD", "OPTIONS") or request.user.is_staff


class IsStaff(BasePermission):
    """Only staff users."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


def HasAnyPerm(*perms: str):  # noqa: N802 (a class factory)
    """A permission class: signed in and holding at least one of `perms`."""

    class _HasAnyPerm(BasePermission):
        def has_permission(self, request, view):
            user = request.user
            return bool(user and user.is_authenticated and any(user.has_perm(p) for p in perms))

    _HasAnyPerm.__name__ = "HasAnyPerm(" + ", ".join(perms) + ")"
    return _HasAnyPerm
