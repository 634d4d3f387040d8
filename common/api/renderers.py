"""DRF's JSON renderer, encoding with orjson.

Same bytes as `rest_framework.renderers.JSONRenderer` for the API's payloads (compact, UTF-8,
U+2028/U+2029 escaped, datetimes through DRF's own encoder so UTC stays "Z"), several times
faster for a page of rows. Differences: floats are written in orjson's shortest form (1e16 rather
than 1e+16, the same number), and a NaN or infinity is written as null where DRF would fail the
request. Pretty printing (`Accept: application/json; indent=4`, the browsable API) goes through
DRF's renderer unchanged.
"""

from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_drf_default = JSONEncoder().default


class ORJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        out = orjson.dumps(data, default=_drf_default, option=_OPTIONS)
        if b"\xe2\x80\xa8" in out or b"\xe2\x80\xa9" in out:
            out = out.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return out
