from django.urls import path

from .views import signing

app_name = "pledges"

# Mounted under the language prefix (/ja/pledges/…).
urlpatterns = [
    path("", signing.my_pledges, name="mine"),
    path("sign/<int:version_id>/", signing.sign, name="sign"),
    path("signed/<str:code>/", signing.signed, name="signed"),
    path("signed/<str:code>/pdf/", signing.my_pdf, name="pdf"),
]
