from django.urls import path

from accreditation.views import delegate, letters, organizations, portal, programme, sessions

portal_patterns = (
    [
        path("", portal.dashboard, name="dashboard"),
        path("organization/new/", portal.organization_new, name="organization_new"),
        path("organization/", portal.organization_edit, name="organization_edit"),
        path("organization/focal-points/", portal.focal_points, name="focal_points"),
        path(
            "organization/focal-points/<uuid:public_id>/remove/", portal.focal_point_remove, name="focal_point_remove"
        ),
        path(
            "organization/focal-points/invitations/<uuid:public_id>/resend/",
            portal.focal_point_invitation_resend,
            name="focal_point_invitation_resend",
        ),
        path(
            "organization/focal-points/invitations/<uuid:public_id>/cancel/",
            portal.focal_point_invitation_cancel,
            name="focal_point_invitation_cancel",
        ),
        # The invitee's link (the signed token is one-time and expires).
        path("join/<str:token>/", portal.focal_point_invitation, name="focal_point_invitation"),
        path("application/", portal.application_edit, name="application"),
        path("application/submit/", portal.application_submit, name="application_submit"),
        path("application/withdraw/", portal.application_withdraw, name="application_withdraw"),
        path("documents/new/", portal.document_new, name="document_new"),
        path("documents/<uuid:public_id>/", portal.document_download, name="document_download"),
        path("documents/<uuid:public_id>/remove/", portal.document_remove, name="document_remove"),
        path("representatives/new/", portal.nominate, name="nominate"),
        path("representatives/<uuid:public_id>/withdraw/", portal.delegate_withdraw, name="delegate_withdraw"),
        path("representatives/<uuid:public_id>/invite/", portal.delegate_resend_invitation, name="delegate_invite"),
        path("representatives/<uuid:public_id>/photo/", portal.delegate_photo, name="delegate_photo"),
    ],
    "portal",
)

delegate_patterns = (
    [
        path("", delegate.home, name="home"),
        path("invitation/<str:token>/", delegate.invitation, name="invitation"),
        path("letter/", letters.letter_page, name="letter"),
        path("letter/outcome/", letters.letter_outcome, name="letter_outcome"),
        path("virtual/", letters.switch_to_virtual, name="switch_to_virtual"),
        path("sessions/", sessions.my_sessions, name="sessions"),
        path("sessions/<uuid:public_id>/register/", sessions.session_register, name="session_register"),
        path("registrations/<uuid:public_id>/cancel/", sessions.session_cancel, name="session_cancel"),
        path("confirmation.pdf", sessions.confirmation_pdf, name="confirmation"),
    ],
    "delegate",
)

public_patterns = [
    path("programme/", programme.programme, name="programme"),
    path("programme/forum.ics", programme.programme_ics, name="programme_ics"),
    path("programme/<uuid:public_id>/", programme.session_detail, name="session_detail"),
    path("programme/<uuid:public_id>.ics", programme.session_ics, name="session_ics"),
    path("organizations/", organizations.accredited_organizations, name="organizations"),
    path("organizations.csv", organizations.accredited_organizations_csv, name="organizations_csv"),
    path("letters/<uuid:public_id>/pdf/", letters.letter_download, name="letter_download"),
    path("verify/", letters.verify_form, name="verify"),
    path("verify/<str:token>/", letters.verify_token, name="verify_token"),
]
