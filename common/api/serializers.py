"""Output serializers that cost less per row, with the same output as DRF's.

DRF's `Serializer.to_representation` walks `self.fields` through a generator and resolves every
attribute with `fields.get_attribute` (a loop with a callable check) for every row; for a 25-row
page that per-row overhead is most of what separates a list endpoint from a bare JSON view. These
classes work out once which fields are plain model columns, read those directly from the
instance or the `.values()` row, and leave everything else (nested serializers, dotted sources
through nullable relations, defaults) to DRF. The plan is kept per instance (a `many=True` list
reuses one child for every row), or per class when every field's output depends only on its
value, so a request then builds no fields at all. The output is the same dict, field for field;
`tests/test_serializers.py` compares them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import ManyRelatedField, PKOnlyObject, PrimaryKeyRelatedField

_PLAN = "_fast_plan_cache"
_SHARED_PLAN = "_fast_shared_plan"
# Fields whose output depends only on the value (not on the serializer or its context), so one
# plan can serve every instance of a serializer class without building its fields again.
_PURE = (
    serializers.CharField, serializers.IntegerField, serializers.FloatField,
    serializers.DecimalField, serializers.BooleanField, serializers.DateTimeField,
    serializers.DateField, serializers.TimeField, serializers.UUIDField, serializers.JSONField,
    serializers.ChoiceField, serializers.DurationField, serializers.ReadOnlyField,
    serializers.SerializerMethodField, PrimaryKeyRelatedField, ManyRelatedField,
)  # fmt: skip


def _shareable(cls, plan) -> bool:
    """One plan for the class: every field has a key (or is a method field that names its
    inputs), is value-only, and the class builds its fields the standard way."""
    if cls.__init__ is not serializers.BaseSerializer.__init__:
        return False
    if cls.get_fields not in (ModelSerializer.get_fields, serializers.Serializer.get_fields):
        return False
    return all(key is not None and isinstance(field, _PURE) for _n, field, key, _r in plan)


class FastRepresentationMixin:
    def _fast_plan(self) -> list[tuple[str, Field, str | None, bool]]:
        """(name, field, key, raw) per readable field. `key` names a model column (or a column
        across non-null foreign keys, as `product__name`) that holds the value, for both model
        instances and `.values()` rows; `raw` means the stored value is the output (a foreign
        key's id). Fields without a key go through DRF's own get_attribute."""
        plan = self.__dict__.get(_PLAN)
        if plan is None:
            cls = type(self)
            plan = cls.__dict__.get(_SHARED_PLAN)
            if plan is None:
                plan = self._fast_plan_build()
                if _shareable(cls, plan):
                    # Kept on the class, built from a context-free instance so that it holds
                    # no request.
                    plan = cls(context={})._fast_plan_build()
                    setattr(cls, _SHARED_PLAN, plan)
            self.__dict__[_PLAN] = plan
        return plan

    def _fast_plan_build(self) -> list[tuple[str, Field, str | None, bool]]:
        meta = getattr(self, "Meta", None)
        model = getattr(meta, "model", None)
        inputs = getattr(meta, "values_method_inputs", {})
        return [
            (f.field_name, f, *_column_key(model, f, f.field_name in inputs))
            for f in self._readable_fields
        ]

    def values_columns(self) -> list[str] | None:
        """The `.values()` keys that give every output field, or None when some field needs a
        model instance (nested serializers, method fields that do not say what they read).

        A method field can take a `.values()` row when the serializer's Meta lists the columns
        it reads, as `values_method_inputs = {"urls": ["id", "share_token"]}`; the method then
        gets either a model instance or a dict with those keys."""
        inputs = getattr(getattr(self, "Meta", None), "values_method_inputs", {})
        keys = []
        for name, _field, key, _raw in self._fast_plan():
            if key is None:
                return None
            if key.startswith(METHOD):
                keys.extend(inputs[name])
            else:
                keys.append(key)
        return list(dict.fromkeys(keys))

    def to_representation(self, instance):
        ret = {}
        is_mapping = isinstance(instance, Mapping)
        for name, field, key, raw in self._fast_plan():
            try:
                if key is not None and key.startswith(METHOD):
                    # This serializer's own method (the plan's field may be another instance's).
                    ret[name] = getattr(self, field.method_name)(instance)
                    continue
                if key is not None and is_mapping and key in instance:
                    attribute = instance[key]
                elif key is not None and not is_mapping and "__" not in key and key[0] != "@":
                    attribute = getattr(instance, key)
                else:
                    raw = False
                    attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            if check_for_none is None:
                ret[name] = None
            else:
                ret[name] = attribute if raw else field.to_representation(attribute)
        return ret


M2M = "@m2m:"  # a values_columns() entry: ids of a many-to-many field, read in one query
METHOD = "@method:"  # a plan key: a method field that reads the columns its Meta names


def _column_key(model, field: Field, method_inputs: bool = False) -> tuple[str | None, bool]:
    if isinstance(field, serializers.SerializerMethodField):
        return (METHOD + field.field_name if method_inputs else None), False
    if model is None or field.source == "*" or not field.source_attrs:
        return None, False
    if isinstance(field, ManyRelatedField):
        child = field.child_relation
        if not isinstance(child, PrimaryKeyRelatedField) or child.pk_field is not None:
            return None, False
        try:
            f = model._meta.get_field(field.source)
        except FieldDoesNotExist:
            return None, False
        if f.many_to_many and f.concrete:
            return M2M + f.name, True
        return None, False
    if isinstance(field, PrimaryKeyRelatedField):
        if field.pk_field is not None or len(field.source_attrs) != 1:
            return None, False
        try:
            f = model._meta.get_field(field.source_attrs[0])
        except FieldDoesNotExist:
            return None, False
        if (f.many_to_one or f.one_to_one) and f.concrete:
            return f.attname, True
        return None, False
    if type(field).get_attribute is not Field.get_attribute:
        return None, False
    current = model
    path = []
    for i, attr in enumerate(field.source_attrs):
        try:
            f = current._meta.get_field(attr)
        except FieldDoesNotExist:
            return None, False
        last = i == len(field.source_attrs) - 1
        if last:
            if f.is_relation or not f.concrete:
                return None, False
            path.append(f.attname if not path else f.name)
        else:
            if not (f.many_to_one and f.concrete and not f.null):
                return None, False
            path.append(f.name)
            current = f.related_model
    return "__".join(path), False


class Serializer(FastRepresentationMixin, serializers.Serializer):
    """`rest_framework.serializers.Serializer` with the faster output path."""


class ModelSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    """`rest_framework.serializers.ModelSerializer` with the faster output path, and its fields
    worked out from the model once per class: later instances get a deep copy, which is how DRF
    itself gives each instance its declared fields."""

    def get_fields(self):
        cls = type(self)
        template = cls.__dict__.get("_fast_fields_template")
        if template is None:
            template = super().get_fields()
            cls._fast_fields_template = template
        return copy.deepcopy(template)
