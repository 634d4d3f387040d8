"""Permissions shared by the contexts' APIs."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsOwner(BasePermission):
    """Object-level: the object's `user` (or `owner`) is the requesting user."""

    owner_field = "user"

    def has_object_permission(self, request, view, obj):
        owner_id = getattr(obj, f"{getattr(view, 'owner_field', self.owner_field)}_id", None)
        return owner_id is not None and owner_id == request.user.pk


class IsStaffOrReadOnly(BasePermission):
    """Anyone authenticated may read; only staff may write."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.is_staff


class IsStaff(BasePermission):
    """Only staff users."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)
