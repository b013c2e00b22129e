"""Shared fixtures: copies of the fixture curriculum to break, and small sites built in a temp dir."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from drom.markdown_config import MarkdownConfig

# The tools speak the person's language (`drom.messages`): the tests read their English, whatever the
# machine's locale. LANGUAGE is gettext's own choice of language, and changes nothing else a program does.
os.environ["LANGUAGE"] = "en"

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "good"


def _markdown() -> MarkdownConfig:
    from drom.site.markdown import from_mkdocs_yml

    return from_mkdocs_yml(REPO / "mkdocs.yml")


MARKDOWN = _markdown()
"""The shipped mkdocs.yml's Markdown configuration, which the site and the PDFs share."""


def make_project(dest: Path, *, nav_after: str = "[about.md]") -> Path:
    """A copy of the good fixture with the repository's mkdocs.yml and theme overrides."""
    shutil.copytree(GOOD, dest)
    shutil.copytree(REPO / "overrides", dest / "overrides")
    (dest / "docs" / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "docs" / "assets" / "favicon.svg", dest / "docs" / "assets" / "favicon.svg")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("nav_after: [teachers.md, about.md, authoring.md]", f"nav_after: {nav_after}")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


@dataclass
class Build:
    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, path: str) -> BeautifulSoup:
        file = self.site / path
        assert file.is_file(), f"{path} was not built; output:\n{self.output[-3000:]}"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def run_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> Build:
    """`mkdocs build --strict` of a project, with `env` added to the environment. The site's address and the
    publishing switch come only from `env`, whatever the caller's environment holds."""
    inherited = {k: v for k, v in os.environ.items() if k not in {"DROM_SITE_URL", "DROM_PUBLISH"}}
    env = {"DROM_OFFLINE": "0", **inherited, "NO_MKDOCS_2_WARNING": "1", "DROM_PDF": "0", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return Build(project, proc.returncode, proc.stdout + proc.stderr)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# The Debian package that brings each outside tool a test runs; scripts/test.sh installs them.
DEBIAN_PACKAGES = {
    "chromium": "chromium",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "soffice": "libreoffice-writer-nogui",
    "hunspell": "hunspell",
    "node": "nodejs",
    "npm": "npm",
}


def require_tool(name: str) -> str:
    """The path of an outside tool. Missing in CI (CI=true): the test fails. Elsewhere it is skipped, and
    pytest -rs prints why and the line that installs it."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed: apt-get install -y {DEBIAN_PACKAGES.get(name, name)}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# Test layers, so a quick run can pick one: `pytest -m unit` (seconds), `-m build` (small sites built in a temp
# dir, the shipped curriculum too), `-m browser` (headless Chromium), `-m fuzz` (property-based loader tests).
BUILD_MODULES = {"test_publish", "test_site", "test_pdf", "test_reproducible", "test_preview", "test_scale_generator", "test_shipped"}
FUZZ_MODULES = {"test_fuzz"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser" in fixtures or module in {"test_browser", "test_offline"}:
            item.add_marker(pytest.mark.browser)
        elif module in BUILD_MODULES or fixtures & {"built", "project"}:
            item.add_marker(pytest.mark.build)
        elif module in FUZZ_MODULES:
            item.add_marker(pytest.mark.fuzz)
        else:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser), with no background traffic."""
    executable = require_tool("chromium")
    from playwright import sync_api
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The good fixture, built once for the session's read-only assertions."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    build = run_build(project)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def curriculum_copy(tmp_path: Path) -> Callable[[], Path]:
    def factory() -> Path:
        dest = tmp_path / "c" / "curriculum"
        shutil.copytree(GOOD / "curriculum", dest)
        return dest

    return factory


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current output instead of comparing with it.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
