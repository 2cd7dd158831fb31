"""Load test: the course on a real JupyterHub, students running a notebook at once, on 127.0.0.1 only.

    python3 tools/hub_test.py [--students 10] [--notebook 02] [--threads 1] [--keep DIR]

(`make hub-test` and `python3 course.py hub-test ARGS` run it.) It sets up a class server the way
docs/class-server.md tells an administrator to, in a temporary folder: a copy of the course, a shared
environment made by `course.py hub-env`, JupyterHub (PyPI) and configurable-http-proxy (npm) at pinned
versions, a hub with the dummy authenticator and the local-process spawner. Run as root, every student
is a system user of their own (created, then removed) with a private home; otherwise the students share
this user and get a home folder each.

One student first alone, then all of them at once: log in through the login form, start a server
through the hub's REST API, open the notebook their server copied into ~/attention-course, run every
code cell over the kernel's WebSocket through the proxy, and compare each output with the stored one as
nbval does. Then it checks that no student can reach another's server or (as root) read their files,
stops every server and the hub, and checks that none of their processes and ports is left. It prints
peak memory, thread counts, wall times solo and together, and failures; the exit status is 1 on any
failure.

The first part runs with any Python 3.11+; the second runs again in the environment it built, where
JupyterHub, requests, tornado and nbval are installed.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JUPYTERHUB = "jupyterhub==6.1.1"
PROXY = "configurable-http-proxy@5.3.0"
HOST = "127.0.0.1"    # every address the test uses or gives its servers
COURSE_FILES = ("course.py", "requirements.txt", "pyproject.toml", "LICENSE", "helpers", "data", "notebooks",
                os.path.join("tools", "lab_settings.py"))
USER_PREFIX = "hubtest-"
FOLDER = "attention-course"   # course.py's HUB_FOLDER
LAB_EXTENSIONS = ("jupyterlab-rise", "jupyter-widgets-jupyterlab-manager")   # RISE and the widgets
CELL_TIMEOUT = 300
SPAWN_TIMEOUT = 300
STOP_TIMEOUT = 60
POLL = 0.5
# What nbval leaves out of a comparison (nbval/plugin.py, without --nbdime).
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")


class Failed(Exception):
    """The load test found something wrong; the message says what."""


def say(message):
    print(message, flush=True)


# ---------------------------------------------------------------- comparison, as nbval makes it

def read_sanitizers(path):
    """The regex/replace pairs of an nbval sanitize file, in order."""
    pairs, regex = [], None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("regex:"):
                regex = line[len("regex:"):].strip()
            elif line.startswith("replace:") and regex is not None:
                pairs.append((re.compile(regex), line[len("replace:"):].strip()))
                regex = None
    return pairs


def cell_mode(cell):
    """How nbval treats a code cell: 'skip', 'ignore' (run, compare nothing), 'raises' or 'check'."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    source = "".join(cell.get("source", ""))
    if "nbval-skip" in tags or "NBVAL_SKIP" in source:
        return "skip"
    if "raises-exception" in tags or "NBVAL_RAISES_EXCEPTION" in source:
        return "raises"
    if "nbval-ignore-output" in tags or "NBVAL_IGNORE_OUTPUT" in source:
        return "ignore"
    return "check"


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def comparable(outputs, sanitizers):
    """Outputs as nbval compares them: streams merged by name, every compared field flattened to a list."""
    merged, streams = [], {}
    for output in outputs:
        if output.get("output_type") == "stream":
            name = output.get("name", "stdout")
            if name in streams:
                streams[name]["text"] += _text(output.get("text", ""))
                continue
            streams[name] = {"output_type": "stream", "name": name, "text": _text(output.get("text", ""))}
            merged.append(streams[name])
        else:
            merged.append(output)
    for stream in streams.values():   # what a terminal shows of \b and \r
        previous = None
        while previous != stream["text"]:
            previous = stream["text"]
            stream["text"] = re.sub(r"[^\n]\x08", "", stream["text"])
        stream["text"] = re.sub(r"^.*\r(?=[^\n])", "", stream["text"], flags=re.MULTILINE)

    def clean(value):
        value = _text(value)
        if isinstance(value, str):
            for regex, replace in sanitizers:
                value = regex.sub(replace, value)
        return value

    flat = {}
    for output in merged:
        for key, value in output.items():
            if key in SKIP_COMPARE:
                continue
            if output.get("output_type") == "stream" and key == "text":
                flat.setdefault(output["name"], []).append(clean(value))
            elif key == "data":
                for mime, content in value.items():
                    if mime not in SKIP_COMPARE:
                        flat.setdefault(mime, []).append(clean(content))
            else:
                flat.setdefault(key, []).append(clean(value))
    return flat


