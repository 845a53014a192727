"""Images with what phones and scanners put in them: any size, EXIF orientation, GPS position."""

import io
import struct
import zlib

from PIL import ExifTags, Image

# Where the photo was taken, as a phone writes it: 40° 45′ N, 73° 58′ W (Manhattan).
GPS_NEW_YORK = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (40.0, 45.0, 0.0),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (73.0, 58.0, 0.0),
}


def png_bytes_of_size(width: int, height: int) -> bytes:
    """A valid, all-black RGB PNG of any size, compressed row by row: an 8,900 × 8,900 one is a
    few hundred KB and never exists in memory as pixels (an image bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (3 * width + 1)  # filter byte, then three bytes a pixel
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def two_colour_image(size: tuple[int, int]) -> Image.Image:
    """Red on the left half, blue on the right: where each ends up shows how the image was turned."""
    width, height = size
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    return image


def camera_jpeg_bytes(*, size: tuple[int, int] = (400, 300), orientation: int = 1) -> bytes:
    """A JPEG as a phone saves it: EXIF with the camera, the orientation and the GPS position,
    and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS_NEW_YORK)
    buffer = io.BytesIO()
    two_colour_image(size).save(buffer, format="JPEG", exif=exif, comment=b"taken at home", quality=95)
    return buffer.getvalue()
