"""What the browser test works with: the course's notebooks, a JupyterLab server on copies of them."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402,F401  (tools/slides.py: what a deck should hold; the tests import it from here)

SHOTS = ROOT / "build" / "browser-test"
TOKEN = "browser-test"


def notebooks():
    """Every notebook of the course, editions in subfolders included, as paths relative to notebooks/."""
    found = (ROOT / "notebooks").glob("**/*.ipynb")
    return sorted(p.relative_to(ROOT / "notebooks").as_posix() for p in found
                  if ".ipynb_checkpoints" not in p.parts)


def read_notebook(relative):
    return json.loads((ROOT / "notebooks" / relative).read_text(encoding="utf-8"))


def notebooks_calling(function):
    """The notebooks whose code calls `function(`: the ones that show that widget."""
    return [relative for relative in notebooks()
            if any(cell["cell_type"] == "code" and f"{function}(" in "".join(cell["source"])
                   for cell in read_notebook(relative)["cells"])]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A JupyterLab server started by `course.py lab` on copies of notebooks/ and data/."""

    def __init__(self, workdir):
        self.course = workdir / "course"
        for folder in ("notebooks", "data"):
            shutil.copytree(ROOT / folder, self.course / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, JUPYTER_TOKEN=TOKEN,
                   JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"),   # no state from an earlier run
                   JUPYTERLAB_SETTINGS_DIR=str(workdir / "user-settings"))  # nor from the user's settings
        self.log = open(workdir / "lab.log", "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "course.py"), "lab", "--no-venv", "--port", str(self.port),
             "--root", str(self.course / "notebooks"), "--no-browser"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while self.api("status") is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("JupyterLab did not start: " + (workdir / "lab.log").read_text())
            time.sleep(1)

    def api(self, path, method="GET"):
        """The JSON answer of the server's REST API, or None when it does not answer."""
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {TOKEN}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                body = answer.read()
        except (urllib.error.URLError, OSError):
            return None
        return json.loads(body) if body else {}

    def shut_kernels_down(self):
        for session in self.api("sessions") or []:
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self):
        if self.process.poll() is None:
            self.api("shutdown", method="POST")      # the server shuts its kernels down and exits
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()




def screenshot_pages(pages, name):
    """Save a PNG of each page in build/browser-test/ (a page that is gone is skipped, with a note)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    for number, page in enumerate(pages):
        try:
            page.screenshot(path=str(SHOTS / f"{safe}-{number}.png"))
        except Exception as error:  # noqa: BLE001  (a closed page must not hide the test's own failure)
            print(f"no screenshot of page {number}: {error}")
