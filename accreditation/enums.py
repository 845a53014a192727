"""Statuses and choices of the accreditation domain, with the groups the code asks about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


# Bases verified against a list and approved directly; special goes through non-objection.
VERIFIED_BASES = {Basis.ECOSOC, Basis.GCM, Basis.NHRI}


class EcosocCategory(models.TextChoices):
    GENERAL = "general", _("General")
    SPECIAL = "special", _("Special")
    ROSTER = "roster", _("Roster")


class AccreditationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("Information requested")
    NON_OBJECTION = "non_objection", _("On the non-objection list")
    ACCREDITED = "accredited", _("Accredited")
    OBJECTED = "objected", _("Objected")
    REJECTED = "rejected", _("Not accredited")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")


AccreditationStatus.OPEN = frozenset(
    {
        AccreditationStatus.DRAFT,
        AccreditationStatus.SUBMITTED,
        AccreditationStatus.INFO_REQUESTED,
        AccreditationStatus.NON_OBJECTION,
    }
)
# Waiting for the Secretariat (what the back-office queue shows).
AccreditationStatus.PENDING_REVIEW = frozenset({AccreditationStatus.SUBMITTED})
# The organization may still edit its application and documents.
AccreditationStatus.EDITABLE = frozenset({AccreditationStatus.DRAFT, AccreditationStatus.INFO_REQUESTED})
AccreditationStatus.FINAL = frozenset(
    {
        AccreditationStatus.OBJECTED,
        AccreditationStatus.REJECTED,
        AccreditationStatus.WITHDRAWN,
        AccreditationStatus.REVOKED,
    }
)


class DocumentKind(models.TextChoices):
    STATUTES = "statutes", _("Statutes or mission statement")
    REGISTRATION_CERTIFICATE = "registration_certificate", _("Registration certificate")
    ALTERNATIVE_PROOF = "alternative_proof", _("Alternative proof of existence")
    HEAD_LETTER = "head_letter", _("Letter from the head of the organization")
    ANNUAL_REPORT = "annual_report", _("Annual report")


class DelegateStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


# A delegate in one of these holds a slot of the organization's cap.
DelegateStatus.ACTIVE = frozenset({DelegateStatus.NOMINATED, DelegateStatus.APPROVED})


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or non-binary")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class ParticipationModality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")


class VisaLetterStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


# At most one letter per delegate may be in one of these.
VisaLetterStatus.NON_FINAL = frozenset({VisaLetterStatus.REQUESTED, VisaLetterStatus.ISSUED})
# These carry a reference number from the forum's sequence.
VisaLetterStatus.NUMBERED = frozenset({VisaLetterStatus.ISSUED, VisaLetterStatus.REVOKED})


class VisaOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


RegistrationStatus.ACTIVE = frozenset({RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED})
