"""course.py, the cross-platform entry point: set-up in a temporary checkout, staleness, error messages."""

import glob
import http.server
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import namedtuple

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("course", os.path.join(ROOT, "course.py"))
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)

Usage = namedtuple("Usage", "total used free")
PLENTY = Usage(10**12, 0, 10**12)
PIP = course.PIP_INSTALL


@pytest.fixture
def checkout(tmp_path):
    """A temporary checkout holding the three files set-up installs from."""
    for name in course.STAMP_INPUTS:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(os.path.join(ROOT, name), target)
    return str(tmp_path)


class FakeRun:
    """Records commands; `-m venv DIR` makes the interpreter file of the given OS's venv layout."""

    def __init__(self, os_name):
        self.os_name = os_name
        self.commands = []

    def __call__(self, command, cwd):
        self.commands.append(list(command))
        if command[1:3] == ["-m", "venv"]:
            python = course.venv_python(command[3], self.os_name)
            os.makedirs(os.path.dirname(python), exist_ok=True)
            open(python, "w").close()


def fake_setup(root, run, **changes):
    """course.setup with every check and command faked; keyword arguments replace any of them."""
    options = {"run": run, "env": {}, "os_name": run.os_name, "python": "base-python",
               "version": (3, 11, 7), "platform_check": lambda: None, "disk_usage": lambda path: PLENTY,
               "pip_config": lambda python: "", "probe": lambda location, timeout, proxy, project: None,
               "say": lambda message: None}
    options.update(changes)
    return course.setup(root, **options)


def expected_install(python):
    return [[python] + PIP + ["-r", "requirements.txt"],
            [python] + PIP + ["--no-deps", "-e", "."],
            [python, os.path.join("tools", "lab_settings.py")]]


@pytest.mark.parametrize("os_name, parts", [("nt", ("Scripts", "python.exe")), ("posix", ("bin", "python"))])
def test_venv_python_follows_each_os_layout(os_name, parts):
    assert course.venv_python("venv", os_name) == os.path.join("venv", *parts)


@pytest.mark.parametrize("os_name", ["nt", "posix"])
def test_fresh_setup_creates_venv_then_installs(checkout, os_name):
    run = FakeRun(os_name)
    python = fake_setup(checkout, run)
    venv = os.path.join(checkout, ".venv")
    assert python == course.venv_python(venv, os_name)
    assert run.commands == [["base-python", "-m", "venv", venv]] + expected_install(python)
    assert course.is_current(checkout, os_name)


def test_up_to_date_venv_runs_nothing(checkout):
    fake_setup(checkout, FakeRun("nt"))
    run = FakeRun("nt")
    fake_setup(checkout, run)
    assert run.commands == []


