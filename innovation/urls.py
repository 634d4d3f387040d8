"""Innovation pages."""

app_name = "innovation"
urlpatterns: list = []
