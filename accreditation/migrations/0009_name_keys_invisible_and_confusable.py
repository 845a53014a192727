"""Recompute the uniqueness keys of organizations, representatives and ECOSOC listings with the
keys that ignore invisible characters and fold look-alike letters (issue 13, finding 8).

Two rows whose names were distinct before may now have the same key: "Sоlidarity Network"
(Cyrillic о) registered beside "Solidarity Network" in the same country, or the same person
nominated twice for a forum with a zero-width space in the name. The unique constraints allow
only one of them to have the key. A row whose key does not change keeps it; then, in the order of
their ids, each other row takes its new key if it is free, and otherwise keeps its old key,
unchanged, with a warning in the migration's log naming both rows, for the Secretariat to merge
or rename them. (Rows the constraints do not cover — representatives no longer active — simply
take their new key.) The portal and the back office refuse the next such duplicate.
"""

import logging

from django.db import migrations

from accreditation.normalize import organization_key, person_key

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# DelegateStatus.ACTIVE when this migration was written: the statuses the constraint covers.
ACTIVE_DELEGATE_STATUSES = ("nominated", "approved")


def _organization_key(row) -> str:
    return organization_key(row.name)


def _delegate_key(row) -> str:
    key = person_key(family_name=row.family_name, given_names=row.given_names, date_of_birth=row.date_of_birth)
    if row.personal_data_purged_at:
        # As Delegate.save: a purged row identifies no one, so it never collides.
        key = f"{key}|purged:{row.pk}"
    return key


def _recompute(model, *, fields, new_key, scope, label) -> int:
    """Give each row of ``model`` its new key, unless another row of the same scope (country,
    or forum) already has that key: then the later row keeps its old one. Returns the number of
    rows changed."""
    rows = []
    for row in model.objects.order_by("pk").only("pk", "name_key", *fields).iterator(chunk_size=BATCH_SIZE):
        rows.append((row, new_key(row), scope(row)))
    # Keys that stay as they are are taken first; a changed row may take a free key only.
    taken = {
        (row_scope, row.name_key): row.pk
        for row, key, row_scope in rows
        if row_scope is not None and key == row.name_key
    }
    changed = []
    for row, key, row_scope in rows:
        if key == row.name_key:
            continue
        if row_scope is not None:
            holder = taken.get((row_scope, key))
            if holder is not None:
                logger.warning(
                    "%s %s keeps its old key %r: its new key %r is the key of %s %s (a duplicate to merge or rename).",
                    label,
                    row.pk,
                    row.name_key,
                    key,
                    label,
                    holder,
                )
                if taken.setdefault((row_scope, row.name_key), row.pk) != row.pk:
                    # Its old key was taken by a row that moved onto it: no key is free, so it
                    # gets one that cannot collide, and stays in the log.
                    changed.append((row, f"{key[:250]}|duplicate:{row.pk}"))
                continue
            taken[(row_scope, key)] = row.pk
        changed.append((row, key))
    # Through unique placeholders first, so that no update meets a key another row is about to leave.
    for step in ("placeholder", "final"):
        for row, key in changed:
            row.name_key = f"|recomputing:{row.pk}" if step == "placeholder" else key
        model.objects.bulk_update([row for row, _ in changed], ["name_key"], batch_size=BATCH_SIZE)
    return len(changed)


def recompute_name_keys(apps, schema_editor):
    """Recompute name_key of every organization, representative and ECOSOC listing."""
    _recompute(
        apps.get_model("accreditation", "Organization"),
        fields=("name", "country"),
        new_key=_organization_key,
        scope=lambda row: str(row.country),
        label="Organization",
    )
    _recompute(
        apps.get_model("accreditation", "EcosocListing"),
        fields=("name", "country"),
        new_key=_organization_key,
        scope=lambda row: str(row.country),
        label="EcosocListing",
    )
    _recompute(
        apps.get_model("accreditation", "Delegate"),
        fields=("family_name", "given_names", "date_of_birth", "personal_data_purged_at", "forum", "status"),
        new_key=_delegate_key,
        scope=lambda row: row.forum_id if row.status in ACTIVE_DELEGATE_STATUSES else None,
        label="Delegate",
    )


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0008_delegate_privacy_consent")]

    # The old keys cannot be recomputed (their functions are gone): going back keeps the new ones.
    operations = [migrations.RunPython(recompute_name_keys, migrations.RunPython.noop, elidable=True)]
