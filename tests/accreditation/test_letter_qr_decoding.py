"""The QR code printed on the letter is read by ZXing, the decoding engine of common phone
readers, from the rendered page (pypdfium2) — at print resolution and at a phone camera's."""

import io

import pypdfium2
import pytest
import zxingcpp

from accreditation.pdf import visa_letter_pdf
from tests.factories import DelegateFactory, VisaLetterFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scale", [2.0, 4.0])
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_printed_qr_code_decodes_to_the_verification_url(language, scale):
    letter = VisaLetterFactory(
        issued=True, language=language, delegate=DelegateFactory(family_name="Nguyễn", given_names="Thị Ánh")
    )
    url = f"https://accreditation.example.org/verify/{letter.verification_token}/"

    document = pypdfium2.PdfDocument(io.BytesIO(visa_letter_pdf(letter, verification_url=url)))
    image = document[0].render(scale=scale).to_pil()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    document.close()

    assert decoded == [url]
