from django.urls import path

from . import views

app_name = "paper"

urlpatterns = [
    path("slips/", views.slip_scan, name="slip_scan"),
    path("slips/by-name/", views.slip_checklist_view, name="slip_checklist"),
    path("print/", views.print_job_new, name="print_job_new"),
    path("print/<int:pk>/", views.print_job_detail, name="print_job"),
    path("print/<int:pk>/status/", views.print_job_status, name="print_job_status"),
    path("print/<int:pk>/download/", views.print_job_download, name="print_job_download"),
    path("print/<int:pk>/cancel/", views.print_job_cancel_view, name="print_job_cancel"),
]
