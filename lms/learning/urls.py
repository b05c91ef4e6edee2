from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.my_training, name="my_training"),
]
