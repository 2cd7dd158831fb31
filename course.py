"""Set up the course environment and run it: the same two commands on Windows, macOS and Linux.

    python course.py lab     set up (first time only), then open the notebooks in JupyterLab
    python course.py test    set up (first time only), then run every test, notebooks included

On Windows type `py course.py lab`. Other commands: setup, unit, nbval, lint, execute, clean; for instructors,
solutions (the notebooks with the exercises solved), slides (offline HTML decks, needs node and npm)
and browser-test (drives Chromium, needs it installed); for a class server (docs/class-server.md),
hub-env (install the course into a JupyterHub's shared user environment), hub-copy (what each student's
server runs at start: the notebooks into their home) and hub-test (a load test with a real JupyterHub).
`make lab`, `make test` and the other make targets call this script.

Set-up creates `.venv` with the Python that runs this script, installs the pins of requirements.txt
and the course's helpers package (editable), and writes JupyterLab's settings. It runs again only
when requirements.txt, pyproject.toml or tools/lab_settings.py change (a stamp in .venv records a
hash of them). Before installing anything it checks the Python version, the platform, the free disk
space and that pip can reach a package index, and says what to do when one of them fails.

TORCH_INDEX_URL (environment variable, first set-up only): install torch from that index, e.g. PyTorch's
CPU-only builds, https://download.pytorch.org/whl/cpu.
"""

import argparse
import glob
import hashlib
import http.client
import json
import os
import platform
import shutil
import ssl
import stat
import struct
import subprocess
import sys
import sysconfig
import threading
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = ".venv"
STAMP = ".course-stamp"
# What set-up installs from: a change to any of them makes set-up run again.
STAMP_INPUTS = ("requirements.txt", "pyproject.toml", os.path.join("tools", "lab_settings.py"))
# The Python and platform rules below were read off the wheels that torch==TORCH_CHECKED and the other
# pins publish; tests/test_course.py fails when requirements.txt pins another torch.
TORCH_CHECKED = "2.13.0"
# numpy 2.4.6, matplotlib 3.11.2 and ipykernel 7.4.0 require Python >= 3.11; the newest Python that
# numpy, matplotlib and torch 2.13.0 all publish wheels for is 3.14.
PYTHON_MIN = (3, 11)
PYTHON_MAX = (3, 14)
# A fresh .venv takes 1.4 GB (CPU build of PyTorch, JupyterLab); pip needs room for the downloads too.
FRESH_INSTALL_BYTES = 3 * 10**9
REFRESH_BYTES = 5 * 10**8
DEFAULT_INDEX = "https://pypi.org/simple"
PROBE_SECONDS = 5.0
CHROMIUM = "/usr/bin/chromium"   # Debian's; the browser test never downloads a browser
PIP_INSTALL = ["-m", "pip", "install", "--disable-pip-version-check", "-q"]
# nbval re-runs the English notebooks. The Chinese twins in notebooks/zh hold the same code cells and
# outputs, which tests/test_editions.py checks cell for cell, so running them too would only double the time.
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
         "--nbval-cell-timeout", "300", "--ignore", os.path.join("notebooks", "zh")]
TRUE_WORDS = ("1", "true", "yes", "on")
# A class server (hub-env, hub-copy): where each student's copy of the notebooks goes, in their home,
# and the file in it that records what was copied, so that an update never overwrites a student's work.
HUB_FOLDER = "attention-course"
HUB_MANIFEST = ".course-copy.json"
HUB_THREADS = "1"   # OMP_NUM_THREADS in a student's server when the hub sets none
SERVER_CONFIG = os.path.join("etc", "jupyter", "jupyter_server_config.py")
CONFIG_BEGIN = "# >>> attention course: written by course.py hub-env >>>"
CONFIG_END = "# <<< attention course <<<"


# The commands whose extra arguments go to pytest (or to the load test), e.g. course.py unit --slow -m slow
PYTEST_COMMANDS = ("test", "unit", "nbval", "browser-test", "hub-test")


class CourseError(Exception):
    """A problem the student can fix: printed as one `error:` line, exit status 2."""


