"""Write JupyterLab's settings overrides into an environment: no news pop-up, no update check.

Usage: python tools/lab_settings.py   (course.py runs it with the environment's Python at set-up)
"""

import json
import os
import sys

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_overrides(prefix):
    """Merge OVERRIDES into prefix/share/jupyter/lab/settings/overrides.json; return its path."""
    path = os.path.join(prefix, "share", "jupyter", "lab", "settings", "overrides.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    current = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            current = json.load(handle)
    current.update(OVERRIDES)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(current, indent=2) + "\n")
    return path


if __name__ == "__main__":
    written = write_overrides(sys.prefix)
    print("JupyterLab settings written: " + os.path.relpath(written, sys.prefix))
