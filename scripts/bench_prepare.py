"""Sessions and targets for `make bench` (run by scripts/bench.py with the benchmark's settings).

bench_prepare.py PLAN.json SURGE_ORGANIZATIONS   writes the plan of every scenario
bench_prepare.py PLAN.json --check-surge         counts the surge's nominations and cap violations
"""

import io
import json
import secrets
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Count, Q
from PIL import Image

from accreditation.enums import AccreditationStatus, Basis, DelegateStatus, StakeholderType
from accreditation.models import Accreditation, Delegate, Membership, Organization, VisaLetter
from accreditation.normalize import organization_key
from events.models import Forum


def session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def user(email: str, **extra):
    found = get_user_model().objects.filter(email=email).first()
    if found:
        return found
    created = get_user_model().objects.create_user(email=email, password=secrets.token_urlsafe(16), **extra)
    EmailAddress.objects.create(user=created, email=email, verified=True, primary=True)
    return created


def prepare(plan_path: str, surge_count: int) -> None:
    forum = Forum.objects.get(is_active=True)
    admin = user("bench-admin@bench.example", is_staff=True, is_superuser=True)
    if not admin.authenticator_set.exists():
        TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    focal = (
        Membership.objects.filter(
            organization__accreditations__forum=forum,
            organization__accreditations__status=AccreditationStatus.ACCREDITED,
        )
        .select_related("user")
        .first()
        .user
    )
    delegate = Delegate.objects.filter(forum=forum, status=DelegateStatus.APPROVED).order_by("pk").first()
    if delegate.user_id is None:
        delegate.user = user(f"bench-delegate-{delegate.pk}@bench.example")
        delegate.save(update_fields=["user"])
    tokens = list(
        VisaLetter.objects.filter(forum=forum, verification_token__isnull=False).values_list(
            "verification_token", flat=True
        )[:300]
    )
    accreditation_pk = Accreditation.objects.filter(forum=forum).order_by("pk").values_list("pk", flat=True)[500]

    # Fresh, accredited organizations with empty places for the surge.
    stamp = int(time.time())
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                name=f"Surge Organization {stamp}-{index}",
                name_key=organization_key(f"Surge Organization {stamp}-{index}"),
                country="KE",
                city="Nairobi",
                email=f"surge{index}@bench.example",
                stakeholder_type=StakeholderType.NGO,
                migration_work="Surge.",
                head_name="Head",
                head_title="Director",
            )
            for index in range(surge_count)
        ]
    )
    users = get_user_model().objects.bulk_create(
        [get_user_model()(email=f"surge-{stamp}-{index}@bench.example", password="!") for index in range(surge_count)]
    )
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    Membership.objects.bulk_create(
        [Membership(organization=o, user=u) for o, u in zip(organizations, users, strict=True)]
    )
    surge_accreditations = Accreditation.objects.bulk_create(
        [
            Accreditation(organization=o, forum=forum, basis=Basis.GCM, status=AccreditationStatus.ACCREDITED)
            for o in organizations
        ]
    )
    csrf = secrets.token_hex(16)
    accounts = [{"cookie": f"{session_cookie(u)}; csrftoken={csrf}", "csrf": csrf} for u in users]
    photo = io.BytesIO()
    Image.new("RGB", (320, 320), (30, 90, 140)).save(photo, format="JPEG", quality=70)

    admin_cookie = session_cookie(admin)
    counts = (
        f"{Organization.objects.count():,} organizations, {Accreditation.objects.filter(forum=forum).count():,} "
        f"accreditations, {Delegate.objects.count():,} representatives, {VisaLetter.objects.count():,} letters"
    )

    def get(name: str, paths: list[str], group: str, cookie: str = "") -> dict:
        return {"kind": "get", "name": name, "paths": paths, "group": group, "cookie": cookie}

    plan = {
        "counts": counts,
        "photo_hex": photo.getvalue().hex(),
        "surge_accounts": accounts,
        "surge_accreditations": [a.pk for a in surge_accreditations],
        "surge_started_at": time.time(),
        "scenarios": {
            "floor": get("floor", ["/__bench__/floor/"], "floor"),
            "landing page": get("landing", ["/"], "public"),
            "public programme": get("programme", ["/programme/"], "public"),
            "accredited organizations": get("organizations", ["/organizations/"], "public"),
            "letter verification": get("verify", [f"/verify/{token}/" for token in tokens], "public"),
            "focal-point dashboard": get("dashboard", ["/portal/"], "public", session_cookie(focal)),
            "delegate page": get("delegate", ["/me/"], "public", session_cookie(delegate.user)),
            "admin: accreditations": get("acc list", ["/admin/accreditation/accreditation/"], "admin", admin_cookie),
            "admin: accreditations, filtered": get(
                "acc filtered",
                ["/admin/accreditation/accreditation/?status__exact=accredited&basis__exact=special"],
                "admin",
                admin_cookie,
            ),
            "admin: accreditations, searched": get(
                "acc search", ["/admin/accreditation/accreditation/?q=Solidarity+Network"], "admin", admin_cookie
            ),
            "admin: delegates": get("del list", ["/admin/accreditation/delegate/"], "admin", admin_cookie),
            "admin: delegates, filtered": get(
                "del filtered",
                ["/admin/accreditation/delegate/?status__exact=approved&modality__exact=in_person"],
                "admin",
                admin_cookie,
            ),
            "admin: delegates, searched": get(
                "del search", ["/admin/accreditation/delegate/?q=Okafor"], "admin", admin_cookie
            ),
            "admin: change page": get(
                "change page", [f"/admin/accreditation/accreditation/{accreditation_pk}/change/"], "admin", admin_cookie
            ),
            "admin: dashboard": get("admin index", ["/admin/"], "admin", admin_cookie),
            "nomination surge": {"kind": "surge", "name": "surge", "group": "surge"},
        },
    }
    with open(plan_path, "w", encoding="utf-8") as handle:
        json.dump(plan, handle)
    print(f"Prepared: {counts}; {surge_count} organizations for the surge.")


def check_surge(plan_path: str) -> None:
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    forum = Forum.objects.get(is_active=True)
    active = Q(delegates__status__in=sorted(DelegateStatus.ACTIVE))
    surge = Accreditation.objects.filter(pk__in=plan["surge_accreditations"]).annotate(
        n=Count("delegates", filter=active)
    )
    nominations = sum(a.n for a in surge)
    full = sum(1 for a in surge if a.n == forum.delegate_cap)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT accreditation_id FROM accreditation_delegate WHERE status IN %s "
            "GROUP BY accreditation_id HAVING COUNT(*) > %s) AS over",
            [tuple(sorted(DelegateStatus.ACTIVE)), forum.delegate_cap],
        )
        violations = cursor.fetchone()[0]
    duration = int(__import__("os").environ.get("BENCH_DURATION", "15"))
    print(
        json.dumps(
            {
                "nominations": nominations,
                "nominations_per_second": nominations / duration,
                "organizations": len(plan["surge_accreditations"]),
                "full": full,
                "cap_violations": violations,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[2] == "--check-surge":
        check_surge(sys.argv[1])
    else:
        prepare(sys.argv[1], int(sys.argv[2]))
