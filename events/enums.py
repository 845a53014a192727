from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    HEARING = "hearing", _("Informal multi-stakeholder hearing")
    ROUND_TABLE = "round_table", _("Round table")
    POLICY_DEBATE = "policy_debate", _("Policy debate")
    PLENARY = "plenary", _("Plenary")
    SIDE_EVENT = "side_event", _("Side event")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")
    VIRTUAL = "virtual", _("Virtual")


# Sessions with these modalities have a room and therefore in-person seats.
MODALITIES_WITH_ROOM = {Modality.IN_PERSON, Modality.HYBRID}

GCM_OBJECTIVE_COUNT = 23
