"""An in-memory stand-in for an S3 bucket behind django-storages' ``S3Storage`` (moto is not in
the virtualenv): objects in a flat key space, "directories" only as the common prefixes that
``listdir`` reports, no local path, a last-modified time per object, and for a missing object
an error that is not ``FileNotFoundError`` (boto3 raises its ``ClientError``)."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone


class MissingObject(Exception):
    """What boto3's ``ClientError`` (404) stands for here."""


class BucketStorage(Storage):
    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, datetime]] = {}

    def _save(self, name, content) -> str:
        self.objects[name] = (b"".join(content.chunks()), timezone.now())
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(self._object(name)[0], name=name)

    def _object(self, name) -> tuple[bytes, datetime]:
        try:
            return self.objects[name]
        except KeyError:
            raise MissingObject(f"An error occurred (404) when calling the HeadObject operation: {name}") from None

    def exists(self, name) -> bool:
        return name in self.objects

    def delete(self, name) -> None:
        self.objects.pop(name, None)

    def size(self, name) -> int:
        return len(self._object(name)[0])

    def listdir(self, path) -> tuple[list[str], list[str]]:
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        directories, files = set(), []
        for key in sorted(self.objects):
            if key.startswith(prefix):
                head, separator, _rest = key[len(prefix) :].partition("/")
                if separator:
                    directories.add(head)
                else:
                    files.append(head)
        return sorted(directories), files

    def get_modified_time(self, name) -> datetime:
        return self._object(name)[1]

    def set_modified_time(self, name, when: datetime) -> None:
        self.objects[name] = (self._object(name)[0], when)

    def url(self, name):
        raise AssertionError("A view handed out a storage URL instead of streaming the file.")
