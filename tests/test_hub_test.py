"""tools/hub_test.py, the class-server load test: its output comparison, its hub's addresses, its bookkeeping.

The load test itself (a real JupyterHub) runs in make hub-test; these tests need no hub.
"""

import importlib.util
import json
import os
import re
import socket
import stat

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("hub_test", os.path.join(ROOT, "tools", "hub_test.py"))
hub_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hub_test)

SANITIZERS = hub_test.read_sanitizers(os.path.join(ROOT, "tests", "nbval_sanitize.cfg"))


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def result(data):
    return {"output_type": "execute_result", "data": data, "metadata": {}, "execution_count": 3}


def test_sanitizers_are_read_in_order_from_the_nbval_file():
    assert [(regex.pattern, replace) for regex, replace in SANITIZERS] == [
        (r"0x[0-9a-fA-F]{6,16}", "0xADDRESS"), (r"/tmp/ipykernel_\d+/\d+\.py", "<ipykernel>")]


@pytest.mark.parametrize("stored, produced", [
    ([stream("a\nb\n")], [stream("a\n"), stream("b\n")]),                  # chunks of one stream
    ([stream(["a\n", "b\n"])], [stream("a\nb\n")]),                        # a stored list of lines
    ([stream("done\n")], [stream("10%\r50%\rdone\n")]),                    # a carriage return
    ([result({"text/plain": "<object at 0x7f00aa11bb22>"})],
     [result({"text/plain": "<object at 0x7f99cc33dd44>"})]),               # a sanitized address
    ([result({"text/plain": "<Figure>", "image/png": "AAAA"})],
     [result({"text/plain": "<Figure>", "image/png": "BBBB"})]),           # pictures are not compared
    ([], [stream("anything\n")]),                                          # no stored outputs
])
def test_outputs_that_nbval_would_accept_match(stored, produced):
    assert hub_test.compare_cell(stored, produced, SANITIZERS) is None


@pytest.mark.parametrize("stored, produced, expected", [
    ([stream("0.5\n")], [stream("0.6\n")], "stdout differs"),
    ([stream("x\n")], [stream("x\n", "stderr")], "output fields differ"),
    ([result({"text/plain": "1"})], [result({"text/plain": "1"}), result({"text/plain": "2"})],
     "text/plain differs"),
    ([result({"text/plain": "1", "text/html": "<b>1</b>"})], [result({"text/plain": "1"})],
     "output fields differ"),
])
def test_outputs_that_nbval_would_refuse_differ(stored, produced, expected):
    assert expected in hub_test.compare_cell(stored, produced, SANITIZERS)


@pytest.mark.parametrize("metadata, source, mode", [
    ({"tags": ["nbval-ignore-output"]}, "x = 1", "ignore"),
    ({}, "# NBVAL_IGNORE_OUTPUT\nx", "ignore"),
    ({"tags": ["raises-exception"]}, "1 / 0", "raises"),
    ({"tags": ["nbval-skip"]}, "x", "skip"),
    ({}, "x", "check"),
])
def test_cells_are_treated_as_nbval_treats_them(metadata, source, mode):
    assert hub_test.cell_mode({"cell_type": "code", "metadata": metadata, "source": source}) == mode


