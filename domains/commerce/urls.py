"""Commerce pages under /commerce/."""

from django.urls import path

from domains.commerce import views

app_name = "commerce"
urlpatterns = [
    path("", views.shop, name="index"),
    path("feedback/", views.feedback, name="feedback"),
    path("products/", views.product_list, name="products"),
    path("products/<int:product_id>/", views.product_detail, name="product"),
    path("history/", views.history, name="history"),
    path("import/", views.catalogue_import, name="import"),
]