@pytest.mark.parametrize("name", course.STAMP_INPUTS)
def test_changed_input_refreshes_without_a_new_venv(checkout, name):
    fake_setup(checkout, FakeRun("nt"))
    with open(os.path.join(checkout, name), "a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    assert not course.is_current(checkout, "nt")
    run = FakeRun("nt")
    python = fake_setup(checkout, run)
    assert run.commands == expected_install(python)
    assert course.is_current(checkout, "nt")


def test_stamp_ignores_modification_times(checkout):
    fake_setup(checkout, FakeRun("nt"))
    path = os.path.join(checkout, "requirements.txt")
    os.utime(path, (time.time() + 100, time.time() + 100))
    assert course.is_current(checkout, "nt")


def test_moved_checkout_refreshes(checkout, tmp_path_factory):
    fake_setup(checkout, FakeRun("nt"))
    moved = str(tmp_path_factory.mktemp("moved") / "course")
    shutil.copytree(checkout, moved)
    assert not course.is_current(moved, "nt")


def test_venv_of_another_os_is_made_again(checkout):
    fake_setup(checkout, FakeRun("posix"))  # bin/python, as made on Linux or macOS
    run = FakeRun("nt")
    python = fake_setup(checkout, run)
    venv = os.path.join(checkout, ".venv")
    assert run.commands == [["base-python", "-m", "venv", venv]] + expected_install(python)
    assert not os.path.exists(os.path.join(venv, "bin"))


def test_torch_index_url_installs_torch_from_it_first(checkout):
    run = FakeRun("posix")
    url = "https://download.pytorch.org/whl/cpu"
    python = fake_setup(checkout, run, env={"TORCH_INDEX_URL": url})
    assert run.commands[1] == [python] + PIP + ["torch==2.13.0", "--index-url", url]
    assert run.commands[2:] == expected_install(python)


def test_real_venv_on_this_os(checkout):
    """The venv step for real: the interpreter lies where venv_python says, and runs in the venv."""
    class RealVenv(FakeRun):
        def __call__(self, command, cwd):
            self.commands.append(list(command))
            if command[1:3] == ["-m", "venv"]:
                subprocess.check_call(command + ["--without-pip"], cwd=cwd)

    run = RealVenv(os.name)
    python = fake_setup(checkout, run, python=sys.executable)
    prefix = subprocess.check_output([python, "-c", "import sys; print(sys.prefix)"],
                                     universal_newlines=True).strip()
    assert os.path.samefile(prefix, os.path.join(checkout, ".venv"))
    assert course.is_current(checkout)


def test_unfinished_setup_is_finished_on_the_next_run(checkout):
    with pytest.raises(course.CourseError):
        fake_setup(checkout, FakeRun("nt"), probe=lambda location, timeout, proxy, project: "timed out")
    run, said = FakeRun("nt"), []
    python = fake_setup(checkout, run, say=said.append)
    assert run.commands == expected_install(python)
    assert said[0] == "the last set-up of .venv did not finish: finishing it"


# ---------------------------------------------------------------- checks before installing

@pytest.mark.parametrize("version, word", [((3, 10, 13), "too old"), ((3, 9, 6), "too old"),
                                           ((3, 15, 0), "too new")])
def test_python_outside_the_pins_is_refused(version, word):
    with pytest.raises(course.CourseError) as error:
        course.check_python(version)
    message = str(error.value)
    assert f"Python {version[0]}.{version[1]}.{version[2]} is {word}" in message
    assert "need Python 3.11 to 3.14" in message


@pytest.mark.parametrize("version", [(3, 11, 0), (3, 12, 8), (3, 14, 2)])
def test_python_within_the_pins_passes(version):
    assert course.check_python(version) is None


@pytest.mark.parametrize("system, machine, bits, mac, expected", [
    ("Darwin", "x86_64", 64, "14.5", "Apple silicon (arm64) only, this is Darwin on x86_64"),
    ("Darwin", "arm64", 64, "13.6", "needs macOS 14 or newer, this is macOS 13.6"),
    ("Windows", "arm64", 64, "", "x86-64 only, this is Windows on arm64"),
    ("Windows", "amd64", 32, "", "64-bit Python, this is Windows on amd64 (32-bit Python)"),
    ("Linux", "ppc64le", 64, "", "x86-64 and aarch64 only, this is Linux on ppc64le"),
])
def test_platform_without_torch_wheels_is_refused(system, machine, bits, mac, expected):
    with pytest.raises(course.CourseError) as error:
        course.check_platform(system, machine, bits, mac)
    assert expected in str(error.value)


@pytest.mark.parametrize("system, machine, mac", [("Darwin", "arm64", "14.5"), ("Darwin", "arm64", "26.1"),
                                                  ("Windows", "AMD64", ""), ("Linux", "x86_64", ""),
                                                  ("Linux", "aarch64", "")])
def test_platform_with_torch_wheels_passes(system, machine, mac):
    assert course.check_platform(system, machine, 64, mac) is None


def test_torch_pin_is_the_one_the_rules_were_read_for():
    assert course.torch_pin(ROOT) == "torch==" + course.TORCH_CHECKED


def test_low_disk_space_is_refused_with_both_figures(tmp_path):
    with pytest.raises(course.CourseError) as error:
        course.check_disk(str(tmp_path), 3 * 10**9, lambda path: Usage(10**10, 9 * 10**9, 1.2 * 10**9))
    assert "about 3.0 GB needed" in str(error.value)
    assert "1.2 GB free" in str(error.value)


@pytest.mark.parametrize("changes", [
    {"version": (3, 10, 13)},
    {"disk_usage": lambda path: Usage(10**10, 10**10 - 10**8, 10**8)},
    {"platform_check": lambda: course.check_platform("Darwin", "x86_64", 64, "14.0")},
])
def test_failed_check_stops_before_anything_runs(checkout, changes):
    run = FakeRun("posix")
    with pytest.raises(course.CourseError):
        fake_setup(checkout, run, **changes)
    assert run.commands == []
    assert not os.path.exists(os.path.join(checkout, ".venv"))


def test_unreachable_index_stops_before_pip_installs(checkout):
    run = FakeRun("posix")
    with pytest.raises(course.CourseError) as error:
        fake_setup(checkout, run, probe=lambda location, timeout, proxy, project: "timed out")
    assert "pip cannot reach a package index: tried https://pypi.org/simple (timed out)" in str(error.value)
    assert [command[1:3] for command in run.commands] == [["-m", "venv"]]
    assert not course.is_current(checkout, "posix")


# ---------------------------------------------------------------- pip's configuration and the probe

# What `pip config list` prints on a machine whose pip has its own configuration (files and PIP_*).
PIP_CONFIG = """\
:env:.find-links='/opt/wheels'
global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'
global.find-links='/srv/other'
global.index-url='https://mirror.example.org/simple'
install.index-url='https://install.example.org/simple'
"""


def test_pip_config_precedence_env_then_install_then_global():
    config = course.parse_pip_config(PIP_CONFIG, env={})
    assert config["index_url"] == "https://install.example.org/simple"
    assert config["extra_index_urls"] == ["file:///opt/pypi/simple", "file:///opt/pypi-more/simple"]
    assert config["find_links"] == ["/opt/wheels"]
    assert config["no_index"] is False
    config = course.parse_pip_config(PIP_CONFIG, env={"PIP_INDEX_URL": "https://env.example.org/simple",
                                                      "PIP_NO_INDEX": "1"})
    assert config["index_url"] == "https://env.example.org/simple"
    assert config["no_index"] is True


def test_pip_defaults_to_pypi():
    config = course.parse_pip_config("", env={})
    assert config == {"index_url": "https://pypi.org/simple", "extra_index_urls": [], "find_links": [],
                      "no_index": False, "proxy": ""}


def test_index_check_tries_every_source_in_order():
    asked = []

    def probe(location, timeout, proxy, project):
        asked.append((location, project))
        return None if location == "/opt/wheels" else "refused"

    assert course.check_index(PIP_CONFIG, env={}, probe=probe) == "/opt/wheels"
    assert asked == [("https://install.example.org/simple", "pip"), ("file:///opt/pypi/simple", "pip"),
                     ("file:///opt/pypi-more/simple", "pip"), ("/opt/wheels", None)]


def test_index_check_names_every_source_it_tried():
    with pytest.raises(course.CourseError) as error:
        course.check_index(PIP_CONFIG, env={}, probe=lambda location, timeout, proxy, project: "refused")
    message = str(error.value)
    for location in ["https://install.example.org/simple", "file:///opt/pypi/simple", "/opt/wheels"]:
        assert location + " (refused)" in message
    assert "PIP_INDEX_URL" in message and "nothing was installed" in message


def test_unreachable_torch_index_url_is_refused():
    asked = []

    def probe(location, timeout, proxy, project):
        asked.append((location, project))
        return "no answer in 5 s"

    with pytest.raises(course.CourseError) as error:
        course.check_index("", env={"TORCH_INDEX_URL": "https://torch.example.org/whl/cpu"}, probe=probe)
    assert asked == [("https://torch.example.org/whl/cpu", "torch")]
    assert "TORCH_INDEX_URL https://torch.example.org/whl/cpu cannot be reached (no answer in 5 s)" \
        in str(error.value)


def test_probe_local_sources(tmp_path):
    assert course.probe_location(str(tmp_path)) is None
    assert course.probe_location(tmp_path.as_uri()) is None
    assert course.probe_location(str(tmp_path / "missing")) == "no such folder"
    assert course.probe_location((tmp_path / "missing").as_uri()) == "no such folder"


def _serve(handler_class):
    server = http.server.HTTPServer(("127.0.0.1", 0), handler_class)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_probe_http_index_must_serve_the_project_page():
    seen = []
    status = {"/simple/pip/": 200, "/private/pip/": 401, "/links.html": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):  # HEAD only: an index's root page can be tens of megabytes
            seen.append(self.path)
            self.send_response(status.get(self.path, 404))
            self.end_headers()

        def log_message(self, *args):
            pass

    server = _serve(Handler)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert course.probe_location(base + "/simple", project="pip") is None
        assert course.probe_location(base + "/private/", project="pip") is None
        assert course.probe_location(base + "/links.html") is None
        assert course.probe_location(base + "/other/", project="pip") == \
            f"HTTP 404 for {base}/other/pip/"
    finally:
        server.shutdown()
    assert seen == ["/simple/pip/", "/private/pip/", "/links.html", "/other/pip/"]


def test_probe_closed_port_says_why():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    why = course.probe_location(f"http://127.0.0.1:{port}/simple", timeout=2)
    assert why and "refused" in why.lower()


def test_probe_silent_server_does_not_hang():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)  # accepts connections, never answers
        start = time.perf_counter()
        why = course.probe_location(f"http://127.0.0.1:{sock.getsockname()[1]}/simple", timeout=0.5)
        seconds = time.perf_counter() - start
    assert why in ("timed out", "no answer in 0.5 s"), why
    assert seconds < 3


