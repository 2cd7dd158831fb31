"""What a student and an instructor do, in Chromium: every notebook runs in JupyterLab without an error,
the widgets answer, RISE shows the slides, and the decks of `make slides` work with the network off."""

import contextlib
import json
import time
from pathlib import Path

import pytest
from course_browser import TOKEN, notebooks, notebooks_calling, read_notebook, screenshot_pages, slides

RUN_ALL_SECONDS = 600           # notebook 04 trains its models in about a minute on 2 cores
ACTIVE_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
INDICATOR = ACTIVE_PANEL + " .jp-Notebook-ExecutionIndicator"
ERROR_MIME = "application/vnd.jupyter.stderr"    # how JupyterLab draws tracebacks (and warnings)


# ---------------------------------------------------------------- JupyterLab

def open_notebook(page, lab, relative):
    """Open a notebook in a fresh workspace and wait until its kernel is idle."""
    page.goto(f"{lab.url}/lab/tree/{relative}?token={TOKEN}&reset")
    page.wait_for_function("[...document.querySelectorAll('.jp-StatusBar-TextItem')]"
                           ".some(item => / \\| Idle$/.test(item.textContent))", timeout=120_000)


def menu(page, name, command):
    page.click(f".lm-MenuBar-itemLabel:text-is('{name}')")
    page.click(f"li.lm-Menu-item[data-command='{command}']")


def run_all(page):
    """Clear every output, Run All, and wait until the notebook's last scheduled cell has finished.

    JupyterLab draws only the cells near the viewport, so the toolbar's execution indicator (busy while
    any cell Run All scheduled is pending) tells when the run is over, not the prompts.
    """
    menu(page, "Edit", "editmenu:clear-all")
    menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(f"document.querySelector('{INDICATOR}').dataset.status === 'busy'", timeout=30_000)
    page.wait_for_function(f"document.querySelector('{INDICATOR}').dataset.status === 'idle'",
                           timeout=RUN_ALL_SECONDS * 1000, polling=500)


def saved_notebook(page, lab, relative):
    """Save the notebook from JupyterLab and read the copy it wrote (the repository's file is untouched)."""
    path = lab.course / "notebooks" / relative
    before = path.stat().st_mtime_ns
    page.click(ACTIVE_PANEL + " .jp-Toolbar [data-command='docmanager:save']")
    deadline = time.monotonic() + 60
    while path.stat().st_mtime_ns == before:
        assert time.monotonic() < deadline, f"JupyterLab did not save {relative}"
        time.sleep(0.5)
    time.sleep(0.5)   # let the write finish
    return json.loads(path.read_text(encoding="utf-8"))


def problems_in(notebook):
    """Code cells that did not run, and error outputs outside cells tagged raises-exception."""
    problems = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        if cell.get("execution_count") is None:
            problems.append(f"cell {index} did not run")
        if "raises-exception" in cell["metadata"].get("tags", []):
            continue
        for output in cell["outputs"]:
            if output["output_type"] == "error":
                problems.append(f"cell {index}: {output['ename']}: {output['evalue']}")
    return problems


def scroll_to(page, selector, tries=400):
    """Scroll the notebook down until `selector` is drawn (JupyterLab draws cells near the viewport)."""
    locator = page.locator(ACTIVE_PANEL + " " + selector)
    page.evaluate(f"document.querySelector('{ACTIVE_PANEL} .jp-WindowedPanel-outer').scrollTop = 0")
    for _ in range(tries):
        if locator.count():
            locator.first.scroll_into_view_if_needed()
            return locator.first
        page.evaluate(f"(() => {{ const outer = document.querySelector('{ACTIVE_PANEL} "
                      f".jp-WindowedPanel-outer'); outer.scrollTop += outer.clientHeight * 0.6; }})()")
        page.wait_for_timeout(100)
    raise AssertionError(f"{selector} is not in the notebook")


@pytest.fixture
def lab_page(new_page, lab):
    page = new_page()
    yield page
    lab.shut_kernels_down()


@pytest.mark.parametrize("relative", notebooks())
def test_run_all_gives_no_error(lab_page, lab, relative):
    open_notebook(lab_page, lab, relative)
    run_all(lab_page)
    notebook = saved_notebook(lab_page, lab, relative)
    problems = problems_in(notebook)
    if problems:   # bring the first traceback into view for the failure's screenshot
        with contextlib.suppress(AssertionError):
            scroll_to(lab_page, f".jp-OutputArea-output[data-mime-type='{ERROR_MIME}']", tries=200)
    assert problems == []
    assert sum(cell["cell_type"] == "code" for cell in notebook["cells"]) > 0


def image_of(widget):
    """The src of the figure a widget's output area shows now."""
    return widget.locator("img").first.get_attribute("src")


