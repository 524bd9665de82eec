"""The same retrieval tests against a real `chroma run` server on 127.0.0.1 (HttpClient)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.retrieval_cases import check_hits_shape, check_retrieval_quality
from tunewise.knowledge.index import KnowledgeIndex


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory):
    exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"chroma server exited: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma server did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_server_build_and_retrieve(chroma_url):
    index = KnowledgeIndex(url=chroma_url)
    assert index.build().status == "built"
    check_hits_shape(index)
    check_retrieval_quality(index)
    # A second client (as a new process would) finds the same index without rebuilding.
    again = KnowledgeIndex(url=chroma_url)
    assert again.build().status == "up_to_date"
    assert again.search("canary rollout and rollback", 1)[0].doc == "deployment-and-monitoring"
