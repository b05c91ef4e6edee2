from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("settings/", views.ReminderSettingsView.as_view(), name="settings"),
    path("log/", views.NotificationLogView.as_view(), name="log"),
    path("log/results/", views.NotificationLogView.as_view(results_only=True), name="log_results"),
]
