"""Write one self-contained HTML slide deck per notebook: reveal.js and MathJax inlined, no network.

Usage: python tools/slides.py [--out DIR] NOTEBOOK...   (python course.py slides runs it on every notebook)

reveal.js and MathJax come from the npm registry at the versions that tools/decks/package-lock.json pins:
the first run installs them with `npm ci` into build/decks-npm/ (so it needs node and npm; an instructor's
tool, students never run it). Each deck is one HTML file holding its slides, figures, scripts, styles and
fonts: it opens from a USB stick in any browser, offline. A deck is checked as it is written: it must
refer to nothing over the network and have one slide per screen of the notebook's slide metadata.
"""

import argparse
import filecmp
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DECKS = os.path.join(ROOT, "tools", "decks")            # package.json, package-lock.json, the template
NPM_DIR = os.path.join(ROOT, "build", "decks-npm")      # where npm ci installs them
OUT_DIR = os.path.join(ROOT, "build", "slides")
NPM_FILES = ("package.json", "package-lock.json")
# What a deck inlines, relative to node_modules.
# white.css carries its fonts as data: URLs (other themes @import Google Fonts); tex-svg-full.js holds every
# TeX extension and draws glyphs as SVG paths, so MathJax loads nothing more.
ASSETS = {
    "reveal_css": "reveal.js/dist/reveal.css",
    "theme_css": "reveal.js/dist/theme/white.css",
    "reveal_js": "reveal.js/dist/reveal.js",
    "notes_js": "reveal.js/dist/plugin/notes.js",
    "mathjax_js": "mathjax/es5/tex-svg-full.js",
}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NETWORK = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)   # http://, https://, //host, ftp://
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE | re.DOTALL)


class SlidesError(Exception):
    """A problem the user can fix: printed as one `error:` line, exit status 2."""


# ---------------------------------------------------------------- what a deck should hold

def slide_type(cell):
    return (cell.get("metadata", {}).get("slideshow") or {}).get("slide_type") or "-"


def expected_slides(notebook):
    """The number of screens nbconvert's slides exporter makes of a notebook (a dict read from .ipynb).

    The first cell that is neither skipped nor a speaker note opens the first screen, whatever its type;
    after it, each slide or subslide cell opens one more.
    """
    cells = notebook["cells"]
    shown = [i for i, cell in enumerate(cells) if slide_type(cell) not in ("skip", "notes")]
    if not shown:
        return 0
    return 1 + sum(slide_type(cell) in ("slide", "subslide") for cell in cells[shown[0] + 1:])


class _DeckParser(html.parser.HTMLParser):
    """Collects the screens (a <section> in a <section>) and every URL a deck would load."""

    LOADS = {"script": ("src",), "img": ("src",), "iframe": ("src",), "embed": ("src",), "audio": ("src",),
             "video": ("src", "poster"), "source": ("src", "srcset"), "track": ("src",), "object": ("data",),
             "input": ("src",)}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.screens = 0
        self.urls = []          # (where, url)
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.depth += 1
            self.screens += self.depth == 2
        elif tag == "link" and attrs.get("href"):
            # stylesheets, fonts (preload), icons: everything but a plain <a href> loads something
            self.urls.append((f"<link rel={attrs.get('rel', '')}> href", attrs["href"]))
        elif tag == "style":
            self.in_style = True
        for name in self.LOADS.get(tag, ()):
            if attrs.get(name):
                self.urls.append((f"<{tag}> {name}", attrs[name]))
        if attrs.get("style"):
            self.urls += [(f"<{tag}> style", url) for url in css_urls(attrs["style"])]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "section":
            self.depth -= 1

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1
        elif tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += [("<style>", url) for url in css_urls(data)]


def css_urls(css):
    """The URLs of url(...) and @import in a piece of CSS."""
    return [match.group(2) if match.group(2) is not None else match.group(4)
            for match in CSS_URL.finditer(css)]


def parse_deck(text):
    parser = _DeckParser()
    parser.feed(text)
    parser.close()
    return parser


def network_references(text):
    """Everything a deck (HTML text) would fetch over the network, as 'where: url' strings.

    Scripts, stylesheets and other <link>s, images and media, @import and url() in <style> and style="".
    Links that a reader follows (<a href>) are not fetched and not listed.
    """
    return [f"{where}: {url}" for where, url in parse_deck(text).urls if NETWORK.match(url)]


def count_slides(text):
    """The number of screens of a deck: nbconvert nests each screen's <section> in its slide's <section>."""
    return parse_deck(text).screens


# ---------------------------------------------------------------- building

