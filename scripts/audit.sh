#!/usr/bin/env bash
# Security audits (`make audit`, and in .ci/run):
#   - bandit on our code: a medium or high finding needs `# nosec BXXX  # why` on its line;
#   - pip-audit on the pinned requirements with their dependencies (--strict: a package it
#     cannot check fails the audit instead of being skipped).
# pip-audit needs a vulnerability service: pypi.org's per-version JSON API or api.osv.dev.
# Where neither answers (a machine that reaches only a package mirror), it cannot run at all;
# the audit then says so loudly instead of failing every build or pretending it passed.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

"$BIN/bandit" -q -c pyproject.toml -r imrf events accreditation scripts manage.py --severity-level medium

django_pin=$(sed -n 's/^Django==\(.*\)$/\1/ip' requirements.txt | head -n1)
if curl -fsS -o /dev/null --max-time 15 "https://pypi.org/pypi/django/${django_pin}/json" \
  || curl -fsS -o /dev/null --max-time 15 -X POST -d '{"package":{"name":"django","ecosystem":"PyPI"},"version":"'"${django_pin}"'"}' https://api.osv.dev/v1/query; then
  "$BIN/pip-audit" --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt || {
    echo "pip-audit failed: a known vulnerability in a pinned package, or a package it could not check." >&2
    exit 1
  }
else
  printf '\n%s\n%s\n\n' \
    "WARNING: pip-audit NOT RUN: no vulnerability service is reachable from this machine" \
    "(pypi.org/pypi/<name>/<version>/json and api.osv.dev). Run \`make audit\` where one is." >&2
fi