@pytest.mark.parametrize("relative", notebooks_calling("kernel_explorer"))
def test_kernel_slider_changes_the_figure(lab_page, lab, relative):
    open_notebook(lab_page, lab, relative)
    run_all(lab_page)
    explorer = scroll_to(lab_page, ".widget-interact")
    explorer.locator("img").first.wait_for(timeout=60_000)
    before = image_of(explorer)
    readout = explorer.locator(".widget-slider .widget-readout").first
    lab_page.wait_for_function("readout => readout.textContent.trim() !== ''",   # drawn, not only created
                               arg=readout.element_handle(), timeout=30_000)
    start = readout.inner_text()
    explorer.locator(".widget-slider .noUi-handle").first.focus()
    for _ in range(6):                     # six steps of 0.05 on the log10 scale: h times 2
        lab_page.keyboard.press("ArrowRight")
    lab_page.wait_for_function("([readout, start]) => readout.textContent !== start",
                               arg=[readout.element_handle(), start], timeout=30_000)
    lab_page.wait_for_function("([widget, before]) => { const img = widget.querySelector('img');"
                               " return img !== null && img.src !== before; }",
                               arg=[explorer.element_handle(), before], timeout=60_000)
    assert float(readout.inner_text()) > float(start)
    assert image_of(explorer) != before


@pytest.mark.parametrize("relative", notebooks_calling("translation_explorer"))
def test_translation_box_translates_what_is_typed(lab_page, lab, relative):
    open_notebook(lab_page, lab, relative)
    run_all(lab_page)
    box = scroll_to(lab_page, "input[placeholder='Type an English sentence and press Enter']")
    explorer = box.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
    explorer.locator("img").first.wait_for(timeout=60_000)
    before = image_of(explorer)
    box.fill("Our coffee is cold.")           # a sentence of the corpus's training set
    box.press("Enter")
    output = explorer.locator(".widget-output")
    output.get_by_text("English: our coffee is cold .").wait_for(timeout=60_000)
    lab_page.wait_for_function("([widget, before]) => { const img = widget.querySelector('img');"
                               " return img !== null && img.src !== before; }",
                               arg=[explorer.element_handle(), before], timeout=60_000)
    text = output.inner_text()
    french = [line for line in text.splitlines() if line.startswith("French:")]
    assert len(french) == 1 and len(french[0].split()) > 1, text
    assert "(nothing" not in french[0], text
    assert explorer.locator("img").first.bounding_box()["height"] > 100   # the heatmap is drawn


@pytest.mark.parametrize("relative", notebooks())
def test_rise_shows_the_slides(lab_page, lab, relative):
    open_notebook(lab_page, lab, relative)
    lab_page.click(ACTIVE_PANEL + " .jp-Toolbar [data-command='RISE:preview']")
    frame = None
    deadline = time.monotonic() + 60
    while frame is None:
        frame = next((f for f in lab_page.frames if "/rise/" in f.url), None)
        assert frame is not None or time.monotonic() < deadline, "the RISE panel did not open"
        lab_page.wait_for_timeout(250)
    frame.wait_for_selector(".reveal.ready .slides > section > section", timeout=60_000)
    screens = frame.evaluate("document.querySelectorAll('.reveal .slides > section > section').length")
    assert screens == slides.expected_slides(read_notebook(relative))
    title = next(line[2:].strip() for cell in read_notebook(relative)["cells"]
                 if cell["cell_type"] == "markdown"
                 for line in "".join(cell["source"]).splitlines() if line.startswith("# "))
    heading = frame.locator(".reveal .slides section.present h1").first.inner_text()
    assert " ".join(heading.replace("¶", "").split()).lower() == " ".join(title.split()).lower()


# ---------------------------------------------------------------- the offline decks of make slides

def deck_of(relative):
    """The deck make slides wrote for a notebook (given relative to notebooks/)."""
    return Path(slides.OUT_DIR) / Path(relative).with_suffix(".html")


@pytest.mark.parametrize("relative", notebooks())
def test_deck_holds_every_slide_and_loads_nothing(relative):
    deck = deck_of(relative)
    assert deck.is_file(), f"{deck} is missing: run make slides"
    text = deck.read_text(encoding="utf-8")
    assert slides.network_references(text) == []
    assert slides.count_slides(text) == slides.expected_slides(read_notebook(relative))


@pytest.mark.parametrize("relative", notebooks())
def test_deck_shows_its_slides_and_maths_offline(new_page, relative):
    deck = deck_of(relative)
    page = new_page(offline=True)
    attempts, errors = [], []

    def only_files(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            attempts.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=60_000)
    page.evaluate("MathJax.startup.promise")
    assert page.evaluate("Reveal.getTotalSlides()") == slides.expected_slides(read_notebook(relative))
    has_maths = any("$" in "".join(cell["source"]) for cell in read_notebook(relative)["cells"]
                    if cell["cell_type"] == "markdown")
    assert (page.evaluate("document.querySelectorAll('mjx-container').length") > 0) == has_maths
    assert page.evaluate("document.querySelectorAll('mjx-merror').length") == 0
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 1
    assert attempts == []
    assert errors == []
    screenshot_pages([page], "deck-" + relative.replace("/", "-"))   # to look at: Chinese, maths, figures

