from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("<str:code>/", views.verify, name="verify"),
]

admin_urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("<int:pk>/revoke/", views.certificate_revoke_view, name="revoke"),
    path("<int:pk>/pdf/", views.certificate_download, name="download"),
    path("zip/<int:pk>/", views.zip_job, name="zip_job"),
]
