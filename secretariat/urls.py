from django.urls import path

from . import views

app_name = "secretariat"
urlpatterns = [
    path("states/", views.StateListView.as_view(), name="state-list"),
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/new/", views.PersonCreateView.as_view(), name="person-create"),
    path("secretaries-general/", views.TermListView.as_view(), name="term-list"),
    path("secretaries-general/new/", views.TermCreateView.as_view(), name="term-create"),
    path(
        "secretaries-general/new/choices/<str:field>/",
        views.TermCreateView.as_view(),
        name="term-create-choices",
    ),
    path("secretaries-general/<int:pk>/", views.TermDetailView.as_view(), name="term-detail"),
    path("deputies/", views.DeputyListView.as_view(), name="deputy-list"),
    path("representatives/", views.RepresentativeListView.as_view(), name="representative-list"),
    path(
        "representatives/new/",
        views.RepresentativeCreateView.as_view(),
        name="representative-create",
    ),
    path(
        "representatives/new/choices/<str:field>/",
        views.RepresentativeCreateView.as_view(),
        name="representative-create-choices",
    ),
    path(
        "representatives/<int:pk>/end/",
        views.RepresentativeEndView.as_view(),
        name="representative-end",
    ),
]