# ---------------------------------------------------------------- the command line, lab, make, settings

def _cli(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "course.py")] + list(args),
                          check=False, capture_output=True, text=True)


@pytest.mark.parametrize("args, expected", [
    (["bogus"], "invalid choice: 'bogus'"),
    (["lab", "--port", "x"], "expected a port number from 1 to 65535, got 'x'"),
    (["setup", "-x"], "unexpected arguments for setup: -x"),
    ([], "the following arguments are required: COMMAND"),
])
def test_misuse_prints_one_error_line_and_exits_2(args, expected):
    result = _cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.stderr


def test_lab_listens_on_localhost_in_notebooks(monkeypatch):
    monkeypatch.setattr(course, "is_root", lambda: False)
    assert course.lab_command("py", 8890) == [
        "py", "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=8890",
        "--ServerApp.root_dir=notebooks"]
    monkeypatch.setattr(course, "is_root", lambda: True)
    assert course.lab_command("py", 8888)[-1] == "--allow-root"


def test_no_venv_uses_the_running_python_when_helpers_is_installed(monkeypatch, tmp_path):
    assert course.current_python(lab=False) == sys.executable
    bare = tmp_path / "bare"
    subprocess.check_call([sys.executable, "-m", "venv", "--without-pip", str(bare)])
    monkeypatch.setattr(sys, "executable", course.venv_python(str(bare)))
    with pytest.raises(course.CourseError) as error:
        course.current_python(lab=False)
    assert "the helpers package is not installed in " + sys.executable in str(error.value)
    assert "conda env create -f environment.yml" in str(error.value)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target, expected", [("test", "python3 course.py test"),
                                              ("lab PORT=8890", "python3 course.py lab --port 8890"),
                                              ("clean", "python3 course.py clean"),
                                              ("hub-env HUB_PYTHON=/opt/env/bin/python",
                                               "python3 course.py hub-env --python /opt/env/bin/python"),
                                              ("hub-test", "python3 course.py hub-test")])
