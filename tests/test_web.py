"""The web app without a browser: 20 concurrent sessions through gradio_client keep their
conversations apart, the serve command's address/login rules, and the data-directory rule."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.webserver import TUNEWISE, serving
from tunewise.agent.toolkit.confine import OutsideDataDir, confine_args
from tunewise.core.settings import Settings

ADVICE = (
    "We need one consistent JSON output format at 50k requests a day, 1200 prompt tokens and "
    "200 completion tokens. Data must stay in our VPC, we have an eval set and prompting "
    "plateaued at 70%. Should we fine-tune?"
)


def _session(url: str, n: int) -> tuple[int, str, str]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    client.predict(f"We have {n:,} labelled examples.", api_name="/ask")
    out = client.predict(ADVICE, api_name="/ask")
    answer = out[0][-1]["content"]
    text = answer if isinstance(answer, str) else " ".join(p.get("text", "") for p in answer)
    return n, text, out[3]


def test_twenty_concurrent_sessions_keep_their_conversations_apart(tmp_path):
    counts = [2000 + 137 * i for i in range(20)]
    with serving(tmp_path / "data") as url:
        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(lambda n: _session(url, n), counts))
    for n, answer, card in results:
        assert "Recommendation" in card, card
        assert f"{n:,} examples" in answer, (n, answer[:400])
        others = [m for m in counts if m != n and f"{m:,} examples" in answer]
        assert others == [], f"session {n} saw facts from {others}"


def test_serve_refuses_a_public_address_without_a_login(tmp_path):
    env = {"TUNEWISE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    r = subprocess.run(
        [TUNEWISE, "serve", "--host", "0.0.0.0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert "TUNEWISE_WEB_USER" in r.stderr and "--no-auth-i-understand" in r.stderr
    assert "Traceback" not in r.stderr


def test_login_is_required_when_a_password_is_set(tmp_path):
    from gradio_client import Client

    env = {"TUNEWISE_WEB_USER": "pm", "TUNEWISE_WEB_PASSWORD": "s3cret-pass"}
    with serving(tmp_path / "data", env=env) as url:
        with pytest.raises(Exception, match="(?i)login|auth|401|credentials"):
            Client(url, verbose=False)
        client = Client(url, auth=("pm", "s3cret-pass"), verbose=False)
        assert "/ask" in client.view_api(return_format="dict", print_info=False)["named_endpoints"]


def test_auth_rules():
    from tunewise.ui.cmd_serve import auth_for

    plain = Settings(web_user=None, web_password=None)
    assert auth_for(plain, "127.0.0.1", False) is None
    assert auth_for(plain, "0.0.0.0", True) is None
    with pytest.raises(ValueError, match="TUNEWISE_WEB_USER"):
        auth_for(plain, "0.0.0.0", False)
    login = Settings(web_user="a", web_password="b")
    assert auth_for(login, "10.0.0.5", False) == ("a", "b")
    with pytest.raises(ValueError, match="both"):
        auth_for(Settings(web_user="a", web_password=None), "127.0.0.1", False)


def test_uploads_are_size_limited_and_kept_under_the_data_dir(tmp_path):
    from tunewise.ui.web.services import Services, UIError

    services = Services(Settings(data_dir=tmp_path / "data", upload_limit_mb=1))
    small = tmp_path / "ok.jsonl"
    small.write_text('{"a": 1}\n')
    kept = services.keep_upload(small, (".jsonl",))
    assert kept.parent == services.uploads and kept.read_text() == small.read_text()
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    with pytest.raises(UIError, match="limited to 1 MB"):
        services.keep_upload(big, (".jsonl",))
    with pytest.raises(UIError, match="not a .jsonl"):
        services.keep_upload(tmp_path / "x.exe", (".jsonl",))
    with pytest.raises(OutsideDataDir):
        services.inside("../../etc/passwd")
    link = services.uploads / "escape.jsonl"
    link.symlink_to(small)
    with pytest.raises(OutsideDataDir):
        services.inside(link)
    assert services.inside("uploads/" + kept.name) == kept


def test_agent_file_arguments_are_confined(tmp_path):
    from tunewise.agent.toolkit.launch import LaunchInput
    from tunewise.tools.evaluate import EvalInput
    from tunewise.tools.validate import ValidateInput

    root = tmp_path / "data"
    root.mkdir()
    assert confine_args(None, {"path": "/etc/passwd"}, ValidateInput) == {"path": "/etc/passwd"}
    args = {"dataset": "uploads/a.jsonl", "base_model": "smollm2"}
    assert confine_args(root, args, LaunchInput) == {
        "dataset": str(root.resolve() / "uploads" / "a.jsonl"),
        "base_model": "smollm2",
    }
    for model, bad in (
        (ValidateInput, {"path": "/etc/passwd"}),
        (LaunchInput, {"base_model": "../model"}),
        (EvalInput, {"out_dir": "/tmp"}),
    ):
        with pytest.raises(OutsideDataDir, match="outside the data directory"):
            confine_args(root, bad, model)


def test_restored_chat_rebuilds_tool_steps(tmp_path: Path):
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    from tunewise.ui.web.chat_tab import to_chat

    msgs = [
        HumanMessage(content="check data.jsonl"),
        AIMessage(
            content="", tool_calls=[{"name": "validate_data", "args": {"path": "d"}, "id": "c1"}]
        ),
        ToolMessage(content='{"ok": false}', tool_call_id="c1", name="validate_data"),
        AIMessage(content="It has errors."),
    ]
    chat = to_chat(msgs)
    assert [m["role"] for m in chat] == ["user", "assistant", "assistant"]
    step = chat[1]
    assert (
        step["metadata"]["title"] == "Tool: validate_data" and step["metadata"]["status"] == "done"
    )
    assert '"ok": false' in step["content"]


def test_knowledge_tab_adds_documents_to_the_index(tmp_path):
    from tunewise.ui.web.knowledge_tab import add_documents, documents, search
    from tunewise.ui.web.services import Services, UIError

    services = Services(Settings(data_dir=tmp_path / "data"))
    note = tmp_path / "runbook.md"
    note.write_text(
        "# Our GPU runbook\n\n## Quokka cluster\n\nThe quokka cluster has eight L40S cards "
        "reserved for LoRA experiments on Tuesdays.\n",
        encoding="utf-8",
    )
    text = add_documents(services, [str(note)])
    assert "Added 1 document" in text
    assert "yours: runbook" in documents(services)
    assert "quokka cluster" in search(services, "which cluster has L40S cards for LoRA", 4).lower()
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    before = sorted(p.name for p in services.user_docs.iterdir())
    with pytest.raises(Exception, match="(?i)binary|utf-8|text"):
        add_documents(services, [str(note), str(binary)])
    assert sorted(p.name for p in services.user_docs.iterdir()) == before
    with pytest.raises(UIError, match="not a .md or .txt"):
        add_documents(services, [str(tmp_path / "x.pdf")])


def test_served_fonts_cover_the_text_they_set(tmp_path):
    """gradio's semibold font files are 55-75 glyph subsets (no C-Z, no lower case), so bold
    text switched fonts letter by letter; the page loads only complete weights."""
    import urllib.request

    with serving(tmp_path / "data") as url:
        css = urllib.request.urlopen(url + "theme.css", timeout=30).read().decode()
    assert "SourceSansPro-Regular.woff2" in css and "SourceSansPro-Bold.woff2" in css
    assert "IBMPlexMono-Bold.woff2" in css
    assert "SemiBold" not in css and "Medium" not in css
