from django.urls import path

from . import views

app_name = "roster"

urlpatterns = [
    path("", views.roster_upload, name="upload"),
    path("preview/<slug:token>/", views.roster_preview, name="preview"),
    path("confirm/<slug:token>/", views.roster_confirm, name="confirm"),
    path("imports/<int:pk>/", views.roster_result, name="result"),
    path("template.<str:file_format>", views.roster_template_download, name="template"),
]