def npm_install(npm_dir=NPM_DIR, decks=DECKS, run=subprocess.run, which=shutil.which, say=print):
    """Install the pinned reveal.js and MathJax with npm ci unless they are there; return node_modules."""
    modules = os.path.join(npm_dir, "node_modules")
    current = os.path.isdir(modules) and all(
        os.path.isfile(os.path.join(npm_dir, name))
        and filecmp.cmp(os.path.join(decks, name), os.path.join(npm_dir, name), shallow=False)
        for name in NPM_FILES)
    if current and all(os.path.isfile(os.path.join(modules, path)) for path in ASSETS.values()):
        return modules
    npm = which("npm")
    if npm is None:
        raise SlidesError("the slide decks need node and npm, to install reveal.js and MathJax once (an "
                          "instructor's tool: the notebooks and make test do not need them): install Node.js "
                          "(https://nodejs.org, or apt-get install nodejs npm) and run the command again")
    os.makedirs(npm_dir, exist_ok=True)
    for name in NPM_FILES:
        shutil.copyfile(os.path.join(decks, name), os.path.join(npm_dir, name))
    say("installing reveal.js and MathJax with npm ci into " + os.path.relpath(npm_dir, ROOT))
    result = run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=npm_dir, check=False)
    if result.returncode != 0:
        raise SlidesError(f"npm ci failed with exit status {result.returncode} (its messages are above): "
                          "check that npm can reach its registry (npm config get registry)")
    return modules


def read_assets(modules):
    """The text of each file in ASSETS, with '</script' made harmless for an inline <script>."""
    assets = {}
    for key, path in ASSETS.items():
        with open(os.path.join(modules, path), encoding="utf-8") as handle:
            text = handle.read()
        assets[key] = text.replace("</script", "<\\/script") if key.endswith("_js") else text
    return assets


def without_widgets(notebook):
    """A copy whose outputs show their picture or text in place of a live widget (no kernel in a deck)."""
    notebook = json.loads(json.dumps(notebook))
    notebook["metadata"].pop("widgets", None)
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]
    return notebook


def render_deck(notebook, name, assets):
    """The HTML of one deck; notebook is a dict read from .ipynb, name its file name without .ipynb."""
    import nbformat
    from nbconvert import SlidesExporter

    rise = notebook.get("metadata", {}).get("rise", {})
    title = next((line.lstrip("# ").strip() for cell in notebook["cells"] if cell["cell_type"] == "markdown"
                  for line in "".join(cell["source"]).splitlines() if line.startswith("# ")), name)
    offline = dict(assets, title=title, language="zh-CN", transition=rise.get("transition", "none"),
                   width=rise.get("width", 1280), height=rise.get("height", 800),
                   scroll=bool(rise.get("scroll", True)))
    exporter = SlidesExporter(extra_template_basedirs=[DECKS], template_name="offline")
    node = nbformat.reads(json.dumps(without_widgets(notebook)), as_version=4)   # sources as strings
    body, _ = exporter.from_notebook_node(node, resources={"offline": offline, "metadata": {"name": name}})
    return body


def deck_name(notebook_path, notebooks_root):
    """build/slides/ keeps the folders under notebooks/: notebooks/zh/01_x.ipynb -> zh/01_x.html."""
    relative = os.path.relpath(os.path.abspath(notebook_path), notebooks_root)
    if relative.startswith(os.pardir):
        relative = os.path.basename(notebook_path)
    return os.path.splitext(relative)[0] + ".html"


def build(paths, out_dir=OUT_DIR, modules=None, say=print):
    """Write and check one deck per notebook; return [(deck path, slides, bytes)]."""
    assets = read_assets(modules or npm_install(say=say))
    written = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            notebook = json.load(handle)
        target = os.path.join(out_dir, deck_name(path, os.path.join(ROOT, "notebooks")))
        text = render_deck(notebook, os.path.splitext(os.path.basename(path))[0], assets)
        problems = network_references(text)
        wanted, found = expected_slides(notebook), count_slides(text)
        if found != wanted:
            problems.append(f"{found} slides, expected {wanted} from the slide metadata")
        if problems:
            raise SlidesError("{} is not an offline deck of its notebook: {}".format(
                os.path.relpath(target, ROOT), "; ".join(problems)))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
        size = os.path.getsize(target)
        say(f"{os.path.relpath(target, ROOT)}: {found} slides, {size / 1e6:.1f} MB")
        written.append((target, found, size))
    return written


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise SlidesError(message + " (usage: python tools/slides.py [--out DIR] NOTEBOOK...)")


def main(argv=None):
    parser = Parser(prog="tools/slides.py", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT_DIR, help="folder for the decks (default build/slides)")
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not (path.endswith(".ipynb") and os.path.isfile(path)):
            raise SlidesError(f"expected a notebook file (.ipynb), got {path!r}")
    build(args.notebooks, args.out)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SlidesError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
