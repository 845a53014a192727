"""The layering docs/architecture.md states, checked on every import of the source (an ``ast``
walk, so imports inside functions count too):

- apps: ``imrf`` (the core) ← ``events`` ← ``accreditation``; the core imports no domain app
  except in the modules that wire the project together (WIRING);
- inside an app: foundation (enums, errors, pure helpers) → models → validators, selectors,
  services and the other readers and writers → forms → views, admin, urls, commands; never
  back, and forms import no service.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("imrf", "events", "accreditation")
# Core modules that wire the project together and so may import the domain apps.
WIRING = {"imrf.settings", "imrf.urls", "imrf.admin_site", "imrf.views", "imrf.wsgi"}
# May import: the core nothing of the domain; events the core; accreditation both.
APP_MAY_IMPORT = {"imrf": {"imrf"}, "events": {"imrf", "events"}, "accreditation": {"imrf", "events", "accreditation"}}

FOUNDATION, MODELS, LOGIC, FORMS, INTERFACE = range(5)
# The layer of each module of an app, by its name under the app (the first segment).
LAYERS = {
    "enums": FOUNDATION,
    "errors": FOUNDATION,
    "normalize": FOUNDATION,
    "regions": FOUNDATION,
    "apps": FOUNDATION,
    "models": MODELS,
    "validators": LOGIC,
    "selectors": LOGIC,
    "services": LOGIC,
    "requirements": LOGIC,
    "uploads": LOGIC,
    "checkin_codes": LOGIC,
    "pdf": LOGIC,
    "resources": LOGIC,
    "permissions": LOGIC,
    "forms": FORMS,
    "views": INTERFACE,
    "admin": INTERFACE,
    "urls": INTERFACE,
    "management": INTERFACE,
    "templatetags": INTERFACE,
}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield app, ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"), path


def _imports(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend((f"{node.module}.{alias.name}", node.lineno) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
    return found


# Field validators that models use are below the models (events.validators); accreditation's
# validators check a request's data against models and sit beside the services.
APP_LAYERS = {"events": {"validators": FOUNDATION}}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return APP_LAYERS.get(parts[0], {}).get(parts[1], LAYERS.get(parts[1]))


def _violations(modules=None) -> list[str]:
    found = []
    for app, module, path in modules if modules is not None else _modules():
        for imported, line in _imports(path):
            target_app = imported.split(".")[0]
            if target_app not in APPS:
                continue
            where = f"{path.name}:{line} imports {imported}"
            if target_app not in APP_MAY_IMPORT[app] and module not in WIRING:
                found.append(f"{where}: {app} may not import {target_app}")
                continue
            if target_app != app or app == "imrf":
                continue
            mine, theirs = _layer(module), _layer(imported)
            if mine is None or theirs is None:
                found.append(f"{where}: a module without a layer (add it to LAYERS)")
            elif theirs > mine:
                found.append(f"{where}: layer {mine} imports layer {theirs}")
            elif mine == FORMS and imported.split(".")[1] == "services":
                found.append(f"{where}: forms import no service")
    return found


def test_no_import_runs_against_the_layers():
    assert _violations() == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("imrf.mail", "from accreditation.models import Delegate", "imrf may not import accreditation"),
        ("events.models.forum", "from accreditation.enums import Basis", "events may not import accreditation"),
        ("accreditation.models.delegate", "from accreditation.services import seats", "layer 1 imports layer 2"),
        ("accreditation.forms", "from accreditation.services.letters import x", "forms import no service"),
        ("accreditation.admin.letters", "from accreditation.views.letters import x", None),
    ],
)
def test_the_walk_catches_each_kind_of_wrong_import(tmp_path, module, source, expected):
    # The negative control: a module with one wrong import is reported (the admin importing a
    # view is the same layer, which the layer rule allows; the next test forbids it by name).
    path = tmp_path / "probe.py"
    path.write_text(source + "\n")

    found = _violations([(module.split(".")[0], module, path)])

    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].endswith(expected), found


def test_the_admin_imports_no_view():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for _app, module, path in _modules()
        if module.startswith("accreditation.admin") or module.startswith("events.admin")
        for imported, line in _imports(path)
        if ".views" in imported
    ]

    assert offenders == []
