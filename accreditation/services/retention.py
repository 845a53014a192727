"""Personal data kept only as long as needed: ``forum.retention_days`` after the forum ends,
passport data, photos, dates of birth and contact details are erased. What survives is the
record of participation (names, organization — as in a list of participants) and the
statistics (nationality, gender, statuses, dates of decisions); the identity key loses the
date of birth and becomes unique per row."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accreditation.models import Delegate, VisaLetter
from events.models import Forum
from imrf.activity import log_action


@dataclass
class PurgeReport:
    forum: str
    delegates: int
    letters: int
    photos: int


def forums_due_for_purge(*, today: date | None = None) -> list[Forum]:
    today = today or timezone.localdate()
    return [
        forum
        for forum in Forum.objects.order_by("ends_on")
        if forum.ends_on + timedelta(days=forum.retention_days) < today
    ]


def forum_purge_personal_data(*, forum: Forum, actor=None) -> PurgeReport:
    """Erase the forum's passport data, photos and dates of birth (idempotent)."""
    now = timezone.now()
    with transaction.atomic():
        letters = list(VisaLetter.objects.filter(forum=forum, personal_data_purged_at__isnull=True).select_for_update())
        for letter in letters:
            letter.passport_number = ""
            letter.passport_issued_on = None
            letter.passport_expires_on = None
            letter.place_of_birth = ""
            letter.passport_issuing_country = ""
            # The letter's printed copy of the holder's date of birth goes with the delegate's.
            letter.holder_date_of_birth = None
            letter.personal_data_purged_at = now
            letter.save(
                update_fields=[
                    "passport_number",
                    "passport_issued_on",
                    "passport_expires_on",
                    "place_of_birth",
                    "passport_issuing_country",
                    "holder_date_of_birth",
                    "personal_data_purged_at",
                    "updated_at",
                ]
            )
        delegates = list(Delegate.objects.filter(forum=forum, personal_data_purged_at__isnull=True).select_for_update())
        photos = []
        for delegate in delegates:
            if delegate.photo:
                photos.append(delegate.photo.name)
            delegate.date_of_birth = None
            delegate.photo = ""
            delegate.phone = ""
            delegate.email = ""
            delegate.accessibility_needs = ""
            delegate.personal_data_purged_at = now
            delegate.save(
                update_fields=[
                    "date_of_birth",
                    "name_key",
                    "photo",
                    "phone",
                    "email",
                    "accessibility_needs",
                    "personal_data_purged_at",
                    "updated_at",
                ]
            )
        report = PurgeReport(forum=forum.name, delegates=len(delegates), letters=len(letters), photos=len(photos))
        if delegates or letters:
            log_action(
                action="forum.personal_data_purged",
                target=forum,
                actor=actor,
                data={"delegates": report.delegates, "letters": report.letters, "photos": report.photos},
            )
        storage = Delegate._meta.get_field("photo").storage

        def delete_photos() -> None:
            for name in photos:
                storage.delete(name)

        transaction.on_commit(delete_photos)
    return report
