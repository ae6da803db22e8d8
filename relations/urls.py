from django.urls import path

from . import views

# Mounted at the root (config/urls.py), before the secretariat app: the organisations are
# reference data of the Secretariat, listed at /secretariat/organisations/, but their pages
# read the depository, which the secretariat app may not import.
app_name = "relations"
urlpatterns = [
    path("relations/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("relations/partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("secretariat/organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "secretariat/organisations/<slug:code>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
]
