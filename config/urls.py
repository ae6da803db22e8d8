from django.contrib import admin
from django.urls import include, path

from config import views as config_views
from staffing import views as staffing_views

urlpatterns = [
    path("", staffing_views.dashboard, name="dashboard"),
    path("healthz", config_views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("secretariat/", include("secretariat.urls")),
    path("staffing/", include("staffing.urls")),
]
