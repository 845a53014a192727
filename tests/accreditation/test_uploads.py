"""Uploads are checked by content, never by name (accreditation.uploads); images are measured
from their header, and stored re-encoded: bounded, upright, without EXIF or GPS."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin
from pypdf import PdfReader

from accreditation.models import AccreditationDocument, Delegate
from accreditation.uploads import JPEG, PDF, PNG, safe_filename, sniff, validate_upload
from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    MembershipFactory,
    image_bytes,
    nomination_form_data,
    pdf_bytes,
)
from tests.factories.images import camera_jpeg_bytes, png_bytes_of_size, two_colour_image
from tests.helpers import body_of, private_files


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _refusal(upload, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload, **kwargs)
    return caught.value


# --- accepted ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("statutes.pdf", pdf_bytes(), PDF),
        ("photo.jpg", image_bytes(fmt="JPEG"), JPEG),
        ("scan.png", image_bytes(fmt="PNG"), PNG),
    ],
)
def test_validate_upload_accepts_pdf_jpeg_and_png_by_content(name, content, expected):
    assert validate_upload(_upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scan.pdf", image_bytes(fmt="PNG"), PNG),
        ("statutes.png", pdf_bytes(), PDF),
        ("document", image_bytes(fmt="JPEG"), JPEG),
        ("photo.exe", image_bytes(fmt="JPEG"), JPEG),
    ],
)
def test_validate_upload_goes_by_content_whatever_the_name(name, content, expected):
    assert validate_upload(_upload(name, content, content_type="application/pdf")) == expected


def test_validate_upload_accepts_a_pdf_with_trailing_whitespace_after_the_end_marker():
    assert validate_upload(_upload("statutes.pdf", pdf_bytes() + b"\r\n  \n")) == PDF


def test_validate_upload_accepts_a_file_exactly_at_the_limit(settings):
    content = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(content)

    assert validate_upload(_upload("statutes.pdf", content)) == PDF


def test_validate_upload_rewinds_the_file_for_whoever_saves_it():
    upload = _upload("statutes.pdf", pdf_bytes())

    validate_upload(upload)

    assert upload.read() == pdf_bytes()


# --- refused -------------------------------------------------------------------------------


def test_validate_upload_refuses_a_text_file_named_pdf():
    error = _refusal(_upload("statutes.pdf", b"These are our statutes, typed in a text editor.\n"))

    assert error.code == "wrong_type"
    assert error.message == (
        "This file is not a PDF, JPEG, PNG file. Whatever its name says, its content is of another kind."
    )


def test_validate_upload_refuses_a_pdf_where_only_images_are_allowed():
    error = _refusal(_upload("photo.jpg", pdf_bytes()), allowed=(JPEG, PNG))

    assert error.code == "wrong_type"
    assert error.message == "This file is not a JPEG, PNG file. Whatever its name says, its content is of another kind."


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"PK\x03\x04 a docx is a zip file",
        b"<html><body>%PDF-1.4</body></html>",
        b"%PD",
    ],
    ids=["gif", "zip", "html", "short"],
)
def test_validate_upload_refuses_other_kinds_of_content(content):
    assert _refusal(_upload("file.pdf", content)).code == "wrong_type"


def test_validate_upload_refuses_an_empty_file():
    error = _refusal(_upload("statutes.pdf", b""))

    assert error.code == "empty"
    assert error.message == "The file is empty. Choose the file again."


def test_validate_upload_refuses_a_file_over_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 100
    content = pdf_bytes()

    error = _refusal(_upload("statutes.pdf", content))

    assert error.code == "too_large"
    assert error.message == f"The file is too large ({len(content)}\xa0bytes). The limit is 100\xa0bytes."


def test_validate_upload_refuses_a_truncated_pdf():
    content = pdf_bytes()

    error = _refusal(_upload("statutes.pdf", content[: content.index(b"%%EOF")]))

    assert error.code == "corrupt"
    assert error.message == "The PDF file is damaged or incomplete. Save it again and upload the new file."


def test_validate_upload_refuses_a_large_pdf_whose_end_marker_is_not_at_the_end():
    content = pdf_bytes() + b"%" + b"x" * 5000

    assert _refusal(_upload("statutes.pdf", content)).code == "corrupt"


def test_validate_upload_refuses_a_jpeg_cut_in_its_header():
    content = image_bytes(fmt="JPEG")

    error = _refusal(_upload("photo.jpg", content[:200]))

    assert error.code == "corrupt"
    assert error.message == "The image is damaged or incomplete. Save it again and upload the new file."


def test_validate_upload_refuses_a_jpeg_cut_in_its_image_data():
    # A download interrupted half-way: the headers are complete, the picture is not.
    content = image_bytes(fmt="JPEG")

    error = _refusal(_upload("photo.jpg", content[: len(content) // 2]))

    assert error.code == "corrupt"


def test_validate_upload_refuses_a_jpeg_without_its_end_marker():
    content = image_bytes(fmt="JPEG")
    assert content.endswith(b"\xff\xd9")

    assert _refusal(_upload("photo.jpg", content[:-10])).code == "corrupt"


@pytest.mark.parametrize("keep", [0.5, 0.95])
def test_validate_upload_refuses_a_truncated_png(keep):
    content = image_bytes(fmt="PNG")

    assert _refusal(_upload("scan.png", content[: int(len(content) * keep)])).code == "corrupt"


def test_validate_upload_refuses_a_png_signature_followed_by_garbage():
    assert _refusal(_upload("scan.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)).code == "corrupt"


def test_validate_upload_refuses_an_image_of_more_pixels_than_the_setting(settings):
    # The finding: 8,900 × 8,900 pixels in a few hundred KB.
    settings.UPLOAD_IMAGE_MAX_PIXELS = 25_000_000

    error = _refusal(_upload("photo.png", png_bytes_of_size(8900, 8900)))

    assert error.code == "too_many_pixels"
    assert error.message == BOMB_MESSAGE


def test_validate_upload_measures_an_image_from_its_header_before_decoding_it(settings):
    # The header says 8,900 × 8,900; the pixel data behind it is garbage that decoding would reject.
    settings.UPLOAD_IMAGE_MAX_PIXELS = 25_000_000
    content = png_bytes_of_size(8900, 8900)
    end_of_header = 8 + 25  # signature, then the IHDR chunk
    garbage = b"not zlib data" * 10
    idat = struct.pack(">I", len(garbage)) + b"IDAT" + garbage + struct.pack(">I", zlib.crc32(b"IDAT" + garbage))
    content = content[:end_of_header] + idat + content[-12:]

    assert _refusal(_upload("photo.png", content)).code == "too_many_pixels"


def test_validate_upload_accepts_an_image_exactly_at_the_pixel_limit(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_000_000

    assert validate_upload(_upload("scan.jpg", image_bytes(size=(1000, 1000)))) == JPEG
    error = _refusal(_upload("scan.jpg", image_bytes(size=(1001, 1000))))
    assert error.message == (
        "The image is 1001 × 1000 pixels, more than the 1 million pixels accepted (for example 1000 × 1000). "
        "Save it at a smaller size and upload it again."
    )


# --- images through the portal: refused from their header, stored re-encoded ---------------

BOMB_MESSAGE = (
    "The image is 8900 × 8900 pixels, more than the 25 million pixels accepted (for example 5000 × 5000). "
    "Save it at a smaller size and upload it again."
)


def _stored(field_file) -> Image.Image:
    """The stored file as Pillow reads it back, fully loaded."""
    with field_file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def _colour(pixel: tuple[int, ...]) -> str:
    """Which of red, green and blue dominates a (JPEG-approximate) pixel."""
    return ("red", "green", "blue")[pixel.index(max(pixel[:3]))]


@pytest.fixture
def focal_point_client(db, focal_point_client, settings):
    """Signed in as a focal point whose organization is accredited to the active forum."""
    settings.UPLOAD_IMAGE_MAX_PIXELS = 25_000_000
    return focal_point_client


@pytest.fixture
def applicant(db, client, settings):
    """A focal point signed in, whose organization has a draft application to the active forum."""
    settings.UPLOAD_IMAGE_MAX_PIXELS = 25_000_000
    membership = MembershipFactory()
    accreditation = AccreditationFactory(organization=membership.organization, forum=ActiveForumFactory(), draft=True)
    client.force_login(membership.user)
    return accreditation


def _nominate(client, name: str, content: bytes, content_type: str):
    photo = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("portal:nominate"), nomination_form_data(photo=photo))


def _upload_document(client, name: str, content: bytes, content_type: str):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("portal:document_new"), {"kind": "statutes", "file": upload})


def test_nomination_refuses_an_image_bomb_beside_the_photo_and_stores_nothing(focal_point_client):
    files = private_files()

    response = _nominate(focal_point_client, "kofi.png", png_bytes_of_size(8900, 8900), "image/png")

    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == [BOMB_MESSAGE]
    assert Delegate.objects.count() == 0
    assert private_files() == files


def test_nomination_stores_the_photo_without_its_exif_gps_or_comment(focal_point_client):
    original = Image.open(io.BytesIO(camera_jpeg_bytes()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo) != {}  # what a phone writes

    response = _nominate(focal_point_client, "kofi.jpg", camera_jpeg_bytes(), "image/jpeg")

    assert response.status_code == 302
    delegate = Delegate.objects.get()
    stored = _stored(delegate.photo)
    assert (stored.format, stored.size) == ("JPEG", (400, 300))
    assert dict(stored.getexif()) == {}
    assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert sorted(set(stored.info) & {"exif", "comment", "xmp", "icc_profile"}) == []
    assert delegate.photo.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("name", "size", "fmt", "stored_size", "extension"),
    [
        ("kofi.jpg", (3000, 2000), "JPEG", (1200, 800), ".jpg"),
        ("kofi.png", (2000, 4000), "PNG", (600, 1200), ".png"),
        ("kofi.png", (1200, 1200), "PNG", (1200, 1200), ".png"),
    ],
)
def test_nomination_stores_a_large_photo_with_its_longest_side_at_1200_pixels(
    focal_point_client, name, size, fmt, stored_size, extension
):
    buffer = io.BytesIO()
    two_colour_image(size).save(buffer, format=fmt)

    response = _nominate(focal_point_client, name, buffer.getvalue(), f"image/{fmt.lower()}")

    assert response.status_code == 302
    delegate = Delegate.objects.get()
    stored = _stored(delegate.photo)
    assert (stored.format, stored.size) == (fmt, stored_size)
    assert delegate.photo.name.endswith(extension)
    photo = focal_point_client.get(reverse("portal:delegate_photo", kwargs={"public_id": delegate.public_id}))
    assert photo["Content-Type"] == f"image/{fmt.lower()}"
    assert Image.open(io.BytesIO(body_of(photo))).size == stored_size


def test_nomination_stores_the_photo_turned_the_way_its_exif_orientation_says(focal_point_client):
    # Taken with the phone held upright: stored 400 × 300 (red left, blue right) with
    # orientation 6, "turn 90° clockwise to view"; upright, red is at the top.
    response = _nominate(
        focal_point_client, "kofi.jpg", camera_jpeg_bytes(size=(400, 300), orientation=6), "image/jpeg"
    )

    assert response.status_code == 302
    stored = _stored(Delegate.objects.get().photo)
    assert stored.size == (300, 400)
    assert (_colour(stored.getpixel((150, 50))), _colour(stored.getpixel((150, 350)))) == ("red", "blue")
    assert ExifTags.Base.Orientation not in stored.getexif()


def test_document_upload_refuses_an_image_bomb_beside_the_file_and_stores_nothing(client, applicant):
    files = private_files()

    response = _upload_document(client, "statutes.png", png_bytes_of_size(8900, 8900), "image/png")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [BOMB_MESSAGE]
    assert AccreditationDocument.objects.count() == 0
    assert private_files() == files


def test_document_upload_stores_a_jpeg_scan_bounded_and_without_its_exif(client, applicant):
    response = _upload_document(client, "statutes.jpg", camera_jpeg_bytes(size=(4000, 3000)), "image/jpeg")

    assert response.status_code == 302
    document = applicant.documents.get()
    stored = _stored(document.file)
    assert (stored.format, stored.size) == ("JPEG", (3000, 2250))
    assert dict(stored.getexif()) == {}
    assert "comment" not in stored.info
    assert (document.content_type, document.original_name) == ("image/jpeg", "statutes.jpg")
    assert document.file.name.endswith(".jpg")
    assert document.size == document.file.size


def test_document_upload_stores_a_png_scan_bounded_and_without_its_metadata(client, applicant):
    metadata = PngImagePlugin.PngInfo()
    metadata.add_text("Author", "Amina Diallo, 12 rue des Jardins, Dakar")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ScannerMaker"
    buffer = io.BytesIO()
    two_colour_image((3200, 1600)).save(buffer, format="PNG", pnginfo=metadata, exif=exif)

    response = _upload_document(client, "statutes.png", buffer.getvalue(), "image/png")

    assert response.status_code == 302
    document = applicant.documents.get()
    stored = _stored(document.file)
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGB", (3000, 1500))
    assert stored.info == {}
    assert dict(stored.getexif()) == {}
    assert (document.content_type, document.size) == ("image/png", document.file.size)
    assert document.file.name.endswith(".png")


# --- the participation confirmation, with photos stored before they were re-encoded ---------


def _confirmation(client, photo: bytes, name: str) -> tuple[Delegate, PdfReader]:
    delegate = DelegateFactory(
        accreditation__forum=ActiveForumFactory(), with_user=True, photo=ContentFile(photo, name=name)
    )
    client.force_login(delegate.user)
    response = client.get(reverse("delegate:confirmation"))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    return delegate, PdfReader(io.BytesIO(response.content))


@pytest.mark.django_db
def test_confirmation_pdf_embeds_a_large_stored_photo_reduced(client):
    buffer = io.BytesIO()
    two_colour_image((4000, 3000)).save(buffer, format="JPEG")

    _delegate, reader = _confirmation(client, buffer.getvalue(), "photo.jpg")

    [image] = reader.pages[0].images
    assert (image.name.rsplit(".", 1)[-1], image.image.size) == ("jpg", (600, 450))


@pytest.mark.django_db
def test_confirmation_pdf_with_a_stored_image_bomb_renders_without_the_photo(client, settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 25_000_000

    delegate, reader = _confirmation(client, png_bytes_of_size(8900, 8900), "photo.png")

    assert len(reader.pages) == 1
    assert len(reader.pages[0].images) == 0
    assert delegate.full_name in " ".join(reader.pages[0].extract_text().split())


# --- sniff ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00", PNG),
        (b"\xef\xbb\xbf%PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniff_recognises_the_magic_bytes(head, expected):
    assert sniff(head) == expected


# --- safe_filename -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("Statuts de l'association (2024).pdf", PDF, "statuts-de-l-association-2024.pdf"),
        ("النظام الأساسي للجمعية.pdf", PDF, "document.pdf"),
        ("تقرير 2023.pdf", PDF, "2023.pdf"),
        ("Łódź — rapport annuel.final.PDF", PDF, "lodz-rapport-annuel-final.pdf"),
        ("Straße_Übersicht.png", PNG, "strasse-ubersicht.png"),
        ("photo.pdf", JPEG, "photo.jpg"),
        ("no extension", PNG, "no-extension.png"),
        ("../../etc/passwd", PDF, "document.pdf"),
        ("reports/../annual report 2023.pdf", PDF, "reports-annual-report-2023.pdf"),
        ('inv"oice;\r\nX-Header: 1.pdf', PDF, "inv-oice-x-header-1.pdf"),
        (".pdf", PDF, "document.pdf"),
        ("statutes.pdf", "text/plain", "statutes.bin"),
    ],
)
def test_safe_filename_gives_an_ascii_name_with_the_extension_of_the_content(name, content_type, expected):
    assert safe_filename(name, content_type=content_type) == expected


def test_safe_filename_keeps_at_most_80_characters_of_the_stem():
    assert safe_filename("a" * 200 + ".pdf", content_type=PDF) == "a" * 80 + ".pdf"
