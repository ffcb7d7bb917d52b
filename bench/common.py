"""What the benchmarks share: app servers on loopback, medians and peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
# The app as scripts/serve.py serves it: app.py behind the static files' cache headers.
APP_SERVER = REPO / "server.py"


def median_ms(samples: list[float]) -> float:
    """Return the median of samples taken in seconds, in whole milliseconds."""
    return round(statistics.median(samples) * 1000)


def peak_rss_mb(pid: int) -> float:
    """Return a process's peak resident memory so far (VmHWM) in MB."""
    return status_mb(pid, "VmHWM")


def status_mb(pid: int, field: str) -> float:
    """Return one memory field of a process's /proc status (VmRSS, VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise ValueError(f"{field} not found for process {pid}")


def start_server(script: Path, port: int, env: dict | None = None) -> subprocess.Popen:
    """Start `streamlit run script` on 127.0.0.1:port, headless, output discarded."""
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server, killing it if it does not stop within 20 s."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
