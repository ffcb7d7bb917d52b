"""Start the app server, then warm it so the first visitor does not wait for the caches.

One run of app.py (through /_stcore/script-health-check) loads England's geography and the
council list into the server's memory. Deep links work without it (components/routing.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

PORT = os.environ.get("PORT", "8501")


def _get(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=120) as reply:
            return reply.status == 200
    except OSError:
        return False


def main() -> int:
    """Run `streamlit run server.py` (app.py with cache headers) on $PORT, warm it, wait."""
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", PORT]
    server = subprocess.Popen([*command, *sys.argv[1:]])
    base = f"http://localhost:{PORT}/_stcore"
    try:
        deadline = time.monotonic() + 120
        while not _get(f"{base}/health") and time.monotonic() < deadline:
            if server.poll() is not None:
                return server.returncode
            time.sleep(0.3)
        _get(f"{base}/script-health-check")
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()


if __name__ == "__main__":
    sys.exit(main())
