"""Valuation pages."""

app_name = "valuation"
urlpatterns: list = []
