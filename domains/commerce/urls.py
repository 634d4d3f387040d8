"""Commerce pages."""

app_name = "commerce"
urlpatterns: list = []
