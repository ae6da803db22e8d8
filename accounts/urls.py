from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("code/", views.verify, name="verify"),
    path("second-factor/", views.enrol, name="enrol"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("review/", views.AccessReviewView.as_view(), name="access-review"),
    path("review/<int:pk>/reset/", views.factor_reset, name="factor-reset"),
]
