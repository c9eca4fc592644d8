"""Run the same per-file work on a Ray cluster (``pip install 'cleaner[ray]'``).

The input list is cut into slices; each Ray task owns one slice, cleans its
files with the same ``clean_file`` a local worker uses and writes their outputs
itself (the txt sink), as DataTrove's executors do. Outcomes come back to the
driver in input order, so the summary, and JSONL shards written by the driver,
are identical to a local run's.

On a real cluster: start Ray on every node (``ray start --head`` on one,
``ray start --address HEAD:6379`` on the others), put the input and output
folders on storage every node mounts at the same path, then run
``cleaner clean SRC -o OUT --engine ray --address HEAD:6379``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cleaner.discover import Task
from cleaner.run import Job, Outcome, clean_file

SLICE_FILES = 64  # files per Ray task: big enough to amortise scheduling, small enough to balance
# A Ray worker process is replaced after this many slices (1,600 files), for the reason a local pool worker
# is (run.WORKER_CHUNKS: RE2's caches grow with the pages seen); less often, as a Ray worker starts slower.
SLICES_PER_WORKER = 25


def _clean_slice(job: Job, tasks: Sequence[Task]) -> list[Outcome]:
    return [clean_file(job, task) for task in tasks]


def run_ray(
    job: Job, tasks: Sequence[Task], *, address: str | None = None, cpus: int | None = None
) -> Iterator[Outcome]:
    """Clean ``tasks`` on Ray; outcomes are yielded in input order."""
    ray = _import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        _init(ray, address, cpus)
    try:
        remote = ray.remote(num_cpus=1, max_retries=2, max_calls=SLICES_PER_WORKER)(_clean_slice)
        job_ref = ray.put(job)
        slices = [tasks[i : i + SLICE_FILES] for i in range(0, len(tasks), SLICE_FILES)]
        pending = [remote.remote(job_ref, list(piece)) for piece in slices]
        for ref in pending:  # in order: a slow slice delays the yield, never the work
            yield from ray.get(ref)
    finally:
        if started_here:
            ray.shutdown()


def _init(ray: Any, address: str | None, cpus: int | None) -> None:
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        # a local Ray; cap the object store, or machines with a small /dev/shm run out of memory
        ray.init(num_cpus=cpus, object_store_memory=256 << 20, include_dashboard=False, log_to_driver=False)


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise SystemExit("cleaner: --engine ray needs Ray: pip install 'cleaner[ray]'") from None
    return ray
