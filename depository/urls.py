from django.urls import path, re_path

from . import views

app_name = "depository"
urlpatterns = [
    path("", views.InstrumentListView.as_view(), name="instrument-list"),
    path("<int:pk>/", views.InstrumentDetailView.as_view(), name="instrument-detail"),
    path("<int:pk>/acts/new/", views.ActCreateView.as_view(), name="act-create"),
    path("<int:pk>/entry-into-force/", views.EntryIntoForceView.as_view(), name="entry-into-force"),
    path("<int:pk>/originals/", views.OriginalsView.as_view(), name="originals"),
    path("events/<int:pk>/correct/", views.CorrectionView.as_view(), name="event-correct"),
    path("copies/", views.CertifiedCopyListView.as_view(), name="copy-list"),
    path("copies/<int:pk>/sent/", views.CopySentView.as_view(), name="copy-sent"),
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path("notifications/new/", views.NotificationCreateView.as_view(), name="notification-create"),
    path("notifications/<int:pk>/", views.NotificationDetailView.as_view(), name="notification-detail"),
    re_path(
        r"^notifications/(?P<pk>[0-9]+)/print/(?P<language>ru|zh|en)/$",
        views.notification_print,
        name="notification-print",
    ),
]
