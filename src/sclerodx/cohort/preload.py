"""Load the cohort engines once, before any worker process of a local Dask cluster starts.

``--engine dask`` without ``--scheduler`` starts its worker processes from a
``multiprocessing`` fork server that has imported this module: the engines, polars and
the compiled evidence table are loaded once, in the fork server, and every worker starts
as a copy of it. Spawning each worker afresh instead cost every worker about 2 CPU-seconds
of imports and table compilation before its first row (measured on the project machine),
which a million-row run does not amortise.

Nothing here starts a thread or touches polars' thread pool: a process that is forked must
not have started threads it relies on.

On a cluster of your own, ``dask worker --preload sclerodx.cohort.preload`` loads the
engines as the worker starts instead of on its first task.
"""

from __future__ import annotations

import sclerodx.cohort.criteria_batch
import sclerodx.cohort.derive
import sclerodx.cohort.differential_batch
import sclerodx.cohort.runner  # noqa: F401  (imported for its side effect: loaded once)
from sclerodx.differential.batch import packaged_table

packaged_table()