def compare_cell(stored, produced, sanitizers):
    """None when produced outputs match the stored ones as nbval judges, else what differs."""
    if not stored:
        return None   # nbval compares only cells stored with outputs
    want, got = comparable(stored, sanitizers), comparable(produced, sanitizers)
    if set(want) != set(got):
        return f"output fields differ: stored {sorted(want)}, produced {sorted(got)}"
    for key in want:
        if want[key] != got[key]:
            return f"{key} differs: stored {str(want[key])[:200]!r}, produced {str(got[key])[:200]!r}"
    return None


def apply_message(outputs, message):
    """Add one iopub message to a cell's outputs, as a notebook front end stores it."""
    kind, content = message["header"]["msg_type"], message["content"]
    if kind == "stream":
        outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
    elif kind in ("display_data", "execute_result"):
        outputs.append({"output_type": kind, "data": content.get("data", {})})
    elif kind == "error":
        outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"]})
    elif kind == "clear_output":
        outputs.clear()


# ---------------------------------------------------------------- processes, memory and ports

def read_proc(pid, name):
    try:
        with open(f"/proc/{pid}/{name}", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def process_table():
    """Every process: {pid: (ppid, uid, student, server port, threads, rss_kib, cmdline)}."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        status = read_proc(entry, "status").decode("utf-8", "replace")
        if not status:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        environ = read_proc(entry, "environ").split(b"\0")
        student = port = None
        for item in environ:
            if item.startswith(b"JUPYTERHUB_USER="):
                student = item.split(b"=", 1)[1].decode()
            elif item.startswith(b"JUPYTERHUB_SERVICE_URL="):
                found = re.search(rb":(\d+)/", item)
                port = int(found.group(1)) if found else None
        table[int(entry)] = (int(fields.get("PPid", "0").strip() or 0),
                             int(fields.get("Uid", "0").split()[0]), student, port,
                             int(fields.get("Threads", "0").strip() or 0),
                             int(fields.get("VmRSS", "0 kB").split()[0]),
                             read_proc(entry, "cmdline").replace(b"\0", b" ").decode("utf-8", "replace"))
    return table


def proportional_memory(pid):
    """A process's PSS in KiB: its own pages plus its share of the pages it shares with others."""
    for line in read_proc(pid, "smaps_rollup").decode("ascii", "replace").splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def students_processes(table, names):
    """{pid: student} for every student's server (JUPYTERHUB_USER set) and the processes under it."""
    owner = {pid: row[2] for pid, row in table.items() if row[2] in names}
    changed = True
    while changed:
        changed = False
        for pid, row in table.items():
            if pid not in owner and row[0] in owner:
                owner[pid] = owner[row[0]]
                changed = True
    return owner


class Sampler(threading.Thread):
    """Samples the students' processes every half second: memory (PSS, RSS), threads, owners, ports."""

    def __init__(self, names):
        super().__init__(daemon=True)
        self.names = set(names)
        self.stop = threading.Event()
        self.peak_total_pss = 0
        self.peak_student_pss = {}
        self.peak_kernel_rss = 0
        self.peak_kernel_threads = 0
        self.uids = {}      # student -> set of uids their processes ran as
        self.ports = set()  # the single-user servers' ports
        self.kernels = set()

    def sample(self):
        table = process_table()
        owner = students_processes(table, self.names)
        per_student = {}
        for pid, student in owner.items():
            ppid, uid, _, port, threads, rss, cmdline = table[pid]
            per_student[student] = per_student.get(student, 0) + proportional_memory(pid)
            self.uids.setdefault(student, set()).add(uid)
            if port:
                self.ports.add(port)
            if "ipykernel_launcher" in cmdline:
                self.kernels.add(pid)
                self.peak_kernel_rss = max(self.peak_kernel_rss, rss)
                self.peak_kernel_threads = max(self.peak_kernel_threads, threads)
        for student, pss in per_student.items():
            self.peak_student_pss[student] = max(self.peak_student_pss.get(student, 0), pss)
        self.peak_total_pss = max(self.peak_total_pss, sum(per_student.values()))

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(POLL)


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_open(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((HOST, port)) == 0


# ---------------------------------------------------------------- part 1: the class server, set up

def copy_course(dest):
    for name in COURSE_FILES:
        source, target = os.path.join(ROOT, name), os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.isdir(source):
            shutil.copytree(source, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info"))
        else:
            shutil.copy2(source, target)


def others_can_use(path):
    """Whether a user other than the owner may enter every folder down to path and read path."""
    path = os.path.realpath(path)
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    while True:
        if not os.stat(folder).st_mode & 0o001:
            return False
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return bool(os.stat(path).st_mode & 0o004)


def base_python(as_root):
    """The Python to build the shared environment with: one every student may run."""
    if not as_root or others_can_use(sys.base_prefix) and others_can_use(os.path.realpath(sys.executable)):
        return sys.executable
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.path.isfile(candidate) and others_can_use(candidate):
            version = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2] >= (3, 11))"],
                                     stdout=subprocess.PIPE, text=True, check=False).stdout.strip()
            if version == "True":
                return candidate
    raise Failed(f"the students cannot run this Python ({sys.base_prefix} lies in a folder only its owner "
                 "may enter) and there is no /usr/bin/python3 3.11 or newer: install one (apt-get install "
                 "python3 python3-venv)")