def test_make_targets_call_course_py(target, expected):
    inherited = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ARGS")
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env["PYTHON"] = "python3"
    output = subprocess.check_output(["make", "-n", "--no-print-directory"] + target.split(), cwd=ROOT,
                                     universal_newlines=True, env=env)
    assert output.strip() == expected


def test_lab_settings_merge_into_existing_overrides(tmp_path):
    script = os.path.join(ROOT, "tools", "lab_settings.py")
    spec = importlib.util.spec_from_file_location("lab_settings", script)
    lab_settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lab_settings)
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    theme = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}
    path.write_text(json.dumps(theme), encoding="utf-8")
    assert lab_settings.write_overrides(str(tmp_path)) == str(path)
    assert json.loads(path.read_text(encoding="utf-8")) == dict(theme, **lab_settings.OVERRIDES)
    assert lab_settings.OVERRIDES == {
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def test_readme_names_only_commands_that_exist():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    named = re.findall(r"course\.py ([\w-]+((?: --[\w-]+(?: \d+)?)*))", readme)
    assert {"lab", "test", "clean"} <= {words.split()[0] for words, _ in named}
    for words, _ in named:
        args, extra = course.build_parser().parse_known_args(words.split())
        assert args.command == words.split()[0]
        assert not extra or args.command in course.PYTEST_COMMANDS, words   # as main() allows


def test_clean_removes_venv_and_caches_only(checkout):
    fake_setup(checkout, FakeRun("nt"))
    for name in [".pytest_cache", "attention_course_helpers.egg-info"]:
        os.makedirs(os.path.join(checkout, name, "sub"))
    said = []
    course.clean(checkout, say=said.append)
    assert sorted(said) == ["removed .pytest_cache", "removed .venv",
                            "removed attention_course_helpers.egg-info"]
    assert sorted(os.listdir(checkout)) == ["pyproject.toml", "requirements.txt", "tools"]


@pytest.mark.parametrize("argv, expected", [
    (["lint"], ["-m", "ruff", "check", "."]),
    (["unit", "-q"], ["-m", "pytest", "tests", "-q"]),
])
def test_commands_run_the_tool_they_name_with_the_set_up_python(monkeypatch, argv, expected):
    ran = []
    monkeypatch.setattr(course, "setup", lambda: "/venv/python")
    monkeypatch.setattr(course, "run_foreground", lambda command: ran.append(command) or 0)
    assert course.main(argv) == 0
    assert ran == [["/venv/python", *expected]]


# ---------------------------------------------------------------- a class server: hub-env, hub-copy

def fake_hub_env(root, run, **changes):
    """course.hub_env with every check and command faked; keyword arguments replace any of them."""
    options = {"root": root, "run": run, "env": {}, "os_name": run.os_name,
               "query": lambda python: ((3, 11, 2), os.path.join(root, "env")),
               "platform_check": lambda: None, "disk_usage": lambda path: PLENTY,
               "pip_config": lambda python: "", "probe": lambda location, timeout, proxy, project: None,
               "say": lambda message: None}
    options.update(changes)
    return course.hub_env(**options)


def test_hub_env_installs_into_the_given_interpreter_and_writes_the_server_config(checkout):
    python = os.path.join(checkout, "env", "bin", "python")
    os.makedirs(os.path.dirname(python))
    open(python, "w").close()
    run = FakeRun("posix")
    assert fake_hub_env(checkout, run, python=python) == python
    assert run.commands == expected_install(python)
    config = os.path.join(checkout, "env", course.SERVER_CONFIG)
    with open(config, encoding="utf-8") as handle:
        assert handle.read() == course.server_config_block(checkout)


def test_hub_env_creates_a_missing_prefix_as_a_venv(checkout):
    run = FakeRun("posix")
    prefix = os.path.join(checkout, "shared")
    python = fake_hub_env(checkout, run, prefix=prefix)
    assert python == course.venv_python(prefix, "posix")
    assert run.commands == [[sys.executable, "-m", "venv", prefix]] + expected_install(python)


@pytest.mark.parametrize("where, expected", [
    ({}, "expected one of --prefix DIR or --python PATH"),
    ({"python": "/no/such/python"}, "--python /no/such/python: no such file"),
])
def test_hub_env_needs_one_existing_environment(checkout, where, expected):
    run = FakeRun("posix")
    with pytest.raises(course.CourseError, match=re.escape(expected)):
        fake_hub_env(checkout, run, **where)
    assert run.commands == []


def test_hub_env_refuses_a_folder_that_is_no_environment(checkout):
    prefix = os.path.join(checkout, "tools")   # holds lab_settings.py, no bin/python
    run = FakeRun("posix")
    with pytest.raises(course.CourseError, match="found a folder without bin/python"):
        fake_hub_env(checkout, run, prefix=prefix)
    assert run.commands == []


def test_hub_env_checks_the_environments_python_before_installing(checkout):
    python = os.path.join(checkout, "python")
    open(python, "w").close()
    run = FakeRun("posix")
    with pytest.raises(course.CourseError, match="Python 3.10.4 is too old"):
        fake_hub_env(checkout, run, python=python, query=lambda python: ((3, 10, 4), checkout))
    assert run.commands == []


def test_server_config_keeps_the_admins_lines_and_replaces_its_own_block(tmp_path):
    config = tmp_path / course.SERVER_CONFIG
    config.parent.mkdir(parents=True)
    config.write_text("c.ServerApp.shutdown_no_activity_timeout = 3600", encoding="utf-8")
    said = []
    for root in ("/opt/course-old", "/opt/course"):
        course.write_server_config(str(tmp_path), root, say=said.append)
    text = config.read_text(encoding="utf-8")
    assert text == ("c.ServerApp.shutdown_no_activity_timeout = 3600\n\n"
                    + course.server_config_block("/opt/course"))
    assert text.count(course.CONFIG_BEGIN) == 1 and "course-old" not in text
    assert said == ["each student's server copies the notebooks at start: " + str(config)] * 2


@pytest.mark.parametrize("hub_sets, expected_threads", [(None, "1"), ("4", "4")])
def test_server_config_copies_the_notebooks_as_the_student_in_a_hub_server(monkeypatch, hub_sets,
                                                                           expected_threads):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, **options: calls.append((command, options)))
    monkeypatch.setenv("HOME", "/home/ada")
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    if hub_sets:
        monkeypatch.setenv("OMP_NUM_THREADS", hub_sets)
    else:
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    exec(course.server_config_block("/opt/course"), {})
    assert calls == [([sys.executable, os.path.join("/opt/course", "course.py"), "hub-copy",
                       os.path.join("/home/ada", course.HUB_FOLDER)], {"check": False, "timeout": 120})]
    assert os.environ["OMP_NUM_THREADS"] == expected_threads


