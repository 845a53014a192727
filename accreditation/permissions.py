"""Who may open which private file (pretalx's ``rules.py``): one predicate per kind of file, used
by the views that serve them. Anyone else gets 404. Staff privileges count only after a completed
two-factor sign-in (imrf.two_factor): until then ``is_staff`` is False on the request's user."""

from accreditation.models import AccreditationDocument, Delegate, Membership, VisaLetter


def _focal_point_of(user, organization_id: int) -> bool:
    return Membership.objects.filter(organization_id=organization_id, user=user).exists()


def can_read_document(user, document: AccreditationDocument) -> bool:
    """The organization's focal points, and staff allowed to see application documents."""
    return _focal_point_of(user, document.accreditation.organization_id) or (
        user.is_staff and user.has_perm("accreditation.view_accreditationdocument")
    )


def can_see_photo(user, delegate: Delegate) -> bool:
    """The representative, their organization's focal points, and staff who see representatives."""
    return (
        delegate.user_id == user.id
        or _focal_point_of(user, delegate.accreditation.organization_id)
        or (user.is_staff and user.has_perm("accreditation.view_delegate"))
    )


def can_download_letter(user, letter: VisaLetter) -> bool:
    """The holder, their organization's focal points, and Visa officers."""
    return (
        letter.delegate.user_id == user.id
        or _focal_point_of(user, letter.delegate.accreditation.organization_id)
        or (user.is_staff and user.has_perm("accreditation.issue_visa_letter"))
    )
