#!/usr/bin/env python3
"""Benchmark of the PDF build: cold build, per-lesson and per-module times, peak memory, warm rebuilds.

    python scripts/bench_pdf.py                 # the shipped curriculum/ (the test fixture if it does not load)
    python scripts/bench_pdf.py --json          # the same numbers as JSON
    python scripts/bench_pdf.py --curriculum tests/fixtures/good/curriculum --concurrency 1
    python scripts/bench_pdf.py --cold-only      # only the cold build (no rebuilds)

The cold build's CPU time is given for all processes, for the main one (loading the curriculum, making the
print HTML) and per kind of PDF (the workers' layout and writing); CPU / concurrency estimates the wall time
on an otherwise idle machine. A module's lessons are laid out once, for their own PDFs: their layout counts
as the lessons', the module's as its own pages, joining and writing.

Works on a copy of the curriculum in a temporary folder, so touching a lesson never edits the real one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from drom.diagnostics import CurriculumError  # noqa: E402
from drom.loader import load_or_fail  # noqa: E402
from drom.pdf import PdfReport, render_all  # noqa: E402
from drom.site.markdown import from_mkdocs_yml  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "good" / "curriculum"


def choose(path: Path) -> tuple[Path, str]:
    """The curriculum to measure and a note: the fixture stands in while the shipped one does not load."""
    try:
        load_or_fail(path)
        return path, ""
    except CurriculumError as error:
        problems = len(error.diagnostics.errors)
        return FIXTURE, f"{path} has {problems} validation error(s); measured the test fixture instead"


def main_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children (the rendering workers)."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def run(root: Path, out: Path, cache: Path, args: argparse.Namespace) -> tuple[PdfReport, float, float, float]:
    """One build: its report, wall seconds, CPU seconds (all processes; on a shared machine the wall time
    moves with the other load, the CPU time much less) and the main process's CPU seconds."""
    started, cpu, main_cpu = time.perf_counter(), cpu_seconds(), main_cpu_seconds()
    curriculum = load_or_fail(root)
    report = render_all(
        curriculum,
        out,
        site_url=args.site_url,
        cache_dir=cache,
        languages=curriculum.languages,
        markdown=from_mkdocs_yml(REPO / "mkdocs.yml"),
        concurrency=args.concurrency,
    )
    return report, time.perf_counter() - started, cpu_seconds() - cpu, main_cpu_seconds() - main_cpu


def touch_one_lesson(root: Path) -> str:
    """Append a sentence to the first lesson's default-language text; return the lesson id."""
    curriculum = load_or_fail(root)
    module = curriculum.ordered_modules()[0]
    lesson = curriculum.module_lessons(module)[0]
    text = lesson.texts[curriculum.default_language].path
    text.write_text(text.read_text(encoding="utf-8") + "\nБенчмарк: едно ново изречение.\n", encoding="utf-8")
    return lesson.id


def kind_stats(report: PdfReport, kind: str) -> dict[str, float]:
    files = [f for f in report.files if f.kind == kind and f.rendered]
    seconds = [f.seconds for f in files]
    layout, write = sum(f.layout_cpu for f in files), sum(f.write_cpu for f in files)
    return {
        "count": len(files),
        "pages": sum(f.pages for f in files),
        "mean_s": round(statistics.mean(seconds), 3) if seconds else 0.0,
        "max_s": round(max(seconds), 3) if seconds else 0.0,
        "total_s": round(sum(seconds), 3),
        "cpu_s": round(layout + write, 2),
        "layout_cpu_s": round(layout, 2),
        "write_cpu_s": round(write, 2),
    }


