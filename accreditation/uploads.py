"""Checks on uploaded files by their content (magic bytes), never by their name."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, UnidentifiedImageError

from accreditation.normalize import fold

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

_MAGIC = [
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
]
_LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}

# Pillow refuses images above this many pixels (decompression bombs) with an error we catch.
Image.MAX_IMAGE_PIXELS = 40_000_000
ImageFile.LOAD_TRUNCATED_IMAGES = False


def sniff(head: bytes) -> str | None:
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def validate_upload(upload: UploadedFile, *, allowed: tuple[str, ...] = (PDF, JPEG, PNG)) -> str:
    """Return the content type of a valid upload, or raise a ValidationError saying what is wrong."""
    allowed_labels = ", ".join(_LABELS[content_type] for content_type in allowed)
    if upload.size == 0:
        raise ValidationError(_("The file is empty. Choose the file again."), code="empty")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head)
    if content_type not in allowed:
        raise ValidationError(
            _("This file is not a %(types)s file. Whatever its name says, its content is of another kind.")
            % {"types": allowed_labels},
            code="wrong_type",
        )
    upload.seek(0)
    if content_type == PDF:
        _check_pdf(upload)
    else:
        _check_image(upload)
    upload.seek(0)
    return content_type


def _check_pdf(upload: UploadedFile) -> None:
    # A PDF ends with %%EOF (possibly followed by whitespace or a little trailing data).
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    if b"%%EOF" not in tail:
        raise ValidationError(
            _("The PDF file is damaged or incomplete. Save it again and upload the new file."), code="corrupt"
        )


def _check_image(upload: UploadedFile) -> None:
    content = upload.read()
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        # verify() checks the structure only; decoding the pixels finds a file cut short.
        with Image.open(io.BytesIO(content)) as image:
            image.load()
        if content.startswith(b"\xff\xd8") and not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
            raise OSError("JPEG without its end marker")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The image is damaged or incomplete. Save it again and upload the new file."), code="corrupt"
        ) from exc


def image_size(upload: UploadedFile) -> tuple[int, int]:
    upload.seek(0)
    with Image.open(io.BytesIO(upload.read())) as image:
        size = image.size
    upload.seek(0)
    return size


def safe_filename(name: str, *, content_type: str) -> str:
    """An ASCII filename for Content-Disposition: letters, digits, dot, dash, underscore."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = fold(stem).encode("ascii", "ignore").decode("ascii").replace(" ", "-").strip("-")[:80] or "document"
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"
