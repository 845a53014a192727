"""Statuses and choices of the accreditation domain, with what the code asks about them in one
place (pretalx's ``submission/enums.py``): the groups of statuses, which decision may start
from which status (``ALLOWED_FROM``: services guard with it, the back office offers a decision
only where it applies) and each status's tone on a badge (``tone``). Groups are declared in the
class body as ``nonmember`` values, by the statuses' values."""

from enum import nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _

OK, WARN, BAD = "ok", "warn", "bad"


class StatusChoices(models.TextChoices):
    """A status enumeration: each member has a tone (``TONES``, by value; none: neutral)."""

    @property
    def tone(self) -> str:
        return type(self).TONES.get(self.value, "")


class StakeholderType(models.TextChoices):
    NGO = "ngo", _("Non-governmental organization")
    ACADEMIC = "academic", _("Academic, scientific or knowledge-based institution")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    TRADE_UNION = "trade_union", _("Trade union")
    FAITH_BASED = "faith_based", _("Faith-based organization")
    MIGRANT = "migrant", _("Migrant organization")
    YOUTH = "youth", _("Youth organization")
    DIASPORA = "diaspora", _("Diaspora community")
    NHRI = "nhri", _("National human rights institution")
    OTHER = "other", _("Other")


class Basis(models.TextChoices):
    ECOSOC = "ecosoc", _("ECOSOC consultative status")
    GCM = "gcm", _("Accredited to the Global Compact process")
    NHRI = "nhri", _("National human rights institution")
    SPECIAL = "special", _("Special accreditation")

    # Verified against a list and approved directly; special goes through non-objection.
    VERIFIED = nonmember(frozenset({"ecosoc", "gcm", "nhri"}))


class EcosocCategory(models.TextChoices):
    GENERAL = "general", _("General")
    SPECIAL = "special", _("Special")
    ROSTER = "roster", _("Roster")


class AccreditationStatus(StatusChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("Information requested")
    NON_OBJECTION = "non_objection", _("On the non-objection list")
    ACCREDITED = "accredited", _("Accredited")
    OBJECTED = "objected", _("Objected")
    REJECTED = "rejected", _("Not accredited")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")

    # Not decided yet.
    OPEN = nonmember(frozenset({"draft", "submitted", "info_requested", "non_objection"}))
    # Waiting for the Secretariat (what the back-office queue shows).
    PENDING_REVIEW = nonmember(frozenset({"submitted"}))
    # The organization may still edit its application and documents.
    EDITABLE = nonmember(frozenset({"draft", "info_requested"}))
    FINAL = nonmember(frozenset({"objected", "rejected", "withdrawn", "revoked"}))
    # Which decision may start from which status (services/decisions.py, applications.py).
    ALLOWED_FROM = nonmember(
        {
            "submit": frozenset({"draft", "info_requested"}),
            "withdraw": frozenset({"draft", "submitted", "info_requested", "non_objection"}),
            "approve": frozenset({"submitted"}),
            "request_info": frozenset({"submitted"}),
            "circulate": frozenset({"submitted"}),
            "record_objection": frozenset({"non_objection"}),
            "finalize": frozenset({"non_objection"}),
            "reject": frozenset({"submitted", "info_requested", "non_objection"}),
            "revoke": frozenset({"accredited"}),
        }
    )
    TONES = nonmember(
        {
            "accredited": OK,
            "submitted": WARN,
            "info_requested": WARN,
            "non_objection": WARN,
            "rejected": BAD,
            "objected": BAD,
            "revoked": BAD,
        }
    )


class DocumentKind(models.TextChoices):
    STATUTES = "statutes", _("Statutes or mission statement")
    REGISTRATION_CERTIFICATE = "registration_certificate", _("Registration certificate")
    ALTERNATIVE_PROOF = "alternative_proof", _("Alternative proof of existence")
    HEAD_LETTER = "head_letter", _("Letter from the head of the organization")
    ANNUAL_REPORT = "annual_report", _("Annual report")


class DelegateStatus(StatusChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")

    # A delegate in one of these holds a slot of the organization's cap.
    ACTIVE = nonmember(frozenset({"nominated", "approved"}))
    ALLOWED_FROM = nonmember(
        {
            "approve": frozenset({"nominated"}),
            "reject": frozenset({"nominated"}),
            "cancel": frozenset({"nominated", "approved"}),
            "withdraw": frozenset({"nominated", "approved"}),
        }
    )
    TONES = nonmember({"approved": OK, "nominated": WARN, "rejected": BAD, "cancelled": BAD})


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or non-binary")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class ParticipationModality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")


class VisaLetterStatus(StatusChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")

    # At most one letter per delegate may be in one of these.
    NON_FINAL = nonmember(frozenset({"requested", "issued"}))
    # These carry a reference number from the forum's sequence.
    NUMBERED = nonmember(frozenset({"issued", "revoked"}))
    ALLOWED_FROM = nonmember(
        {
            "issue": frozenset({"requested"}),
            "decline": frozenset({"requested"}),
            "revoke": frozenset({"issued"}),
            # A correction: the issued letter is revoked as superseded, a new one is numbered.
            "reissue": frozenset({"issued"}),
            "report_outcome": frozenset({"issued", "revoked"}),
        }
    )
    TONES = nonmember({"issued": OK, "requested": WARN, "revoked": BAD, "declined": BAD})


class VerificationState(StatusChoices):
    """What the public verification of a letter answers, by QR code and by form alike."""

    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    NOT_FOUND = "not_found", _("Not found")

    TONES = nonmember({"valid": OK, "expired": WARN, "revoked": BAD, "not_found": WARN})


class VisaOutcome(StatusChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")

    TONES = nonmember({"granted": OK, "pending": WARN, "refused": BAD})


class RegistrationStatus(StatusChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = nonmember(frozenset({"confirmed", "waitlisted"}))
    TONES = nonmember({"confirmed": OK, "waitlisted": WARN, "cancelled": BAD})


# Every status enumeration, for what reads a status without knowing its kind (badges).
STATUS_ENUMS = (AccreditationStatus, DelegateStatus, VisaLetterStatus, VisaOutcome, RegistrationStatus)
