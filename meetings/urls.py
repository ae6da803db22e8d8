from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/materials/new/", views.MaterialCreateView.as_view(), name="material-create"),
    path("materials/<int:pk>/exception/", views.MaterialExceptionView.as_view(), name="material-exception"),
    path("presidencies/", views.PresidencyTimelineView.as_view(), name="presidency-timeline"),
    path("presidencies/new/", views.PresidencyCreateView.as_view(), name="presidency-create"),
    path("drafts/", views.DraftQueueView.as_view(), name="draft-queue"),
    path("drafts/new/", views.DraftCreateView.as_view(), name="draft-create"),
    path("drafts/<int:pk>/", views.DraftDetailView.as_view(), name="draft-detail"),
    path("drafts/<int:pk>/move/", views.DraftMoveView.as_view(), name="draft-move"),
    path("calendar/", views.calendar_address, name="calendar-address"),
    path("calendar.ics", views.calendar_feed, name="calendar-feed"),
]