class StepFailed(Exception):
    """A command that set-up or a target ran failed; its own messages are above."""


# ---------------------------------------------------------------- paths and the staleness rule

def venv_python(venv, os_name=None):
    """The venv's interpreter: Scripts\\python.exe on Windows, bin/python elsewhere."""
    if (os_name or os.name) == "nt":
        return os.path.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def stamp_text(root):
    """A hash of the files set-up installs from, and of where the checkout lies."""
    digest = hashlib.sha256()
    digest.update(os.path.normcase(os.path.abspath(root)).encode("utf-8"))
    for name in STAMP_INPUTS:
        path = os.path.join(root, name)
        try:
            with open(path, "rb") as handle:
                content = handle.read()
        except OSError:
            raise CourseError("expected the file {} in {}, found none: run this script from a "
                              "checkout of the course".format(name.replace(os.sep, "/"), root)) from None
        digest.update(name.replace(os.sep, "/").encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def recorded_stamp(venv):
    """The stamp the last completed set-up wrote, or None."""
    try:
        with open(os.path.join(venv, STAMP), encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        return None


def is_current(root, os_name=None):
    """True when .venv has an interpreter and was set up from the files as they are now."""
    venv = os.path.join(root, VENV)
    return os.path.isfile(venv_python(venv, os_name)) and recorded_stamp(venv) == stamp_text(root)


# ---------------------------------------------------------------- checks made before installing

def check_python(version=None):
    """The pins have wheels for Python 3.11 to 3.14 only."""
    version = tuple(version or sys.version_info[:3])
    given = ".".join(str(part) for part in version)
    wanted = "{}.{} to {}.{}".format(*(PYTHON_MIN + PYTHON_MAX))
    if version[:2] < PYTHON_MIN:
        raise CourseError(f"Python {given} is too old for the course's pinned packages: they need "
                          f"Python {wanted}; install Python 3.11 or newer and run this script with it "
                          "(Windows: py -3.11 course.py ...)")
    if version[:2] > PYTHON_MAX:
        raise CourseError(f"Python {given} is too new for the course's pinned packages: they need "
                          f"Python {wanted}; install Python 3.12 and run this script with it "
                          "(Windows: py -3.12 course.py ...)")


def check_platform(system=None, machine=None, bits=None, mac_version=None):
    """PyTorch 2.13.0 has wheels for Windows x86-64, macOS 14+ on Apple silicon, Linux x86-64/aarch64."""
    system = system or platform.system()
    if machine is None:
        # On Windows the interpreter's own build (win-amd64, win-arm64, win32) is what pip matches.
        machine = sysconfig.get_platform().split("-")[-1] if system == "Windows" else platform.machine()
    machine = machine.lower()
    bits = bits or 8 * struct.calcsize("P")
    mac_version = platform.mac_ver()[0] if mac_version is None else mac_version
    given = f"{system} on {machine} ({bits}-bit Python)"
    if bits != 64:
        raise CourseError(f"PyTorch needs a 64-bit Python, this is {given}: install the 64-bit Python from "
                          "python.org and run this script with it")
    if system == "Darwin":
        if machine != "arm64":
            raise CourseError(f"PyTorch 2.13.0 has macOS builds for Apple silicon (arm64) only, this is "
                              f"{given}: on an Apple-silicon Mac install the arm64 (universal2) Python "
                              "from python.org; an Intel Mac cannot install it")
        major = mac_version.split(".")[0]
        if major.isdigit() and int(major) < 14:
            raise CourseError(f"PyTorch 2.13.0 needs macOS 14 or newer, this is macOS {mac_version}: "
                              "update macOS")
    elif system == "Windows":
        if machine not in ("amd64", "x86_64"):
            raise CourseError(f"PyTorch 2.13.0 has Windows builds for x86-64 only, this is {given}: use the "
                              "64-bit (x86-64) Python installer from python.org")
    elif system == "Linux":
        if machine not in ("x86_64", "amd64", "aarch64", "arm64"):
            raise CourseError(f"PyTorch 2.13.0 has Linux builds for x86-64 and aarch64 only, this is {given}")
    else:
        raise CourseError(f"PyTorch 2.13.0 has builds for Windows, macOS and Linux only, this is {given}")


def check_disk(path, needed, disk_usage=shutil.disk_usage):
    """Enough free space on the drive that holds path."""
    free = disk_usage(path).free
    if free < needed:
        raise CourseError(f"not enough free disk space to set up: about {needed / 1e9:.1f} GB needed on "
                          f"the drive of {path}, {free / 1e9:.1f} GB free; free some space and run the "
                          "command again")


def check_venv_module():
    """Debian and Ubuntu ship venv's pip support (ensurepip) in a separate package."""
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        raise CourseError("this Python cannot create virtual environments (its venv/ensurepip module is "
                          "missing); on Debian or Ubuntu: sudo apt install python3-venv") from None


def parse_pip_config(text, env=None):
    """Where pip installs from, read from `pip config list` output and the environment.

    Returns a dict: index_url, extra_index_urls, find_links, no_index, proxy. An environment variable
    beats the [install] section of a config file, which beats [global], as in pip.
    """
    env = os.environ if env is None else env
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        section, _, option = key.strip().rpartition(".")
        values[(section, option)] = value.strip().strip("'\"")
    for option in ("index-url", "extra-index-url", "find-links", "no-index", "proxy"):
        variable = "PIP_" + option.upper().replace("-", "_")
        if variable in env:
            values[(":env:", option)] = env[variable]

    def get(option):
        for section in (":env:", "install", "global"):
            if (section, option) in values:
                return values[(section, option)]
        return ""

    return {"index_url": get("index-url") or DEFAULT_INDEX,
            "extra_index_urls": get("extra-index-url").split(),
            "find_links": get("find-links").split(),
            "no_index": get("no-index").lower() in TRUE_WORDS,
            "proxy": get("proxy")}


def read_pip_config(python):
    """`pip config list` of the given interpreter (its files and PIP_* variables)."""
    result = subprocess.run([python, "-m", "pip", "config", "list"], check=False, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    return result.stdout if result.returncode == 0 else ""


def probe_location(location, timeout=PROBE_SECONDS, proxy="", project=None):
    """None when pip could install from location, else why not.

    A local folder must exist. An HTTP index must serve the page of `project` (PEP 503:
    INDEX/project/); any other URL must answer. The probe gives up after `timeout` seconds.
    """
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme in ("http", "https"):
        url = location.rstrip("/") + "/" + project + "/" if project else location
        outcome = []
        handlers = [urllib.request.ProxyHandler({"http": proxy, "https": proxy})] if proxy else []
        opener = urllib.request.build_opener(*handlers)

        def fetch():
            request = urllib.request.Request(url, method="HEAD",
                                             headers={"User-Agent": "course.py set-up check"})
            try:
                opener.open(request, timeout=timeout).close()
                outcome.append(None)
            except urllib.error.HTTPError as error:
                # 401/403: the index wants credentials, which pip may have (keyring, netrc).
                outcome.append(None if error.code in (401, 403) else f"HTTP {error.code} for {url}")
            except urllib.error.URLError as error:
                reason = error.reason
                # A certificate that does not verify here may verify for pip, which has its own
                # certificate store: let pip judge rather than refuse a set-up that would work.
                outcome.append(None if isinstance(reason, ssl.SSLError) else str(reason))
            except ssl.SSLError:
                outcome.append(None)
            except (OSError, ValueError, http.client.HTTPException) as error:  # timeouts, resets
                outcome.append(str(error) or type(error).__name__)

        # A thread bounds the whole probe, name lookup included, which urlopen's timeout does not.
        worker = threading.Thread(target=fetch, daemon=True)
        worker.start()
        worker.join(timeout + 1)
        if not outcome:
            return f"no answer in {timeout:g} s"
        return outcome[0]
    if parsed.scheme == "file":
        path = urllib.request.url2pathname(parsed.path)
    elif len(parsed.scheme) > 1:
        return "not a URL pip can use"
    else:
        path = location  # a plain folder (find-links), or a Windows path such as C:\\wheels
    return None if os.path.exists(path) else "no such folder"


def check_index(config_text, env=None, probe=probe_location):
    """pip can reach somewhere to install from; TORCH_INDEX_URL, when set, must answer too."""
    env = os.environ if env is None else env
    config = parse_pip_config(config_text, env)
    hint = ("connect to the internet, or point pip at a reachable mirror (set PIP_INDEX_URL, or run "
            "pip config set global.index-url URL), then run the command again; nothing was installed")
    torch_index = env.get("TORCH_INDEX_URL", "").strip()
    if torch_index:
        why = probe(torch_index, PROBE_SECONDS, config["proxy"], "torch")
        if why:
            raise CourseError(f"TORCH_INDEX_URL {torch_index} cannot be reached ({why}): {hint}")
    indexes = [] if config["no_index"] else [config["index_url"]] + config["extra_index_urls"]
    # Every index serves pip's own page; a find-links location is a folder or a page of links.
    locations = [(index, "pip") for index in indexes] + [(links, None) for links in config["find_links"]]
    if not locations:
        raise CourseError("pip has nowhere to install from (no-index is set and no find-links): unset "
                          "PIP_NO_INDEX, or give PIP_FIND_LINKS a folder of wheels")
    tried = []
    for location, project in locations:
        why = probe(location, PROBE_SECONDS, config["proxy"], project)
        if why is None:
            return location
        tried.append(f"{location} ({why})")
    raise CourseError("pip cannot reach a package index: tried {}: {}".format("; ".join(tried), hint))


# ---------------------------------------------------------------- set-up

def torch_pin(root):
    """The torch requirement line of requirements.txt, e.g. torch==2.13.0."""
    with open(os.path.join(root, "requirements.txt"), encoding="utf-8") as handle:
        for line in handle:
            if line.strip().startswith("torch=="):
                return line.strip()
    raise CourseError("expected a line torch==VERSION in requirements.txt, found none")


def remove_tree(path):
    """shutil.rmtree that also removes read-only files (Windows)."""
    def clear_readonly(function, failed, _):
        os.chmod(failed, stat.S_IWRITE)
        function(failed)
    shutil.rmtree(path, onerror=clear_readonly)


def run_step(command, cwd):
    """Run one set-up step; StepFailed when it exits non-zero."""
    code = subprocess.call(command, cwd=cwd)
    if code != 0:
        raise StepFailed("{} failed with exit status {}".format(" ".join(command[1:4]), code))


def install_course(python, root, env, run):
    """Install the pins (torch from TORCH_INDEX_URL when set), helpers (editable) and the lab settings."""
    torch_index = env.get("TORCH_INDEX_URL", "").strip()
    if torch_index:
        run([python] + PIP_INSTALL + [torch_pin(root), "--index-url", torch_index], root)
    run([python] + PIP_INSTALL + ["-r", "requirements.txt"], root)
    run([python] + PIP_INSTALL + ["--no-deps", "-e", "."], root)
    run([python, os.path.join("tools", "lab_settings.py")], root)


def setup(root=ROOT, run=run_step, env=None, os_name=None, python=None, version=None,
          platform_check=check_platform, disk_usage=shutil.disk_usage, pip_config=read_pip_config,
          probe=probe_location, say=print):
    """Create or refresh root/.venv when it is missing or stale; return its interpreter's path."""
    env = os.environ if env is None else env
    venv = os.path.join(root, VENV)
    venv_py = venv_python(venv, os_name)
    stamp = stamp_text(root)
    if is_current(root, os_name):
        return venv_py
    creating = not os.path.isfile(venv_py)
    if creating:
        check_python(version)
        platform_check()
        check_venv_module()
    check_disk(root, FRESH_INSTALL_BYTES if creating else REFRESH_BYTES, disk_usage)
    if creating:
        if os.path.exists(venv):
            say(f"{VENV} has no {os.path.relpath(venv_py, venv)}: making it again")
            remove_tree(venv)
        say("creating {} with Python {}".format(VENV, ".".join(map(str, (version or sys.version_info)[:3]))))
        run([python or sys.executable, "-m", "venv", venv], root)
    elif recorded_stamp(venv) is None:
        say(f"the last set-up of {VENV} did not finish: finishing it")
    else:
        say("requirements.txt, pyproject.toml or tools/lab_settings.py changed: refreshing " + VENV)
    check_index(pip_config(venv_py), env, probe)
    say(f"installing the pinned packages into {VENV} (the first time takes a few minutes)")
    install_course(venv_py, root, env, run)
    with open(os.path.join(venv, STAMP), "w", encoding="utf-8") as handle:
        handle.write(stamp + "\n")
    say("environment ready in " + VENV)
    return venv_py


# ---------------------------------------------------------------- a class server (JupyterHub)

def query_python(python):
    """The (major, minor, micro) version and sys.prefix of another interpreter."""
    script = "import json, sys; print(json.dumps([list(sys.version_info[:3]), sys.prefix]))"
    try:
        result = subprocess.run([python, "-c", script], check=False, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
    except OSError as error:
        raise CourseError(f"--python {python}: cannot run it ({error.strerror})") from None
    try:
        version, prefix = json.loads(result.stdout)
    except ValueError:
        raise CourseError(f"--python {python}: expected a Python interpreter, it printed no version"
                          ) from None
    return tuple(version), prefix


def server_config_block(root, folder=HUB_FOLDER, threads=HUB_THREADS):
    """The lines hub-env writes into the environment's jupyter_server_config.py.

    A server that JupyterHub starts (JUPYTERHUB_USER is set) runs `course.py hub-copy` as its student
    before it serves anything, and gives its kernels OMP_NUM_THREADS unless the hub set it.
    """
    course_py = os.path.join(os.path.abspath(root), "course.py")
    return "\n".join([
        CONFIG_BEGIN,
        "# Rewritten by every hub-env run; the rest of this file is left as it is.",
        "def _attention_course():",
        "    import os",
        "    import subprocess",
        "    import sys",
        "    if 'JUPYTERHUB_USER' not in os.environ:",
        "        return",
        f"    os.environ.setdefault('OMP_NUM_THREADS', {threads!r})",
        f"    folder = os.path.join(os.path.expanduser('~'), {folder!r})",
        "    try:  # the server starts even when the copy fails; the reason goes to its log",
        f"        subprocess.run([sys.executable, {course_py!r}, 'hub-copy', folder],",
        "                       check=False, timeout=120)",
        "    except (OSError, subprocess.SubprocessError) as error:",
        "        print(f'attention course: notebooks not copied into {folder}: {error}', file=sys.stderr)",
        "",
        "",
        "_attention_course()",
        CONFIG_END,
        ""])


def write_server_config(prefix, root, say=print):
    """Put the course's block into PREFIX/etc/jupyter/jupyter_server_config.py, keeping anything else."""
    path = os.path.join(prefix, SERVER_CONFIG)
    text = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    begin, end = text.find(CONFIG_BEGIN), text.find(CONFIG_END)
    if begin >= 0 and end > begin:
        text = text[:begin] + text[end + len(CONFIG_END):].lstrip("\n")
    text = text.rstrip("\n")
    text = (text + "\n\n" if text else "") + server_config_block(root)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    say("each student's server copies the notebooks at start: " + path)
    return path


def hub_env(prefix=None, python=None, root=ROOT, run=run_step, env=None, os_name=None, query=query_python,
            platform_check=check_platform, disk_usage=shutil.disk_usage, pip_config=read_pip_config,
            probe=probe_location, say=print):
    """Install the course into a JupyterHub's shared user environment; return its interpreter.

    Give the environment's folder (prefix: created as a venv when missing) or its interpreter (python).
    Installs requirements.txt, the helpers package (editable, so that data/ is found and `git pull` in
    root updates it), JupyterLab's settings, and the server config that copies the notebooks.
    """
    env = os.environ if env is None else env
    if (prefix is None) == (python is None):
        raise CourseError("expected one of --prefix DIR or --python PATH, the environment to install into")
    if python is None:
        python = venv_python(prefix, os_name)
        if not os.path.isfile(python):
            if os.path.exists(prefix) and os.listdir(prefix):
                raise CourseError(f"--prefix {prefix}: expected a Python environment or a new folder, "
                                  f"found a folder without {os.path.relpath(python, prefix)}; give "
                                  "--python PATH instead")
            check_python()
            platform_check()
            check_venv_module()
            say(f"creating the environment {prefix}")
            run([sys.executable, "-m", "venv", prefix], root)
    elif not os.path.isfile(python):
        raise CourseError(f"--python {python}: no such file; give the environment's interpreter, e.g. "
                          "/opt/tljh/user/bin/python")
    version, env_prefix = query(python)
    check_python(version)
    check_disk(env_prefix, FRESH_INSTALL_BYTES, disk_usage)
    check_index(pip_config(python), env, probe)
    say(f"installing the course into {env_prefix}")
    install_course(python, root, env, run)
    write_server_config(env_prefix, root, say)
    say(f"course installed into {env_prefix}; every student needs read access to {os.path.abspath(root)}")
    return python


def file_digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def copy_notebooks(source, dest, say=print):
    """Copy the course's notebooks into a student's folder without overwriting the student's work.

    A file the student lacks is copied (a deleted one comes back); a file still as it was copied is
    replaced by a newer version; a file the student changed is kept. Returns the relative paths per
    outcome: {"added": [...], "updated": [...], "kept": [...]}.
    """
    if not os.path.isdir(source):
        raise CourseError(f"expected the course's notebooks in {source}, found no such folder")
    manifest_path = os.path.join(dest, HUB_MANIFEST)
    try:
        with open(manifest_path, encoding="utf-8") as handle:
            copied = json.load(handle)
    except (OSError, ValueError):
        copied = {}
    if not isinstance(copied, dict):
        copied = {}
    outcome = {"added": [], "updated": [], "kept": []}
    for folder, subfolders, files in os.walk(source):
        subfolders[:] = sorted(name for name in subfolders
                               if not name.startswith(".") and name != "__pycache__")
        for name in sorted(files):
            if name.startswith("."):
                continue
            relative = os.path.relpath(os.path.join(folder, name), source).replace(os.sep, "/")
            target = os.path.join(dest, *relative.split("/"))
            digest = file_digest(os.path.join(folder, name))
            if os.path.lexists(target):
                if os.path.islink(target) or not os.path.isfile(target):
                    outcome["kept"].append(relative)
                    continue
                current = file_digest(target)
                if current == digest:
                    copied[relative] = digest
                    continue
                if copied.get(relative) != current:   # the student's own version
                    outcome["kept"].append(relative)
                    continue
                outcome["updated"].append(relative)
            else:
                outcome["added"].append(relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            partial = target + ".partial"
            shutil.copyfile(os.path.join(folder, name), partial)
            os.replace(partial, target)
            copied[relative] = digest
    os.makedirs(dest, exist_ok=True)
    with open(manifest_path + ".partial", "w", encoding="utf-8") as handle:
        json.dump(copied, handle, indent=1, sort_keys=True)
    os.replace(manifest_path + ".partial", manifest_path)
    say("course notebooks in {}: {} added, {} updated, {} kept as you changed them{}".format(
        dest, len(outcome["added"]), len(outcome["updated"]), len(outcome["kept"]),
        "".join("\n  kept: " + name for name in outcome["kept"])))
    return outcome


# ---------------------------------------------------------------- commands

def run_foreground(command):
    """Run JupyterLab or pytest to its end and return its exit status."""
    process = subprocess.Popen(command, cwd=ROOT)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            # Ctrl+C reached the child too (same console) and the child decides what to do with it
            # (JupyterLab shuts its kernels down, pytest reports): wait for it rather than kill it.
            continue


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(python, port, root="notebooks", browser=True):
    command = [python, "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", f"--ServerApp.root_dir={root}"]
    if not browser:
        command.append("--ServerApp.open_browser=False")
    if is_root():
        command.append("--allow-root")  # Jupyter refuses to run as root without it (containers, CI)
    return command


def clean(root=ROOT, say=print):
    """Remove .venv and the build and test caches."""
    for path in [os.path.join(root, VENV), os.path.join(root, ".pytest_cache")] + \
            glob.glob(os.path.join(root, "*.egg-info")):
        if os.path.exists(path):
            try:
                remove_tree(path)
            except OSError as error:
                name = os.path.relpath(path, root)
                raise CourseError(f"cannot remove {name} ({error.strerror}): close JupyterLab and any "
                                  "Python using it, then run clean again") from error
            say("removed " + os.path.relpath(path, root))


def port_number(text):
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {text!r}")
    return port


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise CourseError(message + " (see: python course.py --help)")


def build_parser():
    parser = Parser(prog="course.py", description="Set up the course environment and run it.",
                    epilog="Windows: py course.py lab. Extra arguments after test, unit and nbval go to "
                           "pytest, e.g. python course.py unit -x -q")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--no-venv", action="store_true",
                        help="use the Python that runs this script (an activated conda environment) "
                             "instead of .venv; installs nothing")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    lab = commands.add_parser("lab", parents=[common], help="set up, then open the notebooks in JupyterLab")
    lab.add_argument("--port", type=port_number, default=8888, help="JupyterLab's port (default 8888)")
    lab.add_argument("--root", default="notebooks", help="the folder JupyterLab shows (default notebooks)")
    lab.add_argument("--no-browser", action="store_true", help="print the URL, open no browser tab")
    commands.add_parser("test", parents=[common], help="set up, then run every test, notebooks included")
    commands.add_parser("unit", parents=[common], help="set up, then run the tests in tests/ only")
    commands.add_parser("nbval", parents=[common], help="set up, then check the notebooks only")
    commands.add_parser("lint", parents=[common],
                        help="set up, then run ruff (pinned) over the Python files and the notebooks")
    commands.add_parser("execute", parents=[common],
                        help="set up, then re-execute every notebook and store its outputs (the English "
                             "edition, then its code and outputs carried into notebooks/zh/)")
    commands.add_parser("solutions", parents=[common],
                        help="set up, then build the notebooks with the exercises solved, for instructors "
                             "(build/solutions/)")
    commands.add_parser("slides", parents=[common],
                        help="set up, then write an offline HTML slide deck per notebook into build/slides "
                             "(needs node and npm the first time)")
    commands.add_parser("browser-test", parents=[common],
                        help="set up, build the decks, then drive Chromium through JupyterLab and the decks "
                             "(needs Chromium; extra arguments go to pytest)")
    hub = commands.add_parser("hub-env", help="for a class server: install the course into JupyterHub's "
                                              "shared user environment (docs/class-server.md)")
    where = hub.add_mutually_exclusive_group(required=True)
    where.add_argument("--prefix", help="the environment's folder (a new venv is created when it is missing)")
    where.add_argument("--python", help="the environment's interpreter, e.g. /opt/tljh/user/bin/python")
    copy = commands.add_parser("hub-copy", help="copy the notebooks into FOLDER, keeping the files a student "
                                                "changed (each student's server runs it at start)")
    copy.add_argument("folder", help="the student's copy, e.g. ~/" + HUB_FOLDER)
    commands.add_parser("hub-test", help="load test: a real JupyterHub on 127.0.0.1, students running a "
                                         "notebook at once (needs npm; extra arguments go to "
                                         "tools/hub_test.py)")
    commands.add_parser("setup", help="create or refresh .venv, nothing else")
    commands.add_parser("clean", help="remove .venv and the caches")
    return parser


def current_python(lab):
    """--no-venv: the running interpreter, once the course's helpers package is installed in it."""
    python = sys.executable
    has_helpers = "import importlib.util, sys; sys.exit(importlib.util.find_spec('helpers') is None)"
    found = subprocess.call([python, "-c", has_helpers], cwd=os.path.join(ROOT, "notebooks"))
    if found != 0:
        raise CourseError(f"the helpers package is not installed in {python}: with conda run "
                          "conda env create -f environment.yml and conda activate attention-course, or "
                          "pip install -r requirements.txt and pip install -e . in this environment"
                          )
    if lab:
        run_step([python, os.path.join("tools", "lab_settings.py")], ROOT)
    return python


def all_notebooks():
    """Every notebook under notebooks/, editions in subfolders included."""
    found = glob.glob(os.path.join("notebooks", "**", "*.ipynb"), recursive=True)
    return sorted(path for path in found if ".ipynb_checkpoints" not in path.split(os.sep))


def browser_test(python, extra):
    """Install Playwright (pinned in tests/browser/requirements.txt), build the decks, run tests/browser."""
    chromium = os.environ.get("CHROMIUM", CHROMIUM)
    if not os.path.isfile(chromium):
        raise CourseError(f"the browser test drives Chromium, and {chromium} does not exist: install it "
                          "(Debian, Ubuntu: apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM to "
                          "a Chromium or Chrome executable")
    pins = os.path.join("tests", "browser", "requirements.txt")
    with open(os.path.join(ROOT, pins), encoding="utf-8") as handle:
        wanted = [line.strip() for line in handle if "==" in line and not line.startswith("#")]
    check = ("import importlib.metadata as m, sys; sys.exit(any(m.version(n) != v for n, v in "
             f"(pin.split('==') for pin in {wanted!r})))")
    if subprocess.call([python, "-c", check], cwd=ROOT, stderr=subprocess.DEVNULL) != 0:
        print("installing Playwright (its Python package only: the test drives " + chromium + ")")
        run_step([python] + PIP_INSTALL + ["-r", pins], ROOT)
    code = run_foreground([python, os.path.join("tools", "slides.py")] + all_notebooks())
    if code != 0:
        return code
    return run_foreground([python, "-m", "pytest", os.path.join("tests", "browser")] + extra)


def main(argv=None):
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in PYTEST_COMMANDS:
        parser.error("unexpected arguments for {}: {}".format(args.command, " ".join(extra)))
    if args.command == "clean":
        clean()
        return 0
    if args.command == "hub-env":
        hub_env(prefix=args.prefix, python=args.python)
        return 0
    if args.command == "hub-copy":
        copy_notebooks(os.path.join(ROOT, "notebooks"), os.path.abspath(os.path.expanduser(args.folder)))
        return 0
    if args.command == "hub-test":
        # Runs with this Python: the test builds its own shared environment, as an administrator would.
        return run_foreground([sys.executable, os.path.join("tools", "hub_test.py")] + extra)
    if getattr(args, "no_venv", False):
        python = current_python(args.command == "lab")
    else:
        python = setup()
    if args.command == "setup":
        return 0
    if args.command == "lab":
        if not os.path.isdir(os.path.join(ROOT, args.root)):
            raise CourseError(f"--root {args.root}: no such folder")
        command = lab_command(python, args.port, args.root, browser=not args.no_browser)
    elif args.command == "slides":
        command = [python, os.path.join("tools", "slides.py")] + all_notebooks()
    elif args.command == "browser-test":
        return browser_test(python, extra)
    elif args.command == "test":
        command = [python, "-m", "pytest", "tests", "notebooks"] + NBVAL + extra
    elif args.command == "unit":
        command = [python, "-m", "pytest", "tests"] + extra
    elif args.command == "nbval":
        command = [python, "-m", "pytest", "notebooks"] + NBVAL + extra
    elif args.command == "lint":
        command = [python, "-m", "ruff", "check", "."]
    elif args.command == "solutions":
        command = [python, os.path.join("tools", "solutions.py")]
    else:
        notebooks = sorted(glob.glob(os.path.join("notebooks", "*.ipynb")))
        code = run_foreground([python, os.path.join("tools", "execute_notebooks.py")] + notebooks)
        if code != 0:
            return code
        # The Chinese edition (notebooks/zh/) takes the code and outputs just stored, keeping its prose.
        command = [python, os.path.join("tools", "sync_editions.py")] + notebooks
    return run_foreground(command)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except StepFailed as error:
        print(f"error: {error} (its messages are above)", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        sys.exit(130)