def test_a_failed_copy_does_not_stop_the_students_server(monkeypatch, capsys):
    def too_slow(command, **options):
        raise subprocess.TimeoutExpired(command, options["timeout"])
    monkeypatch.setattr(subprocess, "run", too_slow)
    monkeypatch.setenv("HOME", "/home/ada")
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    exec(course.server_config_block("/opt/course"), {})
    assert capsys.readouterr().err.startswith(
        f"attention course: notebooks not copied into {os.path.join('/home/ada', course.HUB_FOLDER)}: ")


def test_server_config_does_nothing_outside_a_hub(monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, **options: calls.append(command))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    exec(course.server_config_block("/opt/course"), {})
    assert calls == [] and "OMP_NUM_THREADS" not in os.environ


@pytest.fixture
def course_notebooks(tmp_path):
    source = tmp_path / "notebooks"
    (source / "zh").mkdir(parents=True)
    (source / ".ipynb_checkpoints").mkdir()
    for name, text in [("01.ipynb", "one"), ("02.ipynb", "two"), ("zh/01.ipynb", "yi"),
                       (".ipynb_checkpoints/01-checkpoint.ipynb", "old")]:
        (source / name).write_text(text, encoding="utf-8")
    return source


def copy_quietly(source, dest):
    said = []
    outcome = course.copy_notebooks(str(source), str(dest), say=said.append)
    assert len(said) == 1 and said[0].startswith(f"course notebooks in {dest}: ")
    assert said[0].splitlines()[1:] == ["  kept: " + name for name in outcome["kept"]]
    return outcome


