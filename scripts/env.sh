# Sourced by scripts/build.sh and scripts/test.sh: the machine's packages and the project's Python environment.
#
#   need_debian LABEL TEST PACKAGE ...   queue PACKAGE(s) when the shell test TEST fails
#   install_debian                       install the queued packages, or stop with the exact apt-get line
#   python_env EXTRAS                    a virtual environment with the project installed from requirements.lock
#
# The virtual environment is the active one ($VIRTUAL_ENV); without one, .venv/ in the project (made when
# missing). DROM_DEPS=latest installs the newest releases pyproject.toml allows instead of the lock, into
# .venv-latest/, to see an upstream change coming before the lock moves to it.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

_debian=()
need_debian() {
  local test="$1"; shift
  if ! eval "$test" >/dev/null 2>&1; then _debian+=("$@"); fi
}

install_debian() {
  [ ${#_debian[@]} -eq 0 ] && return 0
  local line="apt-get install -y --no-install-recommends ${_debian[*]}"
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${_debian[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive $line -qq >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "Installing Debian packages with sudo: ${_debian[*]}"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive $line -qq >/dev/null
  else
    echo "error: these Debian packages are missing and this user cannot install them (not root, no sudo):" >&2
    echo "    ${_debian[*]}" >&2
    echo "Install them as root, then run this command again:" >&2
    echo "    $line" >&2
    exit 1
  fi
}

python_env() {
  local extras="$1" venv
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: Python 3.11 or newer is needed; python3 is $(python3 --version 2>&1)." >&2
    exit 1
  fi
  if [ "${DROM_DEPS:-locked}" = latest ]; then
    venv="${VIRTUAL_ENV:-$ROOT/.venv-latest}"
  else
    venv="${VIRTUAL_ENV:-$ROOT/.venv}"
  fi
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  PY="$venv/bin/python"
  export PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv"
  local pip=("$PY" -m pip install -q --disable-pip-version-check)
  if [ "${DROM_DEPS:-locked}" = latest ]; then
    echo "Installing the newest releases pyproject.toml allows (not the lock) into $venv"
    "${pip[@]}" --upgrade --upgrade-strategy eager -e ".$extras"
    "$PY" -m pip list --disable-pip-version-check --format=freeze | diff <(grep -v '^#' requirements.lock) - \
      | sed -n 's/^> /  newer than the lock: /p' || true
  else
    "${pip[@]}" -c requirements.lock -e ".$extras"
  fi
}