def prepare(args):
    """Build the server's folder (course, environment, proxy), then run part 2 in its environment."""
    if sys.platform != "linux":
        raise Failed("the load test runs on Linux (it reads /proc)")
    npm = shutil.which("npm")
    if npm is None:
        raise Failed("the load test installs configurable-http-proxy with npm, and npm is missing: "
                     "apt-get install -y nodejs npm")
    os.umask(0o022)   # the students read the course and the environment
    staging = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="course-hub-")
    os.makedirs(staging, exist_ok=True)
    os.chmod(staging, 0o755)
    started = time.monotonic()
    try:
        course = os.path.join(staging, "course")
        copy_course(course)
        env = os.path.join(staging, "env")
        say(f"setting up the class server in {staging}")
        subprocess.run([base_python(os.geteuid() == 0), os.path.join(course, "course.py"), "hub-env",
                        "--prefix", env], check=True)
        python = os.path.join(env, "bin", "python")
        subprocess.run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", JUPYTERHUB],
                       check=True)
        proxy = os.path.join(staging, "proxy")
        if not os.path.exists(os.path.join(proxy, "node_modules", ".bin", "configurable-http-proxy")):
            subprocess.run([npm, "install", "--prefix", proxy, "--no-audit", "--no-fund", "--loglevel=error",
                            PROXY], check=True)
        say(f"class server set up in {time.monotonic() - started:.0f} s")
        command = [python, os.path.abspath(__file__), "--in-env", staging, "--students", str(args.students),
                   "--notebook", args.notebook, "--threads", str(args.threads)]
        return subprocess.call(command)
    except subprocess.CalledProcessError as error:
        raise Failed(f"set-up step failed with exit status {error.returncode}: {' '.join(error.cmd[:6])}"
                     ) from None
    finally:
        if not args.keep:
            shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------- part 2: the hub and the students