def test_first_copy_brings_every_notebook_but_checkpoints(course_notebooks, tmp_path):
    home = tmp_path / "home"
    assert copy_quietly(course_notebooks, home) == {
        "added": ["01.ipynb", "02.ipynb", "zh/01.ipynb"], "updated": [], "kept": []}
    assert (home / "zh" / "01.ipynb").read_text(encoding="utf-8") == "yi"
    assert not (home / ".ipynb_checkpoints").exists()
    assert copy_quietly(course_notebooks, home) == {"added": [], "updated": [], "kept": []}


def test_an_update_replaces_only_what_the_student_left_unchanged(course_notebooks, tmp_path):
    home = tmp_path / "home"
    copy_quietly(course_notebooks, home)
    (home / "01.ipynb").write_text("my answers", encoding="utf-8")
    (home / "02.ipynb").unlink()
    for name in ("01.ipynb", "zh/01.ipynb"):
        (course_notebooks / name).write_text("corrected", encoding="utf-8")
    (course_notebooks / "03.ipynb").write_text("three", encoding="utf-8")
    assert copy_quietly(course_notebooks, home) == {
        "added": ["02.ipynb", "03.ipynb"], "updated": ["zh/01.ipynb"], "kept": ["01.ipynb"]}
    assert (home / "01.ipynb").read_text(encoding="utf-8") == "my answers"
    assert (home / "zh" / "01.ipynb").read_text(encoding="utf-8") == "corrected"
    # a later update still sees the student's file as theirs
    (course_notebooks / "01.ipynb").write_text("corrected twice", encoding="utf-8")
    assert copy_quietly(course_notebooks, home)["kept"] == ["01.ipynb"]


