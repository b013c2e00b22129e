#!/usr/bin/env bash
# Regenerates requirements.lock: the exact versions both README commands install.
# Resolves pyproject.toml's ranges (with the test and dev extras) in a throwaway virtual environment
# against the newest releases, then freezes what was installed. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check '.[test,dev]'
{
  echo "# Exact versions installed by scripts/build.sh and scripts/test.sh (pip install -c requirements.lock)."
  echo "# Regenerate with: bash scripts/lock.sh   (ranges live in pyproject.toml)"
  echo "# Python $("$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())'), $(uname -m)"
  "$tmp/venv/bin/python" -m pip freeze --disable-pip-version-check --exclude-editable \
    | grep -v -i '^drom-curriculum' | LC_ALL=C sort -f
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