def hub_config(staging, ports, spawner, threads, service_token):
    env_bin = os.path.join(staging, "env", "bin")
    lines = [
        f"c.JupyterHub.ip = {HOST!r}",
        f"c.JupyterHub.port = {ports['public']}",
        f"c.JupyterHub.hub_ip = {HOST!r}",
        f"c.JupyterHub.hub_port = {ports['hub']}",
        f"c.ConfigurableHTTPProxy.api_url = 'http://{HOST}:{ports['proxy_api']}'",
        "c.ConfigurableHTTPProxy.command = [{!r}]".format(
            os.path.join(staging, "proxy", "node_modules", ".bin", "configurable-http-proxy")),
        f"c.ConfigurableHTTPProxy.auth_token = {uuid.uuid4().hex!r}",
        "c.JupyterHub.db_url = 'sqlite:///{}'".format(os.path.join(staging, "hub", "jupyterhub.sqlite")),
        "c.JupyterHub.cookie_secret_file = {!r}".format(os.path.join(staging, "hub", "cookie_secret")),
        "c.JupyterHub.authenticator_class = 'dummy'",
        "c.Authenticator.allow_all = True",
        f"c.JupyterHub.spawner_class = {spawner!r}",
        f"c.Spawner.ip = {HOST!r}",
        "c.Spawner.cmd = [{!r}]".format(os.path.join(env_bin, "jupyterhub-singleuser")),
        "c.Spawner.default_url = '/lab'",
        f"c.Spawner.start_timeout = {SPAWN_TIMEOUT}",
        f"c.Spawner.http_timeout = {SPAWN_TIMEOUT}",
        f"c.Spawner.environment = {{'OMP_NUM_THREADS': {str(threads)!r}}}",
        f"c.JupyterHub.services = [{{'name': 'load-test', 'api_token': {service_token!r}}}]",
        "c.JupyterHub.load_roles = [{'name': 'load-test', 'services': ['load-test'], "
        "'scopes': ['list:users', 'read:users', 'read:servers']}]",
        "c.JupyterHub.cleanup_servers = True",
    ]
    if spawner == "simple":
        lines.append("c.SimpleLocalProcessSpawner.home_dir_template = {!r}".format(
            os.path.join(staging, "home", "{username}")))
    return "\n".join(lines) + "\n"


