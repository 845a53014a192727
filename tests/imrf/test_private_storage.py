"""Private files (documents, photos): the storage PRIVATE_STORAGE chooses, and views that serve
them through the storage API only, so S3-compatible storage works as well as the local disk."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accreditation.enums import DocumentKind
from accreditation.models import AccreditationDocument, Delegate
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    MembershipFactory,
    image_bytes,
    pdf_bytes,
)

BASE_DIR = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: the production settings module read from the environment given
# (never from a .env file), then the storage Django builds from it.
PROBE = """
import json

import environ

environ.Env.read_env = lambda *args, **kwargs: None

import django

django.setup()
from django.conf import settings
from django.core.files.storage import storages

storage = storages["private"]
attributes = [
    "location", "base_url", "bucket_name", "default_acl", "querystring_auth", "querystring_expire",
    "file_overwrite", "endpoint_url", "region_name", "addressing_style", "access_key", "secret_key",
]
print(json.dumps({
    "config": settings.STORAGES["private"],
    "class": f"{type(storage).__module__}.{type(storage).__qualname__}",
    "attributes": {name: getattr(storage, name) for name in attributes if hasattr(storage, name)},
    "url": storage.url("documents/x.pdf") if getattr(storage, "access_key", None) else None,
}, default=str))
"""


def _settings_with(**variables) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "imrf.settings",
        "SECRET_KEY": "private-storage-test-" + "s" * 40,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "PRIVATE_MEDIA_ROOT": "/srv/imrf/private",
        # No AWS configuration of this machine's user leaks in.
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )


def _probe(**variables) -> dict:
    result = _settings_with(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_by_default_private_files_are_on_the_local_disk_outside_any_url():
    probe = _probe()

    assert probe["config"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/imrf/private", "base_url": None},
    }
    assert probe["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert probe["attributes"]["location"] == "/srv/imrf/private"


def test_private_storage_s3_is_a_private_bucket_with_signed_short_lived_urls():
    probe = _probe(
        PRIVATE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="imrf-private",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="eu-west-3",
        AWS_ACCESS_KEY_ID="AKIATESTONLY",
        AWS_SECRET_ACCESS_KEY="test-only-secret",
    )

    assert probe["config"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "imrf-private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "location": "private",
            "endpoint_url": "https://s3.example.org",
            "region_name": "eu-west-3",
            "access_key": "AKIATESTONLY",
            "secret_key": "test-only-secret",
        },
    }
    assert probe["class"] == "storages.backends.s3.S3Storage"
    assert probe["attributes"] | {"secret_key": None} == {
        "location": "private",
        "bucket_name": "imrf-private",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu-west-3",
        "addressing_style": None,
        "access_key": "AKIATESTONLY",
        "secret_key": None,
    }
    # Any URL the storage makes is signed and expires in a minute (the views never hand one out).
    url = probe["url"]
    assert url.startswith("https://")
    assert "/private/documents/x.pdf?" in url
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=60" in url


def test_private_storage_s3_sends_no_acl_to_a_bucket_with_acls_disabled_when_told():
    probe = _probe(PRIVATE_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="imrf-private", AWS_DEFAULT_ACL="")

    assert probe["config"]["OPTIONS"]["default_acl"] is None
    assert probe["attributes"]["default_acl"] is None


def test_private_storage_s3_leaves_unset_credentials_and_endpoint_to_boto3():
    probe = _probe(PRIVATE_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="imrf-private", AWS_S3_ADDRESSING_STYLE="path")

    options = probe["config"]["OPTIONS"]
    assert not {"endpoint_url", "region_name", "access_key", "secret_key"} & options.keys()
    assert options["addressing_style"] == "path"
    assert options["default_acl"] == "private"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"PRIVATE_STORAGE": "s3"}, "PRIVATE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"PRIVATE_STORAGE": "ftp"}, "PRIVATE_STORAGE must be 'local' or 's3'"),
        (
            {"PRIVATE_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "imrf-private", "AWS_DEFAULT_ACL": "public-read"},
            "AWS_DEFAULT_ACL must be private, bucket-owner-full-control or empty",
        ),
    ],
)
def test_a_wrong_private_storage_setting_refuses_to_start(variables, message):
    result = _settings_with(**variables)

    assert result.returncode != 0
    assert message in result.stderr


# --- Served through the storage API only ------------------------------------------------------


class RemoteStorage(Storage):
    """Like S3: files known by name only, with no local path (``path()`` raises), and URLs
    that must never reach a visitor (the views stream the file after their own check)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def _save(self, name, content) -> str:
        self.files[name] = b"".join(content.chunks())
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(self.files[name], name=name)

    def exists(self, name) -> bool:
        return name in self.files

    def delete(self, name) -> None:
        self.files.pop(name, None)

    def size(self, name) -> int:
        return len(self.files[name])

    def url(self, name):
        raise AssertionError("A view handed out a storage URL instead of streaming the file.")


@pytest.fixture
def remote_storage(monkeypatch):
    storage = RemoteStorage()
    for model, name in [(AccreditationDocument, "file"), (Delegate, "photo")]:
        monkeypatch.setattr(model._meta.get_field(name), "storage", storage)
    return storage


@pytest.mark.django_db
def test_a_document_is_uploaded_and_downloaded_through_a_storage_without_paths(client, remote_storage):
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=ActiveForumFactory(), draft=True)
    client.force_login(membership.user)
    content = pdf_bytes()

    response = client.post(
        reverse("portal:document_new"),
        {"kind": DocumentKind.STATUTES, "file": SimpleUploadedFile("statutes.pdf", content, "application/pdf")},
    )

    assert response.status_code == 302
    document = accreditation.documents.get()
    assert remote_storage.exists(document.file.name)
    download = client.get(reverse("portal:document_download", kwargs={"public_id": document.public_id}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


@pytest.mark.django_db
def test_a_document_is_removed_from_a_storage_without_paths(client, remote_storage, django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=ActiveForumFactory(), draft=True)
    document = AccreditationDocumentFactory(accreditation=accreditation)
    name = document.file.name
    assert remote_storage.exists(name)
    client.force_login(membership.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:document_remove", kwargs={"public_id": document.public_id}))

    assert response.status_code == 302
    assert not remote_storage.exists(name)


@pytest.mark.django_db
def test_a_photo_is_served_through_a_storage_without_paths(client, remote_storage):
    membership = MembershipFactory()
    accreditation = AccreditationFactory(
        organization=membership.organization, forum=ActiveForumFactory(), accredited=True
    )
    photo = image_bytes(size=(320, 400))
    delegate = DelegateFactory(accreditation=accreditation, photo=ContentFile(photo, name="photo.jpg"))
    assert remote_storage.exists(delegate.photo.name)
    client.force_login(membership.user)

    response = client.get(reverse("portal:delegate_photo", kwargs={"public_id": delegate.public_id}))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == photo
