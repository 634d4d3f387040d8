"""Finance pages."""

app_name = "finance"
urlpatterns: list = []