def test_every_ignored_cell_of_the_tested_notebooks_is_tagged():
    for number in ("02", "04"):
        name = next(n for n in os.listdir(os.path.join(ROOT, "notebooks")) if n.startswith(number))
        with open(os.path.join(ROOT, "notebooks", name), encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
        modes = {hub_test.cell_mode(cell) for cell in cells if cell["cell_type"] == "code"}
        assert modes <= {"check", "ignore"} and "check" in modes


def message(kind, content, channel="iopub"):
    return {"header": {"msg_type": kind}, "content": content, "channel": channel}


def test_kernel_messages_become_the_outputs_a_notebook_stores():
    outputs = []
    for item in [message("stream", {"name": "stdout", "text": "old"}),
                 message("clear_output", {"wait": False}),
                 message("stream", {"name": "stdout", "text": "a"}),
                 message("display_data", {"data": {"text/plain": "d"}, "metadata": {}}),
                 message("execute_result", {"data": {"text/plain": "r"}, "execution_count": 1}),
                 message("error", {"ename": "ValueError", "evalue": "bad", "traceback": []}),
                 message("status", {"execution_state": "idle"})]:
        hub_test.apply_message(outputs, item)
    assert outputs == [stream("a"), {"output_type": "display_data", "data": {"text/plain": "d"}},
                       {"output_type": "execute_result", "data": {"text/plain": "r"}},
                       {"output_type": "error", "ename": "ValueError", "evalue": "bad"}]


@pytest.mark.parametrize("spawner", ["localprocess", "simple"])
def test_the_hub_and_every_server_listen_on_loopback_only(spawner):
    ports = {"public": 8001, "hub": 8002, "proxy_api": 8003}
    config = hub_test.hub_config("/tmp/course-hub-x", ports, spawner, 1, "secret")
    namespace = {"c": Config()}
    exec(config, namespace)
    c = namespace["c"]
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8003"
    assert (c.JupyterHub.port, c.JupyterHub.hub_port) == (8001, 8002)
    assert c.Spawner.environment == {"OMP_NUM_THREADS": "1"}
    assert c.JupyterHub.spawner_class == spawner
    hosts = set(re.findall(r"\d+\.\d+\.\d+\.\d+", config))
    assert hosts == {"127.0.0.1"}
    assert c.JupyterHub.db_url.startswith("sqlite:////tmp/course-hub-x/")


class Config:
    """A stand-in for traitlets' config object: attribute sections made on first use."""

    def __getattr__(self, name):
        section = type("Section", (), {})()
        setattr(self, name, section)
        return section


def test_the_students_processes_are_their_servers_and_everything_below():
    #          pid: (ppid, uid, student, port, threads, rss, cmdline)
    table = {1: (0, 0, None, None, 1, 0, "init"),
             10: (1, 0, None, None, 1, 0, "jupyterhub"),
             11: (10, 1001, "ada", 40001, 5, 100, "jupyterhub-singleuser"),
             12: (11, 1001, "ada", None, 16, 400, "python -m ipykernel_launcher"),
             13: (12, 1001, None, None, 1, 5, "sh"),
             21: (10, 1002, "bo", 40002, 5, 100, "jupyterhub-singleuser"),
             31: (10, 1003, "eve", 40003, 5, 100, "jupyterhub-singleuser")}
    assert hub_test.students_processes(table, {"ada", "bo"}) == {11: "ada", 12: "ada", 13: "ada", 21: "bo"}


def test_a_process_table_holds_this_process_and_its_memory():
    table = hub_test.process_table()
    ppid, uid, student, port, threads, rss, cmdline = table[os.getpid()]
    assert (ppid, uid) == (os.getppid(), os.getuid()) and threads >= 1 and rss > 0
    assert "pytest" in cmdline or "python" in cmdline
    assert 0 < hub_test.proportional_memory(os.getpid()) <= rss


def test_only_a_path_open_to_everyone_counts_as_usable(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "python").write_text("", encoding="utf-8")
    for folder in [tmp_path, shared]:
        os.chmod(folder, 0o755)
    os.chmod(shared / "python", 0o755)
    opened = all(os.stat(parent).st_mode & stat.S_IXOTH for parent in tmp_path.parents)
    assert hub_test.others_can_use(str(shared / "python")) == opened
    os.chmod(shared, 0o700)
    assert not hub_test.others_can_use(str(shared / "python"))
    os.chmod(shared, 0o755)
    os.chmod(shared / "python", 0o700)
    assert not hub_test.others_can_use(str(shared / "python"))


def test_a_free_port_is_on_loopback_and_closed():
    port = hub_test.free_port()
    assert 1024 <= port <= 65535 and not hub_test.port_open(port)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        assert hub_test.port_open(server.getsockname()[1])


@pytest.mark.parametrize("args, expected", [
    (["--students", "0"], "--students: expected 1 to 60, got 0"),
    (["--threads", "0"], "--threads: expected 1 or more, got 0"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_misuse_prints_one_error_line_and_exits_2(capsys, args, expected):
    assert hub_test.main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"error: {expected}\n"