def peak_memory_mib() -> dict[str, float]:
    """Peak resident memory of this process and of the largest worker (ru_maxrss is KiB on Linux)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return {
        "main_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1),
        "largest_worker_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--curriculum", type=Path, default=REPO / "curriculum")
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--site-url", default="https://roma-folklore.example.org/")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--cold-only", action="store_true", help="measure the cold build only")
    args = parser.parse_args()

    source, note = choose(args.curriculum.resolve())
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as temp:
        work = Path(temp)
        root = Path(shutil.copytree(source, work / "curriculum"))
        out, cache = work / "site", work / "cache"
        cold, cold_s, cold_cpu, cold_main = run(root, out, cache, args)
        memory = peak_memory_mib()
        if args.cold_only:
            unchanged, unchanged_s, touched, warm, warm_s = cold, 0.0, "", cold, 0.0
        else:
            unchanged, unchanged_s, _, _ = run(root, out, cache, args)
            touched = touch_one_lesson(root)
            warm, warm_s, _, _ = run(root, out, cache, args)

    errors = list(dict.fromkeys(str(e) for r in (cold, unchanged, warm) for e in r.errors))
    result = {
        "curriculum": str(source),
        "note": note,
        "concurrency": args.concurrency,
        "cold": {
            "seconds": round(cold_s, 2),
            "cpu_seconds": round(cold_cpu, 2),
            "main_cpu_seconds": round(cold_main, 2),
            "idle_estimate_seconds": round(cold_cpu / max(1, args.concurrency), 2),
            "pdfs": len(cold.files),
            "pages": sum(f.pages for f in cold.files),
            "bytes": sum(f.size for f in cold.files),
            "rendered": cold.rendered,
            "lesson": kind_stats(cold, "lesson"),
            "handouts": kind_stats(cold, "handouts"),
            "module": kind_stats(cold, "module"),
            "slides": kind_stats(cold, "slides"),
        },
        "peak_memory": memory,
        "unchanged_rebuild": {
            "seconds": round(unchanged_s, 2),
            "rendered": unchanged.rendered,
            "reused": unchanged.reused,
        },
        "touched_one_lesson": {
            "lesson": touched,
            "seconds": round(warm_s, 2),
            "rendered": warm.rendered,
            "reused": warm.reused,
            "rendered_files": [f.path for f in warm.files if f.rendered],
        },
        "errors": errors,
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print_table(result)
    return 1 if errors else 0


def print_table(result: dict) -> None:
    cold = result["cold"]
    if result["note"]:
        print(f"note: {result['note']}")
    print(f"curriculum: {result['curriculum']}  (concurrency {result['concurrency']})\n")
    rows = [
        (
            "cold build",
            f"{cold['seconds']:.2f} s",
            f"{cold['pdfs']} PDFs, {cold['pages']} pages, {cold['bytes'] // 1024} KiB",
        ),
        ("  CPU time", f"{cold['cpu_seconds']:.2f} s", "all processes (the wall time moves with other load)"),
        (
            "  idle estimate",
            f"{cold['idle_estimate_seconds']:.2f} s",
            f"CPU / {result['concurrency']} processes: the wall time on an idle machine",
        ),
        ("  main process", f"{cold['main_cpu_seconds']:.2f} s", "CPU: loading, print HTML, cache keys"),
    ]
    for kind in ("lesson", "handouts", "module", "slides"):
        stats = cold[kind]
        if stats["count"]:
            rows.append(
                (
                    f"  per {kind} PDF",
                    f"{stats['mean_s']:.2f} s",
                    f"mean of {stats['count']}, max {stats['max_s']:.2f} s, {stats['pages']} pages; CPU "
                    f"{stats['cpu_s']:.1f} s = {stats['layout_cpu_s']:.1f} s layout + "
                    f"{stats['write_cpu_s']:.1f} s writing",
                )
            )
    memory = result["peak_memory"]
    rows.append(
        (
            "peak memory",
            f"{memory['main_mib']:.0f} MiB",
            f"main process; largest worker {memory['largest_worker_mib']:.0f} MiB",
        )
    )
    unchanged, touched = result["unchanged_rebuild"], result["touched_one_lesson"]
    if touched["lesson"]:  # not with --cold-only
        rows.append(
            (
                "unchanged rebuild",
                f"{unchanged['seconds']:.2f} s",
                f"{unchanged['rendered']} rendered, {unchanged['reused']} reused",
            )
        )
        rows.append(
            (
                f"touched '{touched['lesson']}'",
                f"{touched['seconds']:.2f} s",
                f"{touched['rendered']} rendered ({', '.join(touched['rendered_files'])}), {touched['reused']} reused",
            )
        )
    width = max(len(r[0]) for r in rows)
    for name, value, detail in rows:
        print(f"{name:<{width}}  {value:>9}  {detail}")
    for error in result["errors"]:
        print(f"error: {error}")


if __name__ == "__main__":
    sys.exit(main())
