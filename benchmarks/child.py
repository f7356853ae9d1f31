"""Work run in a subprocess of its own, so its peak memory is measured alone.

    python -m benchmarks.child scorecards LEDGER.db OUT_DIR TODAY

Prints one JSON line: seconds, build, write, pages, bytes, cpu, build_cpu, write_cpu, peak_rss_kb, and the
second reader's (ledger.scorecard_split) cpu and memory: reader_cpu, reader_peak_kb.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path


def scorecards(db: str, out: str, today: str) -> dict:
    from ledger.db import make_engine, reading
    from ledger.scorecard import Settings, build_report
    from reports.pages import write_report

    engine = make_engine(f"sqlite:///{db}")
    # CPU time beside the wall clock: on a machine shared with other work, the wall clock also
    # counts the time this process waited for a core.
    start, start_cpu = time.perf_counter(), time.process_time()
    with reading(engine) as session:
        report = build_report(session, settings=Settings(), today=date.fromisoformat(today),
                              generated_at=datetime(2026, 6, 1, 9, tzinfo=timezone.utc))
    built, built_cpu = time.perf_counter(), time.process_time()
    paths = write_report(report, Path(out))
    done, done_cpu = time.perf_counter(), time.process_time()
    engine.dispose()
    return {
        "seconds": done - start, "build": built - start, "write": done - built, "pages": len(paths),
        "bytes": sum(p.stat().st_size for p in paths),
        "cpu": done_cpu - start_cpu, "build_cpu": built_cpu - start_cpu, "write_cpu": done_cpu - built_cpu,
    }


def peak_rss_kb() -> int:
    """This process's peak resident set, in kB: VmHWM, the high-water mark of its own memory map.

    Not getrusage's ru_maxrss: Linux carries that across exec from the process that forked this one,
    so the child reported the benchmark runner's peak (some 460 MB after the archive cases) whenever
    that was the larger.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # elsewhere: kB on Linux, bytes on macOS


def main(argv: list[str]) -> None:
    kind, *args = argv
    if kind != "scorecards":
        raise SystemExit(f"error: unknown child task {kind!r}")
    result = scorecards(*args)
    result["peak_rss_kb"] = peak_rss_kb()
    # The second reader has exited and been waited for, so it is in RUSAGE_CHILDREN. Its ru_maxrss is an
    # upper bound: Linux starts it from this process's peak at the time it was started (see peak_rss_kb).
    reader = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["reader_cpu"], result["reader_peak_kb"] = reader.ru_utime + reader.ru_stime, reader.ru_maxrss
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