class Student:
    """One student: logs in, starts a server, runs the notebook, stops the server."""

    def __init__(self, name, base, notebook, stored, sanitizers, threads):
        import requests
        self.name, self.base, self.notebook, self.threads = name, base, notebook, str(threads)
        self.stored, self.sanitizers = stored, sanitizers
        self.http = requests.Session()
        self.xsrf = self.token = None
        self.times = {}
        self.errors = []

    def hub(self, method, path, **options):
        headers = {"X-XSRFToken": self.xsrf} if method != "GET" else {}
        return self.http.request(method, f"{self.base}/hub/api{path}", headers=headers, timeout=60, **options)

    def server(self, method, path, token=None, **options):
        headers = {"Authorization": "token " + (token or self.token)}
        return self.http.request(method, f"{self.base}/user/{self.name}/api{path}", headers=headers,
                                 timeout=60, allow_redirects=False, **options)

    def log_in(self):
        self.http.get(f"{self.base}/hub/login", timeout=60).raise_for_status()
        self.xsrf = self.http.cookies.get("_xsrf")
        answer = self.http.post(f"{self.base}/hub/login", allow_redirects=False, timeout=60,
                                data={"username": self.name, "password": "course", "_xsrf": self.xsrf})
        if answer.status_code != 302:
            raise Failed(f"{self.name}: login answered HTTP {answer.status_code}")
        self.xsrf = self.http.cookies.get("_xsrf", path="/hub/")   # a new one comes with the login

    def start_server(self):
        answer = self.hub("POST", f"/users/{self.name}/server")
        if answer.status_code not in (201, 202):
            raise Failed(f"{self.name}: starting the server answered HTTP {answer.status_code}: "
                         f"{answer.text[:200]}")
        deadline = time.monotonic() + SPAWN_TIMEOUT
        while time.monotonic() < deadline:
            server = self.hub("GET", f"/users/{self.name}").json().get("servers", {}).get("")
            if server and server.get("ready"):
                break
            time.sleep(POLL)
        else:
            raise Failed(f"{self.name}: the server was not ready after {SPAWN_TIMEOUT} s")
        answer = self.hub("POST", f"/users/{self.name}/tokens",
                          json={"expires_in": 3600, "note": "load test"})
        answer.raise_for_status()
        self.token = answer.json()["token"]

    def check_extensions(self):
        """RISE and the widgets are installed and enabled in the student's JupyterLab."""
        answer = self.http.get(f"{self.base}/user/{self.name}/lab/api/extensions", timeout=60,
                               allow_redirects=False, headers={"Authorization": "token " + self.token})
        if answer.status_code != 200:
            raise Failed(f"{self.name}: JupyterLab's extension list answered HTTP {answer.status_code}")
        found = {item["name"]: item for item in answer.json()}
        for name in LAB_EXTENSIONS:
            if not found.get(name, {}).get("enabled") or found[name].get("status") != "ok":
                raise Failed(f"{self.name}: JupyterLab lacks the extension {name} (or it is disabled)")

    def open_notebook(self):
        answer = self.server("GET", f"/contents/{FOLDER}/{self.notebook}")
        if answer.status_code != 200:
            raise Failed(f"{self.name}: ~/{FOLDER}/{self.notebook} answered HTTP {answer.status_code}: the "
                         "server did not copy the notebooks")
        copied = answer.json()["content"]["cells"]
        if [cell["source"] for cell in copied] != ["".join(cell["source"]) for cell in self.stored["cells"]]:
            raise Failed(f"{self.name}: the copied notebook differs from the course's")

    async def execute(self, kernel_id):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect
        url = f"ws{self.base[4:]}/user/{self.name}/api/kernels/{kernel_id}/channels"
        socket_ = await websocket_connect(HTTPRequest(url, headers={"Authorization": "token " + self.token}))
        session = uuid.uuid4().hex
        try:
            for index, cell in enumerate(self.stored["cells"]):
                if cell["cell_type"] != "code" or cell_mode(cell) == "skip":
                    continue
                outputs, error = await self.run_cell(socket_, session, "".join(cell["source"]))
                mode = cell_mode(cell)
                if error and mode != "raises":
                    self.errors.append(f"cell {index}: {error}")
                    return
                if mode == "check":
                    differs = compare_cell(cell.get("outputs", []), outputs, self.sanitizers)
                    if differs:
                        self.errors.append(f"cell {index}: {differs}")
        finally:
            socket_.close()

    async def check_threads(self, kernel_id):
        """The kernel's PyTorch uses the threads the hub gave it (OMP_NUM_THREADS)."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect
        url = f"ws{self.base[4:]}/user/{self.name}/api/kernels/{kernel_id}/channels"
        socket_ = await websocket_connect(HTTPRequest(url, headers={"Authorization": "token " + self.token}))
        try:
            code = "import os, torch; print(os.environ.get('OMP_NUM_THREADS'), torch.get_num_threads())"
            outputs, error = await self.run_cell(socket_, uuid.uuid4().hex, code)
        finally:
            socket_.close()
        printed = "".join(output.get("text", "") for output in outputs).split()
        if error or printed != [self.threads, self.threads]:
            self.errors.append(f"the kernel's OMP_NUM_THREADS and torch threads: expected {self.threads} "
                               f"and {self.threads}, got {error or printed}")

    async def run_cell(self, socket_, session, code):
        """Execute code; return its outputs and None, or the outputs so far and what went wrong."""
        import asyncio
        msg_id = uuid.uuid4().hex
        await socket_.write_message(json.dumps({
            "header": {"msg_id": msg_id, "session": session, "username": self.name, "version": "5.3",
                       "msg_type": "execute_request", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ")},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        outputs, replied, idle, status = [], False, False, None
        deadline = time.monotonic() + CELL_TIMEOUT
        while not (replied and idle):
            left = deadline - time.monotonic()
            if left <= 0:
                return outputs, f"no answer in {CELL_TIMEOUT} s"
            raw = await asyncio.wait_for(socket_.read_message(), left)
            if raw is None:
                return outputs, "the kernel's WebSocket closed (did the kernel die?)"
            if not isinstance(raw, str):
                continue   # binary frames carry widget buffers
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if message.get("channel") == "shell" and kind == "execute_reply":
                replied, status = True, message["content"].get("status")
            elif kind == "status":
                idle = message["content"]["execution_state"] == "idle"
            elif message.get("channel") == "iopub":
                apply_message(outputs, message)
        if status != "ok":
            found = [o for o in outputs if o["output_type"] == "error"]
            return outputs, "{}: {}".format(found[0]["ename"], found[0]["evalue"]) if found else status
        return outputs, None

    def run_notebook(self):
        import asyncio
        answer = self.server("POST", "/sessions", json={
            "path": f"{FOLDER}/{self.notebook}", "type": "notebook", "name": self.notebook,
            "kernel": {"name": "python3"}})
        if answer.status_code != 201:
            raise Failed(f"{self.name}: opening a kernel answered HTTP {answer.status_code}")
        session = answer.json()
        try:
            asyncio.run(self.execute(session["kernel"]["id"]))
            if not self.errors:
                asyncio.run(self.check_threads(session["kernel"]["id"]))
        finally:
            self.server("DELETE", f"/sessions/{session['id']}")

    def stop_server(self):
        answer = self.hub("DELETE", f"/users/{self.name}/server")
        if answer.status_code not in (202, 204):
            raise Failed(f"{self.name}: stopping the server answered HTTP {answer.status_code}")
        deadline = time.monotonic() + STOP_TIMEOUT
        while self.hub("GET", f"/users/{self.name}").json().get("servers"):
            if time.monotonic() > deadline:
                raise Failed(f"{self.name}: the server still ran {STOP_TIMEOUT} s after it was stopped")
            time.sleep(POLL)

    def work(self):
        """Log in, start, open, run; times in self.times; failures in self.errors."""
        try:
            start = time.monotonic()
            self.log_in()
            self.start_server()
            self.times["start"] = time.monotonic() - start
            self.check_extensions()
            self.open_notebook()
            run = time.monotonic()
            self.run_notebook()
            self.times["run"] = time.monotonic() - run
            self.times["total"] = time.monotonic() - start
        except Exception as error:   # one student's failure is reported, the others go on
            self.errors.append(f"{type(error).__name__}: {error}")


def make_user(name, home):
    """A system user with a private home (run as root)."""
    subprocess.run(["useradd", "--no-create-home", "--home-dir", home, "--shell", "/usr/sbin/nologin",
                    "--user-group", name], check=True)
    os.makedirs(home)
    shutil.chown(home, name, name)
    os.chmod(home, 0o700)


def remove_user(name):
    subprocess.run(["userdel", name], check=False, stderr=subprocess.DEVNULL)
    subprocess.run(["groupdel", name], check=False, stderr=subprocess.DEVNULL)


def user_exists(name):
    import pwd
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def can_read(user, path):
    """Whether user can read path (as root: a `cat` run as that user)."""
    result = subprocess.run(["cat", path], user=user, group=user, extra_groups=[], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, check=False)
    return result.returncode == 0


def together(students, method):
    threads = [threading.Thread(target=getattr(student, method)) for student in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def summary(values):
    return f"median {statistics.median(values):.1f} s, min {min(values):.1f} s, max {max(values):.1f} s"


def check_isolation(students, homes, as_root, failures):
    """A student's token opens no other student's server; as root, no student reads another's home."""
    for student, other in zip(students, students[1:] + students[:1], strict=True):
        if student is other or not student.token:
            continue
        answer = student.http.get(f"{student.base}/user/{other.name}/api/contents/{FOLDER}", timeout=60,
                                  allow_redirects=False, headers={"Authorization": "token " + student.token})
        if answer.status_code < 300:
            failures.append(f"{student.name} opened {other.name}'s server (HTTP {answer.status_code})")
    if not as_root:
        return "one system user for every student (not root): their files are not separated"
    checked = 0
    for student, other in zip(students, students[1:] + students[:1], strict=True):
        if "total" not in student.times or "total" not in other.times:
            continue
        mine = os.path.join(homes[student.name], FOLDER, student.notebook)
        theirs = os.path.join(homes[other.name], FOLDER, other.notebook)
        if not can_read(student.name, mine):
            failures.append(f"{student.name} cannot read their own {mine}")
        if student is not other and can_read(student.name, theirs):
            failures.append(f"{student.name} can read {other.name}'s {theirs}")
        checked += 1
        import pwd
        if os.stat(mine).st_uid != pwd.getpwnam(student.name).pw_uid:
            failures.append(f"{mine} is not owned by {student.name}")
    return f"a system user per student, homes 0700: {checked} students tried to read a neighbour's notebook"


