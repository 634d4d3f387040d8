"""Serializer fields stricter than DRF's defaults.

DRF coerces leniently: "0.5" and true become numbers. For JSON APIs whose numbers mean something
(intensities, prices, scores) a wrong type is a client bug to report, not to guess at.
"""

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