def test_a_students_own_file_of_the_same_name_is_kept(course_notebooks, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "02.ipynb").write_text("mine", encoding="utf-8")
    (home / "01.ipynb").symlink_to(tmp_path / "elsewhere")
    assert copy_quietly(course_notebooks, home) == {
        "added": ["zh/01.ipynb"], "updated": [], "kept": ["01.ipynb", "02.ipynb"]}
    assert (home / "02.ipynb").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "elsewhere").exists()


def test_a_damaged_record_of_copies_keeps_every_existing_file(course_notebooks, tmp_path):
    home = tmp_path / "home"
    copy_quietly(course_notebooks, home)
    (home / course.HUB_MANIFEST).write_text("not json", encoding="utf-8")
    (course_notebooks / "02.ipynb").write_text("two, corrected", encoding="utf-8")
    assert copy_quietly(course_notebooks, home) == {"added": [], "updated": [], "kept": ["02.ipynb"]}


def test_hub_copy_from_the_command_line_copies_both_editions(tmp_path):
    result = _cli("hub-copy", str(tmp_path / "ada"))
    assert result.returncode == 0, result.stderr
    english = sorted(os.listdir(os.path.join(ROOT, "notebooks")))
    assert sorted(os.listdir(tmp_path / "ada")) == sorted(english + [course.HUB_MANIFEST])
    files = glob.glob(os.path.join(ROOT, "notebooks", "**", "*.ipynb"), recursive=True)
    assert result.stdout.startswith(f"course notebooks in {tmp_path / 'ada'}: {len(files)} added, ")


@pytest.mark.parametrize("args, expected", [
    (["hub-env"], "one of the arguments --prefix --python is required"),
    (["hub-env", "--prefix", "a", "--python", "b"], "not allowed with argument"),
    (["hub-copy"], "the following arguments are required: folder"),
])
def test_hub_misuse_prints_one_error_line_and_exits_2(args, expected):
    result = _cli(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.stderr




def test_ci_runs_the_hub_test_after_the_browser_test():
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    browser = max(index for index, line in enumerate(lines) if "make browser-test" in line)
    assert "make hub-test" in lines[browser + 1:] and "make hub-test" not in lines[:browser]


@pytest.mark.parametrize("name", ["class-server.md", "class-server.zh.md"])
def test_class_server_docs_name_only_what_exists(name):
    with open(os.path.join(ROOT, "docs", name), encoding="utf-8") as handle:
        text = handle.read()
    commands = re.findall(r"course\.py (hub-[\w-]+)((?: --[\w-]+)*)", text)
    assert {command for command, _ in commands} == {"hub-env", "hub-copy", "hub-test"}
    for command, flags in commands:
        words = [command] + [word for flag in flags.split() for word in (flag, "x")]
        words += {"hub-copy": ["FOLDER"], "hub-env": [] if flags else ["--python", "x"]}.get(command, [])
        args, _ = course.build_parser().parse_known_args(words)
        assert args.command == command
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as handle:
        targets = set(re.findall(r"^([\w-]+):", handle.read(), flags=re.MULTILINE))
    assert set(re.findall(r"make ([\w-]+)", text)) <= targets
    for link in re.findall(r"\]\(((?!https?:)[^)#]+)", text):
        assert os.path.exists(os.path.join(ROOT, "docs", link)), link
    pins = os.path.join(ROOT, "tools", "hub_test.py")
    spec = importlib.util.spec_from_file_location("hub_test_pins", pins)
    hub_test = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hub_test)
    assert "JupyterHub " + hub_test.JUPYTERHUB.split("==")[1] in text
    assert "configurable-http-proxy " + hub_test.PROXY.split("@")[1] in text
