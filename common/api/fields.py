"""Serializer fields stricter than DRF's defaults.

DRF coerces leniently: "0.5" and true become numbers. For JSON APIs whose numbers mean something
(intensities, prices, scores) a wrong type is a client bug to report, not to guess at.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictFloatField(serializers.FloatField):
    """A float that refuses booleans and strings; NaN and infinities are refused by DRF."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """An integer that refuses booleans, floats and strings."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "string",
        # RFC 3339 "partial-time": no offset. OpenAPI's `format: time` is RFC 3339 "full-time",
        # which requires one, so a value such as "01:00:00" would not match it.
        "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
        "example": "01:00:00",
        "description": "Wall-clock time of day in UTC, HH:MM[:SS].",
    }
)
class WallClockTimeField(serializers.TimeField):
    """A time of day without a UTC offset (a daily window), described as such in the schema."""
