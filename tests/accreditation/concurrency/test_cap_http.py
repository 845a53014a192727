"""The cap over real HTTP: concurrent clients post the nomination form of one organization to
the live server; exactly ``cap`` representatives are created and no response is a 500."""

import secrets
import threading
import urllib.error
import urllib.request
import uuid

from django.conf import settings

from accreditation.enums import DelegateStatus
from accreditation.models import Delegate
from tests.factories import AccreditationFactory, ActiveForumFactory, MembershipFactory, image_bytes

CLIENTS = 12


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, content) in files.items():
        header = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(header.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_concurrent_http_nominations_create_exactly_cap_and_never_a_500(live_server, client):
    forum = ActiveForumFactory(delegate_cap=3)
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    client.force_login(membership.user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf_secret = secrets.token_hex(16)  # the unmasked 32-character secret Django accepts
    photo = image_bytes()
    barrier = threading.Barrier(CLIENTS)
    statuses: list[int] = [0] * CLIENTS
    bodies: list[str] = [""] * CLIENTS

    def post(index: int) -> None:
        body, content_type = _multipart(
            {
                "csrfmiddlewaretoken": csrf_secret,
                "family_name": f"Mensah-{index}",
                "given_names": "Kofi",
                "date_of_birth": f"{1970 + index}-05-17",
                "nationality": "GH",
                "country_of_residence": "GH",
                "email": f"kofi{index}@example.org",
                "modality": "in_person",
                "privacy_consent": "on",
            },
            {"photo": ("photo.jpg", "image/jpeg", photo)},
        )
        request = urllib.request.Request(
            f"{live_server.url}/portal/representatives/new/",
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie}; {settings.CSRF_COOKIE_NAME}={csrf_secret}",
                "Referer": f"{live_server.url}/portal/representatives/new/",
            },
        )
        opener = urllib.request.build_opener(NoRedirect)
        barrier.wait(timeout=30)
        try:
            with opener.open(request, timeout=60) as response:
                statuses[index] = response.status
                bodies[index] = response.read().decode()
        except urllib.error.HTTPError as exc:
            statuses[index] = exc.code

    threads = [threading.Thread(target=post, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert Delegate.objects.filter(accreditation=accreditation, status__in=DelegateStatus.ACTIVE).count() == 3
    # A successful nomination redirects to the dashboard; a refused one shows the form again.
    assert sorted(statuses) == [200] * (CLIENTS - 3) + [302] * 3
    refusals = [body for status, body in zip(statuses, bodies, strict=True) if status == 200]
    assert all("Your organization already has 3 of 3 representatives" in body for body in refusals)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None
