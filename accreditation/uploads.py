"""Checks on uploaded files by their content (magic bytes), never by their name; images are
measured from their header before any pixel is decoded, and stored only re-encoded."""

import io
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError

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

# Longest side of what is stored: a photo is printed 35 × 45 mm and shown at the pass office;
# a scanned document stays legible at 3000 px (an A4 page at about 250 dpi).
PHOTO_MAX_SIDE = 1200
DOCUMENT_IMAGE_MAX_SIDE = 3000

# Ours (_check_pixels) refuses above the setting from the header alone; Pillow's own guard, for
# any other Image.open in the process, warns above the same number and fails at twice it.
Image.MAX_IMAGE_PIXELS = settings.UPLOAD_IMAGE_MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False

_IMAGE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)
_GREY_16_BIT = {"I", "I;16", "I;16B", "I;16L", "I;16N"}


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
    width, height = _header_size(content)
    _check_pixels(width, height)
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        # verify() checks the structure only; decoding the pixels finds a file cut short.
        with Image.open(io.BytesIO(content)) as image:
            image.load()
        if content.startswith(b"\xff\xd8") and not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
            raise OSError("JPEG without its end marker")
    except _IMAGE_ERRORS as exc:
        raise _corrupt_image() from exc


def _corrupt_image() -> ValidationError:
    return ValidationError(
        _("The image is damaged or incomplete. Save it again and upload the new file."), code="corrupt"
    )


def _check_pixels(width: int, height: int) -> None:
    limit = settings.UPLOAD_IMAGE_MAX_PIXELS
    if width * height > limit:
        side = math.isqrt(limit)
        raise ValidationError(
            _(
                "The image is %(width)d × %(height)d pixels, more than the %(limit)s million pixels accepted "
                "(for example %(side)d × %(side)d). Save it at a smaller size and upload it again."
            )
            % {"width": width, "height": height, "limit": floatformat(limit / 1_000_000, -1), "side": side},
            code="too_many_pixels",
        )


def _open_header(content: bytes) -> ImageFile.ImageFile:
    """The image with only its header read: the plugin's own class, because ``Image.open`` fails
    on a large image (DecompressionBombError) before we can say how large it is."""
    opener = {JPEG: JpegImagePlugin.JpegImageFile, PNG: PngImagePlugin.PngImageFile}.get(sniff(content[:16]))
    if opener is None:
        raise _corrupt_image()
    try:
        return opener(io.BytesIO(content))
    except _IMAGE_ERRORS as exc:
        raise _corrupt_image() from exc


def _header_size(content: bytes) -> tuple[int, int]:
    with _open_header(content) as image:
        return image.size


def image_size(upload: UploadedFile) -> tuple[int, int]:
    """Width and height from the header; no pixel is decoded."""
    upload.seek(0)
    size = _header_size(upload.read())
    upload.seek(0)
    return size


def bounded_image(content: bytes, *, max_side: int) -> Image.Image:
    """The JPEG or PNG image at most ``max_side`` pixels on its longest side, turned the way its
    EXIF orientation says, without metadata. Never decodes more than UPLOAD_IMAGE_MAX_PIXELS:
    a JPEG is decoded already reduced (draft); a larger PNG raises a ValidationError."""
    image = _open_header(content)  # reads from bytes in memory: nothing to close
    try:
        # A JPEG decodes at 1/2, 1/4 or 1/8 scale for free; twice the target keeps it sharp.
        image.draft(None, (2 * max_side, 2 * max_side))
        _check_pixels(*image.size)
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
    except _IMAGE_ERRORS as exc:
        raise _corrupt_image() from exc
    image = _storable_mode(image, content_type=sniff(content[:16]))
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # Nothing of the original's metadata is written again: EXIF (GPS, camera, time), comments,
    # XMP, ICC profile, text chunks.
    image.info = {}
    return image


def _storable_mode(image: Image.Image, *, content_type: str | None) -> Image.Image:
    """Pixels in a mode that resizes smoothly and saves as the same format: L or RGB for a JPEG;
    L, LA, RGB or RGBA for a PNG (a palette resizes only coarsely)."""
    if image.mode in _GREY_16_BIT:
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if content_type == JPEG:
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if image.mode in ("L", "LA", "RGB", "RGBA") and "transparency" not in image.info:
        return image
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def reencoded_image(upload: UploadedFile, *, max_side: int) -> SimpleUploadedFile:
    """A fresh file of the same format (JPEG or PNG) from a checked image upload: at most
    ``max_side`` pixels on its longest side, upright, with no EXIF, GPS or other metadata."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    content_type = sniff(content[:16])
    image = bounded_image(content, max_side=max_side)
    buffer = io.BytesIO()
    if content_type == JPEG:
        image.save(buffer, format="JPEG", quality=88, optimize=True)
    else:
        image.save(buffer, format="PNG")
    return SimpleUploadedFile(upload.name or "image", buffer.getvalue(), content_type=content_type)


def safe_filename(name: str, *, content_type: str) -> str:
    """An ASCII filename for Content-Disposition: letters, digits, dot, dash, underscore."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = fold(stem).encode("ascii", "ignore").decode("ascii").replace(" ", "-").strip("-")[:80] or "document"
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"
