"""Operations pages."""

app_name = "operations"
urlpatterns: list = []
