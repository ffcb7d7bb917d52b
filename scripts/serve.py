"""Start the app server, then warm it so the first visitor (even on a deep link) is served.

Streamlit answers the very first session of a fresh server with its legacy pages/ folder
discovery; one run of app.py (through /_stcore/script-health-check) switches it to the
app's own st.navigation. The same request builds the geography caches.
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
    """Run `streamlit run app.py` on $PORT, warm it, and wait for it to exit."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", PORT]
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
