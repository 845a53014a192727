from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": "IMRF Accreditation", "DEBUG": settings.DEBUG}
