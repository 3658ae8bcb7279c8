from django.urls import path

from .views import account, data, invitations, organisations, profiles, programme_office, tokens

app_name = "accounts"

ORGANISATION = "organisaties/<int:organisation_id>/"

urlpatterns = [
    path("", account.home, name="home"),
    path("sessions/everywhere/", account.sign_out_everywhere, name="sign_out_everywhere"),
    path("beveiliging/", account.security_log, name="security_log"),
    path("gegevens/", data.my_data, name="my_data"),
    path("gegevens/export/", data.data_export, name="data_export"),
    path("verwijderen/", data.account_delete, name="account_delete"),
    path("api-tokens/", tokens.token_list, name="api_tokens"),
    path("api-tokens/<int:token_id>/intrekken/", tokens.token_revoke, name="api_token_revoke"),
    path("organisaties/", organisations.organisation_list, name="organisations"),
    path("organisaties/nieuw/", organisations.organisation_new, name="organisation_new"),
    path(
        "organisaties/nieuw/<slug:kind>/",
        organisations.organisation_create,
        name="organisation_create",
    ),
    path(ORGANISATION, organisations.organisation_detail, name="organisation"),
    path(ORGANISATION + "kiezen/", organisations.organisation_choose, name="organisation_choose"),
    path(ORGANISATION + "uitnodigen/", organisations.invitation_new, name="invitation_new"),
    path(
        ORGANISATION + "uitnodigingen/<int:invitation_id>/intrekken/",
        organisations.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        ORGANISATION + "leden/<int:membership_id>/rol/",
        organisations.member_role,
        name="member_role",
    ),
    path(
        ORGANISATION + "leden/<int:membership_id>/verwijderen/",
        organisations.member_remove,
        name="member_remove",
    ),
    path(ORGANISATION + "school-voorstellen/", organisations.school_propose, name="school_propose"),
    path("scholen/<slug:slug>/profiel/", profiles.profile_edit, name="profile_edit"),
    path("uitnodiging/<str:token>/", invitations.invitation, name="invitation"),
    path("programmabureau/scholen/", programme_office.school_queue, name="school_queue"),
    path(
        "programmabureau/scholen/<int:link_id>/",
        programme_office.school_decide,
        name="school_decide",
    ),
    path(
        "programmabureau/voorstellen/<int:proposal_id>/",
        programme_office.proposal_decide,
        name="proposal_decide",
    ),
]
