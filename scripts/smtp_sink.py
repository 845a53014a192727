"""A local SMTP server that writes each message it receives to a folder (for `make prod-smoke`)."""

import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        recipients = ", ".join(envelope.rcpt_tos)
        content = envelope.content.decode("utf-8", "replace")
        (self.folder / f"{self.count:04d}.eml").write_text(f"X-Rcpt-To: {recipients}\n{content}")
        return "250 Message accepted for delivery"


def main() -> None:
    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
