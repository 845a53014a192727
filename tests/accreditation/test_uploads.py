"""Uploads are checked by content, never by name (accreditation.uploads)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accreditation.uploads import JPEG, PDF, PNG, safe_filename, sniff, validate_upload
from tests.factories import image_bytes, pdf_bytes


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
