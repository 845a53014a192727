"""Migration 0011 gives letters issued before it the printed copy they now carry, taken from the
live rows as the migration finds them — the same copy ``VisaLetter.copy_printed_details`` makes
when a letter is issued — and leaves requests without one."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accreditation.models import Delegate, VisaLetter
from tests.factories import DelegateFactory, ForumFactory, VisaLetterFactory
from tests.helpers import printed_fields_of

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accreditation", "0010_focal_point_invitation")]
AFTER = [("accreditation", "0011_letter_printed_copy")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_letters_issued_before_the_migration_get_the_copy_of_the_live_rows():
    forum = ForumFactory(
        short_name="IMRF2030",
        starts_on=date(2030, 5, 5),
        ends_on=date(2030, 5, 8),
        letter_template_es="Carta para {full_name}.",
    )
    delegate = DelegateFactory(accreditation__forum=forum, family_name="Okonkwo", date_of_birth=date(1990, 2, 3))
    issued = VisaLetterFactory(
        delegate=delegate, issued=True, language="es", issued_at=datetime(2030, 3, 1, 2, 0, tzinfo=UTC)
    )
    revoked = VisaLetterFactory(delegate__accreditation__forum=forum, revoked=True)
    requested = VisaLetterFactory(delegate__accreditation__forum=forum)
    # What the letters' live rows say when the migration runs (the copy columns do not exist yet).
    Delegate.objects.filter(pk=delegate.pk).update(family_name="Okonkwo-Eze")
    expected = {}
    for letter in (issued, revoked):
        letter = VisaLetter.objects.select_related("delegate__accreditation__organization", "forum").get(pk=letter.pk)
        letter.copy_printed_details()
        expected[letter.pk] = printed_fields_of(letter)

    try:
        _migrate(BEFORE)
        _migrate(AFTER)
    finally:
        _migrate(AFTER)

    copies = {letter.pk: printed_fields_of(letter) for letter in VisaLetter.objects.filter(pk__in=expected)}
    assert copies == expected
    assert copies[issued.pk]["holder_family_name"] == "Okonkwo-Eze"
    assert copies[issued.pk]["letter_template"] == "Carta para {full_name}."
    assert copies[issued.pk]["dated_on"] == date(2030, 2, 28)  # 02:00 UTC is the day before in New York
    assert printed_fields_of(VisaLetter.objects.get(pk=requested.pk)) == printed_fields_of(VisaLetter())
