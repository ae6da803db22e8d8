from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("table/", views.staffing_table, name="staffing-table"),
    path("quota/", views.quota_report, name="quota-report"),
    path("quota/versions/new/", views.quota_version_create, name="quota-version-create"),
    path(
        "quota/versions/<int:pk>/",
        views.QuotaVersionDetailView.as_view(),
        name="quota-version-detail",
    ),
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/<str:code>/", views.PostDetailView.as_view(), name="post-detail"),
    path("appointments/", views.AppointmentListView.as_view(), name="appointment-list"),
    path("appointments/new/", views.AppointmentCreateView.as_view(), name="appointment-create"),
    path(
        "appointments/new/choices/<str:field>/",
        views.AppointmentCreateView.as_view(),
        name="appointment-create-choices",
    ),
    path("appointments/<int:pk>/", views.AppointmentDetailView.as_view(), name="appointment-detail"),
    path("appointments/<int:pk>/end/", views.AppointmentEndView.as_view(), name="appointment-end"),
    path("appointments/<int:pk>/contract/", views.ContractEditView.as_view(), name="appointment-contract"),
    path("technical/", views.TechnicalStaffListView.as_view(), name="technical-list"),
    path("technical/new/", views.TechnicalStaffCreateView.as_view(), name="technical-create"),
    path(
        "technical/new/choices/<str:field>/",
        views.TechnicalStaffCreateView.as_view(),
        name="technical-create-choices",
    ),
]
