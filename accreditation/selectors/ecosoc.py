"""Does an organization claiming ECOSOC status appear on the imported ECOSOC list?

A match is the same normalized name (case, accents, punctuation and spacing ignored) and the
same country (or a listing without a country). For the officer's eye, the change page also shows
the closest listings by name similarity (difflib ratio, 0–100) among the candidates that share
the country or a word of the name.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Exists, OuterRef, Q

from accreditation.models import Accreditation, EcosocListing

CANDIDATE_LIMIT = 2000


def ecosoc_match_exists(prefix: str = "organization__") -> Exists:
    """An annotation: True when the (normalized) name and country are on the list."""
    return Exists(
        EcosocListing.objects.filter(name_key=OuterRef(f"{prefix}name_key")).filter(
            Q(country=OuterRef(f"{prefix}country")) | Q(country="")
        )
    )


@dataclass(frozen=True)
class EcosocCandidate:
    listing: EcosocListing
    score: int
    same_country: bool

    @property
    def is_match(self) -> bool:
        return self.score == 100 and self.same_country


def ecosoc_candidates(accreditation: Accreditation, *, limit: int = 3) -> list[EcosocCandidate]:
    """The closest listings to the organization, best first."""
    organization = accreditation.organization
    key = organization.name_key
    words = [word for word in key.split() if len(word) > 3][:4]
    condition = Q(country=organization.country) | Q(name_key=key)
    for word in words:
        condition |= Q(name_key__contains=word)
    listings = EcosocListing.objects.filter(condition)[:CANDIDATE_LIMIT]
    scored = []
    for listing in listings:
        score = 100 if listing.name_key == key else round(100 * SequenceMatcher(None, key, listing.name_key).ratio())
        scored.append(EcosocCandidate(listing, score, not listing.country or listing.country == organization.country))
    scored.sort(key=lambda candidate: (-candidate.score, not candidate.same_country, candidate.listing.name))
    return scored[:limit]
