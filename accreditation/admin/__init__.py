"""Back office for organizations, accreditations, representatives, letters and seats.

Statuses and audit fields are read-only everywhere: only services change them (decisions
arrive as admin actions and change-page buttons that call services). Confidential fields
(objection notes, passport numbers) are shown only to the groups whose permission names them.
"""

from accreditation.admin import accreditations, delegates, ecosoc, letters, organizations, registrations

__all__ = ["accreditations", "delegates", "ecosoc", "letters", "organizations", "registrations"]
