"""Migration 0009 recomputes the stored name keys with the keys that ignore invisible characters
and look-alike letters; rows that now collide keep their old key and are logged, never a crash."""

import importlib
import logging
from datetime import date

import pytest
from django.apps import apps
from django.utils import timezone

from accreditation.enums import DelegateStatus
from accreditation.models import Delegate, EcosocListing, Organization
from tests.factories import AccreditationFactory, DelegateFactory, ForumFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accreditation.migrations.0009_name_keys_invisible_and_confusable")


def _as_before(obj, old_key: str, **names):
    """The row with ``names`` and the key the old functions gave them (a zero-width space or a
    soft hyphen was a word break; a look-alike letter was itself), as 0008 left it: written past
    ``save``, which computes the new key, so that rows which now collide can exist."""
    type(obj).objects.filter(pk=obj.pk).update(name_key=old_key, **names)
    return obj


def _organization(name: str, old_key: str, country: str = "KE") -> Organization:
    return _as_before(OrganizationFactory(country=country), old_key, name=name)


def _keys(model, *rows) -> dict[int, str]:
    """The stored keys of ``rows`` (of all the rows of ``model`` without)."""
    queryset = model.objects.filter(pk__in=[row.pk for row in rows]) if rows else model.objects.all()
    return dict(queryset.values_list("pk", "name_key"))


def _recompute() -> None:
    migration.recompute_name_keys(apps, schema_editor=None)


def _delegate(old_key: str, *, forum=None, status=DelegateStatus.NOMINATED, **names) -> Delegate:
    accreditation = AccreditationFactory(forum=forum or ForumFactory(), accredited=True)
    return _as_before(DelegateFactory(accreditation=accreditation, status=status), old_key, **names)


KOFI = {"given_names": "Kofi", "date_of_birth": date(1980, 5, 17)}


def test_recomputing_gives_every_row_the_new_key():
    plain = OrganizationFactory(name="Migrant Voices", country="KE")
    zero_width = _organization("Soli\u200bdarity Network", "soli darity network")
    cyrillic = _organization("Nairobi Migr\u0430nts", "nairobi migr\u0430nts")
    listing = _as_before(
        EcosocListing.objects.create(name="Placeholder", category="general"),
        "migr\u0430nt f\u043erum",
        name="Migr\u0430nt F\u043erum\u00ad",
    )
    delegate = _delegate("kofi men sah|1980-05-17", family_name="Men\u200bsah", **KOFI)

    _recompute()

    assert _keys(Organization, plain, zero_width, cyrillic) == {
        plain.pk: "migrant voices",
        zero_width.pk: "solidarity network",
        cyrillic.pk: "nairobi migrants",
    }
    assert _keys(EcosocListing) == {listing.pk: "migrant forum"}
    assert _keys(Delegate) == {delegate.pk: "kofi mensah|1980-05-17"}


def test_recomputing_keeps_the_suffix_of_a_purged_representative():
    delegate = DelegateFactory()
    _as_before(
        delegate,
        f"kofi men sah||purged:{delegate.pk}",
        family_name="Men\u200bsah",
        given_names="Kofi",
        date_of_birth=None,
        personal_data_purged_at=timezone.now(),
    )

    _recompute()

    assert _keys(Delegate) == {delegate.pk: f"kofi mensah||purged:{delegate.pk}"}


def test_an_organization_that_now_collides_keeps_its_old_key_and_is_logged(caplog):
    genuine = OrganizationFactory(name="Solidarity Network", country="KE")
    look_alike = _organization("S\u043elidarity Network", "s\u043elidarity network")
    elsewhere = _organization("S\u043elidarity Network", "s\u043elidarity network", country="UG")

    with caplog.at_level(logging.WARNING):
        _recompute()

    assert _keys(Organization) == {
        genuine.pk: "solidarity network",
        look_alike.pk: "s\u043elidarity network",
        elsewhere.pk: "solidarity network",
    }
    assert [record.getMessage() for record in caplog.records] == [
        f"Organization {look_alike.pk} keeps its old key 's\u043elidarity network': its new key "
        f"'solidarity network' is the key of Organization {genuine.pk} (a duplicate to merge or rename)."
    ]


def test_of_two_changed_organizations_that_now_collide_the_older_takes_the_new_key():
    older = _organization("Soli\u200bdarity Forum", "soli darity forum")
    later = _organization("S\u043elidarity Forum", "s\u043elidarity forum")

    _recompute()

    assert _keys(Organization) == {older.pk: "solidarity forum", later.pk: "s\u043elidarity forum"}


def test_a_row_whose_new_and_old_keys_are_both_taken_gets_a_key_of_its_own():
    # An odd stored key: the later row's old key is the older row's new one, and its new key is
    # taken by a row that does not change.
    taken = OrganizationFactory(name="Kofi Forum", country="KE")
    older = _organization("Amani\u200b Forum", "amani forum from before")
    later = _organization("K\u043efi Forum", "amani forum")

    _recompute()

    assert _keys(Organization) == {
        taken.pk: "kofi forum",
        older.pk: "amani forum",
        later.pk: f"kofi forum|duplicate:{later.pk}",
    }


def test_representatives_who_now_collide_keep_the_later_ones_old_key_only_while_both_are_active(caplog):
    forum = ForumFactory()
    first = _delegate("kofi mensah|1980-05-17", forum=forum, family_name="Mensah", **KOFI)
    again = _delegate("kofi men sah|1980-05-17", forum=forum, family_name="Men\u200bsah", **KOFI)
    withdrawn = _delegate(
        "kofi m\u0435nsah|1980-05-17", forum=forum, status=DelegateStatus.WITHDRAWN, family_name="M\u0435nsah", **KOFI
    )
    other_forum = _delegate("kofi men sah|1980-05-17", family_name="Men\u00adsah", **KOFI)

    with caplog.at_level(logging.WARNING):
        _recompute()

    assert _keys(Delegate) == {
        first.pk: "kofi mensah|1980-05-17",
        again.pk: "kofi men sah|1980-05-17",
        withdrawn.pk: "kofi mensah|1980-05-17",
        other_forum.pk: "kofi mensah|1980-05-17",
    }
    assert [record.getMessage() for record in caplog.records] == [
        f"Delegate {again.pk} keeps its old key 'kofi men sah|1980-05-17': its new key "
        f"'kofi mensah|1980-05-17' is the key of Delegate {first.pk} (a duplicate to merge or rename)."
    ]
