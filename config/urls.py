from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts import views as accounts_views
from config import views as config_views
from core.history import record_history
from overview import views as overview_views

# The pages of a state, a department and a person moved from under /staffing/ to the
# overview app (issue 14): their old addresses answer a permanent redirect, query included,
# so bookmarks and links in documents keep working. They show nothing: no sign-in needed.
moved = [
    path(
        f"staffing/{old}",
        login_not_required(RedirectView.as_view(pattern_name=name, permanent=True, query_string=True)),
    )
    for old, name in (
        ("states/<str:code>/", "overview:state-detail"),
        ("departments/<slug:code>/", "overview:department-detail"),
        ("people/<int:pk>/", "overview:person-detail"),
    )
]

urlpatterns = [
    path("", overview_views.dashboard, name="dashboard"),
    path("healthz", config_views.healthz, name="healthz"),
    # Sign-in (the password, then the second factor: accounts.urls), sign-out (POST) and
    # password change; no password reset by e-mail: accounts are issued by the
    # administrative and legal department.
    path("accounts/login/", accounts_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The sign-in page has the language switcher too: choosing a language needs no account.
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Relations first: it serves /secretariat/organisations/ (relations.urls).
    path("", include("relations.urls")),
    path("secretariat/", include("secretariat.urls")),
    *moved,
    path("staffing/", include("staffing.urls")),
    path("meetings/", include("meetings.urls")),
    path("depository/", include("depository.urls")),
    path("", include("overview.urls")),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", record_history, name="record-history"),
]
