from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accreditation.urls import delegate_patterns, portal_patterns, public_patterns
from imrf import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("privacy/", views.privacy, name="privacy"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/two-factor-required/", views.staff_two_factor_required, name="staff_two_factor_required"),
    path("accounts/staff-enrolment/<str:token>/", views.staff_enrolment, name="staff_enrolment"),
    path("accounts/", include("allauth.urls")),
    path("portal/", include(portal_patterns)),
    path("me/", include(delegate_patterns)),
    *public_patterns,
    path("admin/", admin.site.urls),
]

handler404 = "imrf.views.page_not_found"
handler500 = "imrf.views.server_error"
handler403 = "imrf.views.permission_denied"
handler400 = "imrf.views.bad_request"

if settings.BENCHMARK_MODE:
    urlpatterns.append(path("__bench__/floor/", views.benchmark_floor))
if settings.ERROR_PROBE:
    urlpatterns.append(path("__probe__/error/", views.error_probe))