def run_in_env(args):
    staging = args.in_env
    as_root = os.geteuid() == 0
    names = [f"{USER_PREFIX}{index:02d}" for index in range(1, args.students + 1)]
    notebook = next((os.path.basename(path) for path in sorted(os.listdir(os.path.join(ROOT, "notebooks")))
                     if path.startswith(args.notebook) and path.endswith(".ipynb")), None)
    if notebook is None:
        raise Failed(f"--notebook {args.notebook}: no notebook in notebooks/ starts with it")
    with open(os.path.join(ROOT, "notebooks", notebook), encoding="utf-8") as handle:
        stored = json.load(handle)
    sanitizers = read_sanitizers(os.path.join(ROOT, "tests", "nbval_sanitize.cfg"))
    homes = {name: os.path.join(staging, "home", name) for name in names}
    hub_dir = os.path.join(staging, "hub")
    for state in (os.path.join(staging, "home"), hub_dir):   # a kept folder's last run
        shutil.rmtree(state, ignore_errors=True)
    os.makedirs(os.path.join(staging, "home"))
    os.makedirs(hub_dir, mode=0o700, exist_ok=True)
    ports = {"public": free_port(), "hub": free_port(), "proxy_api": free_port()}
    service_token = uuid.uuid4().hex
    failures, created, hub, sampler = [], [], None, Sampler(names)
    log_path = os.path.join(hub_dir, "jupyterhub.log")
    report = []
    try:
        if as_root:
            for name in names:
                if user_exists(name):
                    raise Failed(f"a system user {name} exists already (left by an interrupted run?): "
                                 f"remove it with userdel {name}")
            for name in names:
                created.append(name)   # removed at the end even if its set-up fails half-way
                make_user(name, homes[name])
        config = os.path.join(hub_dir, "jupyterhub_config.py")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(hub_config(staging, ports, "localprocess" if as_root else "simple", args.threads,
                                    service_token))
        with open(log_path, "w") as log:
            hub = subprocess.Popen([os.path.join(staging, "env", "bin", "jupyterhub"), "-f", config],
                                   cwd=hub_dir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://{HOST}:{ports['public']}"
        import requests
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{base}/hub/api", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if hub.poll() is not None or time.monotonic() > deadline:
                raise Failed(f"JupyterHub did not start (see {log_path})")
            time.sleep(POLL)
        say(f"JupyterHub {JUPYTERHUB.split('==')[1]} on {base}; {args.students} students, "
            f"notebook {notebook}, OMP_NUM_THREADS={args.threads}, "
            + ("a system user each" if as_root else "one system user"))
        sampler.start()

        solo = Student(names[0], base, notebook, stored, sanitizers, args.threads)
        solo.work()
        if not solo.errors:
            solo.stop_server()
        failures += [f"solo {solo.name}: {error}" for error in solo.errors]
        solo_pss = sampler.peak_student_pss.get(names[0], 0)
        if solo.times.get("total"):
            report.append(f"solo: server start {solo.times['start']:.1f} s, "
                          f"notebook {solo.times['run']:.1f} s, total {solo.times['total']:.1f} s; "
                          f"peak memory {solo_pss / 1024:.0f} MiB (PSS)")

        students = [Student(name, base, notebook, stored, sanitizers, args.threads) for name in names]
        started = time.monotonic()
        together(students, "work")
        wall = time.monotonic() - started
        for student in students:
            failures += [f"{student.name}: {error}" for error in student.errors]
        finished = [student for student in students if "total" in student.times]
        report.append(f"together: {len(finished)} of {len(students)} finished in {wall:.1f} s wall")
        if finished:
            report.append("  server start: " + summary([s.times["start"] for s in finished]))
            report.append("  notebook run: " + summary([s.times["run"] for s in finished]))
            report.append("  per student, login to last cell: "
                          + summary([s.times["total"] for s in finished]))
            if solo.times.get("run"):
                ratio = statistics.median([s.times["run"] for s in finished]) / solo.times["run"]
                report.append(f"  notebook run against solo: {ratio:.1f}x (median), "
                              f"{os.cpu_count()} cores for {len(students)} students")
        report.append(check_isolation(students, homes, as_root, failures))
        together([student for student in students if student.token], "stop_server")
        sampler.sample()
        sampler.stop.set()
        peaks = list(sampler.peak_student_pss.values())
        report.append(f"peak memory, all students: {sampler.peak_total_pss / 1024:.0f} MiB PSS; per student "
                      f"up to {max(peaks, default=0) / 1024:.0f} MiB PSS; one kernel up to "
                      f"{sampler.peak_kernel_rss / 1024:.0f} MiB RSS, {sampler.peak_kernel_threads} threads")
        if as_root:
            import pwd
            for name, uids in sampler.uids.items():
                if uids != {pwd.getpwnam(name).pw_uid}:
                    failures.append(f"{name}'s server or kernel ran as uid {sorted(uids)}")
    except Exception as error:
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        sampler.stop.set()
        if hub is not None and hub.poll() is None:
            hub.send_signal(signal.SIGTERM)
            try:
                hub.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                failures.append("JupyterHub did not stop within a minute of SIGTERM: killed")
                os.killpg(hub.pid, signal.SIGKILL)
                hub.wait()
        failures += leftovers(names, staging, ports, sampler.ports)
        for name in created:
            remove_user(name)
            if user_exists(name):
                failures.append(f"system user {name} could not be removed")
    say("\n".join(report))
    if failures:
        say(f"FAILED: {len(failures)} failure(s); JupyterHub's log: {log_path}")
        for failure in failures[:40]:
            say("  " + failure)
        if hub is not None:
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                say("last lines of JupyterHub's log:\n" + "".join(handle.readlines()[-30:]))
        return 1
    say("load test passed: every run finished, every stored output matched, nothing left running")
    return 0


def leftovers(names, staging, ports, server_ports):
    """Every process and port the test started must be gone: (failures)."""
    found = []
    deadline = time.monotonic() + 10   # processes that were sent SIGTERM take a moment
    while True:
        table = process_table()
        owned = students_processes(table, set(names))
        import pwd
        uids = set()
        for name in names:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        mine, pid = set(), os.getpid()   # this process and the ones that started it
        while pid in table and pid not in mine:
            mine.add(pid)
            pid = table[pid][0]
        left = sorted(pid for pid, row in table.items()
                      if pid not in mine and (pid in owned or row[1] in uids or staging in row[6]))
        if not left or time.monotonic() > deadline:
            break
        time.sleep(POLL)
    for pid in left:
        found.append(f"process {pid} still runs: {table[pid][6][:120]}")
        try:
            os.kill(pid, signal.SIGKILL)   # a process this test started
        except OSError:
            pass
    for port in sorted(set(ports.values()) | set(server_ports or ())):
        if port_open(port):
            found.append(f"port {HOST}:{port} still listens")
    return found


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Failed(message)


def main(argv=None):
    parser = Parser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=10, help="how many students at once (default 10)")
    parser.add_argument("--notebook", default="02", help="the notebook's number (default 02)")
    parser.add_argument("--threads", type=int, default=1, help="OMP_NUM_THREADS the hub gives each server")
    parser.add_argument("--keep", help="build the server in this folder and keep it (faster reruns)")
    parser.add_argument("--in-env", help=argparse.SUPPRESS)
    try:
        args = parser.parse_args(argv)
        if not 1 <= args.students <= 60:
            raise Failed(f"--students: expected 1 to 60, got {args.students}")
        if args.threads < 1:
            raise Failed(f"--threads: expected 1 or more, got {args.threads}")
        return run_in_env(args) if args.in_env else prepare(args)
    except Failed as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
