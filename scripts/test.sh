#!/usr/bin/env bash
# The whole test suite, on a fresh machine of the project's kind: installs what it needs, then runs
# lint and every test. Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: poppler-utils (pdftotext/pdffonts on PDFs), chromium (browser tests),
# DejaVu fonts (PDF rendering), LibreOffice Writer (opens the year plan's .docx). Installed only when missing,
# so a prepared machine starts at once.
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
python3 -m ruff check plugins tests scripts
NO_MKDOCS_2_WARNING=1 python3 -m pytest -q "$@"
