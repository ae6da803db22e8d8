from django.urls import path

from . import views

app_name = "overview"
urlpatterns = [
    path("states/<str:code>/", views.state_detail, name="state-detail"),
    path("departments/<slug:code>/", views.department_detail, name="department-detail"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
]
