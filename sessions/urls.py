"""Learner URLs of sessions (under the language prefix)."""

from django.urls import path

from .views import check_in

app_name = "sessions"

urlpatterns = [
    path("<int:pk>/check-in/<str:token>/", check_in.check_in, name="check_in"),
]
