"""Write JupyterLab's settings overrides into the environment: no news pop-up, no update check."""

import json
import pathlib
import sys

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

path = pathlib.Path(sys.prefix, "share", "jupyter", "lab", "settings", "overrides.json")
path.parent.mkdir(parents=True, exist_ok=True)
current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
current.update(OVERRIDES)
path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
print(f"JupyterLab settings written: {path.relative_to(sys.prefix)}")
