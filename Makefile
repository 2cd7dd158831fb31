# Two commands: `make lab` (set up, then open the notebooks) and `make test` (set up, then run every test).
# Every target calls course.py, which does the same on Windows without make (`py course.py lab`):
# it creates .venv when it is missing and refreshes it when requirements.txt, pyproject.toml or
# tools/lab_settings.py change.

PYTHON ?= python3
PORT   ?= 8888
# Extra pytest arguments for test, unit and nbval, e.g. make unit ARGS="-x -q -k course"
ARGS   ?=
COURSE := $(PYTHON) course.py

.PHONY: setup lab test unit nbval lint execute slides browser-test hub-env hub-test clean

setup:
	$(COURSE) setup

lab:
	$(COURSE) lab --port $(PORT)

test:
	$(COURSE) test $(ARGS)

unit:
	$(COURSE) unit $(ARGS)

nbval:
	$(COURSE) nbval $(ARGS)

# ruff, pinned in requirements.txt and configured in pyproject.toml, over the Python files and notebooks.
lint:
	$(COURSE) lint

# Re-execute every notebook top to bottom in a fresh kernel and store the outputs in place.
execute:
	$(COURSE) execute

# For instructors. One self-contained HTML deck per notebook in build/slides (needs node and npm once).
slides:
	$(COURSE) slides

# For instructors and CI: JupyterLab, the widgets, RISE and the decks in Chromium (needs /usr/bin/chromium).
browser-test:
	$(COURSE) browser-test $(ARGS)

# For a class server (docs/class-server.md): install the course into JupyterHub's shared user environment,
# e.g. make hub-env HUB_PYTHON=/opt/tljh/user/bin/python
HUB_PYTHON ?= /opt/tljh/user/bin/python
hub-env:
	$(COURSE) hub-env --python $(HUB_PYTHON)

# For CI: a real JupyterHub on 127.0.0.1, ten students running notebook 02 at once (needs npm; a few
# minutes), e.g. make hub-test ARGS="--students 4 --notebook 04"
hub-test:
	$(COURSE) hub-test $(ARGS)

clean:
	$(COURSE) clean

# For instructors: the notebooks with every exercise solved, executed, in build/solutions/.
.PHONY: solutions
solutions:
	$(COURSE) solutions
