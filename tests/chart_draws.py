"""Chart drawing functions for worker-process tests: importable by a spawned worker."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.digest.chart_layout import ChartData

# A worker that is "stuck" creates this file (named in the environment the worker inherits)
# once it has the chart, so the test knows the chart is in flight.
IN_FLIGHT = "SMALLSTEPS_TEST_CHART_IN_FLIGHT"


def broken(data: ChartData) -> bytes:
    """Drawing fails."""
    raise ValueError("cannot draw")


def dying(data: ChartData) -> bytes:
    """The worker process dies (as when the system kills it)."""
    os._exit(3)


def stuck(data: ChartData) -> bytes:
    """The worker takes far longer than any chart should."""
    Path(os.environ[IN_FLIGHT]).touch()
    time.sleep(60)
    return b""
