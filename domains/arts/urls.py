"""Arts pages."""

app_name = "arts"
urlpatterns: list = []
