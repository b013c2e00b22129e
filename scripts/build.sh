#!/usr/bin/env bash
# Builds the site from the shipped curriculum into site/ (PDFs and the offline pack included), on a fresh
# machine: the system libraries WeasyPrint needs, the project from requirements.lock, then
# `mkdocs build --strict`. Extra arguments go to mkdocs (e.g. -d /tmp/site). The CI workflows run this too.
source "$(dirname "$0")/env.sh"

# WeasyPrint (the PDFs) needs Pango; the PDFs embed DejaVu fonts shipped in the package, and fontconfig
# needs at least one system font to start.
need_debian "ldconfig -p | grep -q 'libpango-1.0.so.0'" libpango-1.0-0 libpangoft2-1.0-0
need_debian "test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" fonts-dejavu-core
install_debian
python_env ""

NO_MKDOCS_2_WARNING=1 exec "$PY" -m mkdocs build --strict "$@"
