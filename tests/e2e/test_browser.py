"""The web app in a real browser: Debian's chromium (installed by scripts/browser.sh) driven
by Playwright against `tunewise serve` started on 127.0.0.1 with its own data directory."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.tiny_model import chat_rows, make_tiny_llama, write_jsonl
from tests.webserver import serving

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TURN_MS = 90_000  # the first turn also loads the embedding model and the index


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("webdata")
    make_tiny_llama(data / "models" / "tiny")
    with serving(data) as url:
        yield url, data


@pytest.fixture(scope="module")
def browser():
    subprocess.run([str(ROOT / "scripts" / "browser.sh")], check=True)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TURN_MS)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, app):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    p = ctx.new_page()
    outside: list[str] = []  # offline by default: the page itself must not reach the internet
    p.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlparse(r.url).hostname not in (None, "127.0.0.1", "localhost")
            else None
        ),
    )
    p.set_default_timeout(TURN_MS)
    p.goto(app[0])
    yield p
    ctx.close()
    assert outside == [], f"the page requested outside hosts: {outside[:5]}"


def ask_and_wait(page, text: str) -> None:  # noqa: ANN001
    """Send a message and wait until its turn has finished streaming (a message sent while a
    turn still streams is not taken, as for a person typing)."""
    import time

    users = page.locator("#chat .message.user")
    before = users.count()
    ask(page, text)
    from playwright.sync_api import expect

    expect(users).to_have_count(before + 1)
    seen, still = None, time.monotonic()
    while time.monotonic() - still < 1.5:
        now = page.locator("#chat").inner_text()
        if now != seen:
            seen, still = now, time.monotonic()
        page.wait_for_timeout(200)


def wait_for_log(log, done: str, stall_s: float = 300.0) -> None:
    """Wait until the job log panel shows `done`, failing only when the panel has not changed
    for `stall_s` seconds (a busy machine makes training slower, not wrong)."""
    import time

    seen, moved = None, time.monotonic()
    while True:
        text = log.input_value()
        if done in text:
            return
        if text != seen:
            seen, moved = text, time.monotonic()
        assert time.monotonic() - moved < stall_s, f"the job log stopped moving:\n{text[-1500:]}"
        time.sleep(1)


def ask(page, text: str) -> None:
    box = page.locator("#ask textarea")
    box.fill(text)
    box.press("Enter")


def test_question_gets_a_recommendation_with_sources_that_survives_reload(page):
    from playwright.sync_api import expect

    ask(
        page,
        "We handle 20k tickets a day, about 1500 prompt tokens and 300 completion tokens. "
        "Customer data must stay inside our VPC, we have 8,000 labelled examples and an eval "
        "set, and prompting plateaued at 70%. We need a consistent JSON format. Fine-tune?",
    )
    card = page.locator("#card")
    expect(card).to_contain_text("Recommendation:")
    expect(card).to_contain_text("Cost:")
    expect(card).to_contain_text("$")
    sources = page.locator("#sources label")
    expect(sources.first).to_be_visible()
    label = sources.first.inner_text()
    sources.first.click()
    expect(page.locator("#section")).to_contain_text(label.split(">")[-1].strip())
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "web-chat.png"), full_page=True)
    page.reload()
    expect(page.locator("#chat")).to_contain_text("8,000 labelled examples")
    expect(page.locator("#card")).to_contain_text("Recommendation:")  # the card survives a reload
    expect(page.locator("#sources label").first).to_be_visible()
    page.locator("#audit").click()  # the decision audit of this conversation, as Markdown
    link = page.locator("#audit-file a[download]").first
    expect(link).to_be_visible()
    audit = page.request.get(link.get_attribute("href")).text()
    assert audit.startswith("# Decision memo") and "8,000 labelled examples" in audit
    assert "**Recommendation:" in audit and "**Next steps.**" in audit


def test_facts_on_the_card_can_be_edited_and_rerun_the_advice(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="New conversation").click()
    ask(
        page,
        "We have 4,000 chat transcripts, customer data must stay in our VPC, prompting "
        "plateaued at 70% and we have an eval set of 300 graded answers.",
    )
    expect(page.locator("#card")).to_contain_text("LoRA on an open-weight model")
    page.locator("#facts").get_by_text("Facts (edit and update the advice)").click()
    expect(page.locator("#fact-n_examples input")).to_have_value("4000")
    page.locator("#fact-data input").click()
    page.get_by_role("option", name="may go to a hosted provider").click()
    page.locator("#update-facts").click()
    expect(page.locator("#chat")).to_contain_text("I edited the facts on the card")
    expect(page.locator("#chat .message.bot").last).to_contain_text(
        "Now Hosted fine-tuning, was LoRA"
    )
    expect(page.locator("#card")).to_contain_text("Hosted fine-tuning")
    ask(page, "thanks!")  # a non-advice turn keeps the card
    expect(page.locator("#chat .message.bot").last).to_contain_text("You're welcome")
    expect(page.locator("#card")).to_contain_text("Hosted fine-tuning")


def test_clarifying_question_answered_by_clicking_a_quick_reply(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="New conversation").click()
    page.locator("#ask textarea").press("Enter")  # an empty message: a message box, no turn
    expect(page.get_by_text("Type a question first")).to_be_visible()
    expect(page.locator("#chat .message.user")).to_have_count(0)
    ask(page, "Should we fine-tune a model for our support bot?")
    option = page.locator("#chat button.option").first
    expect(option).to_be_visible()
    reply = option.inner_text()
    option.click()
    expect(page.locator("#chat .message.user").last).to_contain_text(reply)
    expect(page.locator("#chat .message.bot")).to_have_count(2)


def test_bad_jsonl_shows_errors_by_line(page, tmp_path):
    from playwright.sync_api import expect

    good = json.dumps(chat_rows(1)[0])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(f"{good}\n{{not json\n{good}\n", encoding="utf-8")
    page.get_by_role("tab", name="Data", exact=True).click()
    page.locator("#data-file input[type=file]").set_input_files(str(bad))
    page.locator("#data-go").click()
    issues = page.locator("#data-issues")
    expect(issues).to_contain_text("invalid_json")
    expect(page.locator("#data-summary")).to_contain_text("has errors")
    expect(issues.get_by_role("row", name=re.compile(r"^2 error invalid_json"))).to_be_visible()


def test_plan_and_launch_a_tiny_training_job_with_approval(page, app, tmp_path):
    from playwright.sync_api import expect

    _, data = app
    rows = write_jsonl(tmp_path / "train.jsonl", chat_rows(40))
    page.get_by_role("tab", name="Training", exact=True).click()
    page.locator("#train-upload input[type=file]").set_input_files(str(rows))
    expect(page.locator("#train-data input")).to_have_value(re.compile(r"train\.jsonl"))
    base = page.locator("#train-base input")
    base.fill(str(data / "models" / "tiny"))
    base.press("Enter")
    page.locator("#train-plan").click()
    expect(page.locator("#train-plan-text")).to_contain_text("Plan:")
    page.locator("#train-launch").click()
    page.locator("#train-confirm").click()
    expect(page.locator("#train-plan-text")).to_contain_text("Launched job")
    log = page.locator("#job-log textarea")
    wait_for_log(log, "status: completed")
    expect(page.locator("#jobs")).to_contain_text("completed")
    shown = log.input_value()  # progress in words, not progress bars or library warnings
    assert re.search(r"step \d+/\d+  loss", shown) and "adapter saved to" in shown, shown
    assert "it/s]" not in shown and "Warning" not in shown, shown
    page.screenshot(path=str(SHOTS / "web-training.png"), full_page=True)


def test_chat_launch_waits_for_approve_or_cancel(page, app):
    from playwright.sync_api import expect

    _, data = app
    rows = write_jsonl(data / "uploads" / "chat-train.jsonl", chat_rows(30))
    tiny = data / "models" / "tiny"
    page.get_by_role("button", name="New conversation").click()
    ask(page, f"kick off a LoRA run on {rows} with base model {tiny} for 4 steps")
    expect(page.locator("#approve")).to_be_visible()
    expect(page.locator("#chat")).to_contain_text("Plan:")
    page.locator("#decline").click()
    expect(page.locator("#chat")).to_contain_text("Not launched")
    expect(page.locator("#approve")).to_be_hidden()

    ask(page, f"kick off a LoRA run on {rows} with base model {tiny} for 4 steps")
    expect(page.locator("#approve")).to_be_visible()
    page.locator("#approve").click()
    expect(page.locator("#chat")).to_contain_text("Tool: launch_training")
    expect(page.locator("#chat .message.bot").last).to_contain_text("job")
    expect(page.locator("#approve")).to_be_hidden()


def test_chat_refuses_files_outside_the_data_directory(page, tmp_path):
    from playwright.sync_api import expect

    outside = write_jsonl(tmp_path / "private.jsonl", chat_rows(12))
    page.get_by_role("button", name="New conversation").click()
    ask(page, f"validate {outside}")
    expect(page.locator("#chat .message.bot").last).to_contain_text("outside the data directory")


def test_synthetic_data_tab_generates_a_downloadable_file(page, tmp_path):
    from playwright.sync_api import expect

    from tests.test_synth import TASK, seed_file

    page.get_by_role("tab", name="Synthetic data", exact=True).click()
    page.locator("#synth-seeds input[type=file]").set_input_files(str(seed_file(tmp_path)))
    page.locator("#synth-task textarea").fill(TASK)
    page.locator("#synth-go").click()
    # the fluency check loads SmolLM2 into the server (torch and transformers imported, the
    # converted weights read) before the first row: slow on a busy two-core machine
    expect(page.locator("#synth-report")).to_contain_text("50 of 50 rows", timeout=4 * TURN_MS)
    expect(page.locator("#synth-report")).to_contain_text("validator: passes")
    expect(page.locator("#synth-download")).to_be_visible()


def test_cost_tab_plots_cumulative_cost(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Cost", exact=True).click()
    page.locator("#cost-go").click()
    expect(page.locator("#cost-table")).to_contain_text("ft:gpt-4o-mini")
    expect(page.locator("#cost-plot canvas, #cost-plot svg").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "web-cost.png"), full_page=True)


def test_cost_tab_loads_the_worked_scenario_with_the_tuned_prompt(page):
    """One click: 100k queries a day at 2,000 prompt tokens, 500 once tuned; the table, the
    tuned-prompt field and the dated notes all show it."""
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Cost", exact=True).click()
    page.locator("#cost-seed").click()
    table = page.locator("#cost-table")
    expect(table).to_contain_text("ft:gpt-3.5-turbo-0125")
    expect(table).to_contain_text("3500")  # GPT-4 Turbo a day, as in the knowledge base
    expect(table).to_contain_text("390")  # the tuned model at 500 + 400 tokens
    expect(page.locator("#cost-ft-prompt input")).to_have_value("500")
    expect(page.get_by_text("Dates that matter").first).to_be_visible()
    expect(page.get_by_text("closes to new fine-tuning jobs").first).to_be_visible()


def test_knowledge_tab_search(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Knowledge", exact=True).click()
    page.locator("#kb-query textarea").fill("how much GPU memory does QLoRA need")
    page.locator("#kb-go").click()
    expect(page.locator("#kb-results")).to_contain_text("lora")
    page.get_by_text("Read a document").click()  # a document reads as a document
    page.locator("#kb-doc input").click()
    page.get_by_role("option", name="lora-peft", exact=True).click()
    view = page.locator("#kb-doc-view")
    expect(view.locator("h1")).to_have_text("LoRA and QLoRA for open-weight models")
    expect(view).to_contain_text("last reviewed")
    assert "last_reviewed:" not in view.inner_text() and "tags:" not in view.inner_text()


# ---- the web app as people use it (issue 16) ----------------------------------------------
INTERNAL = re.compile(
    r"\b(?:lora_open_weight|proprietary_finetune|prompt_engineering|data_may_leave|n_examples|"
    r"tried_prompting|eval_ready)\b|\{'|--fix\b|tunewise train logs"
)
TABS = ["Chat", "Cost", "Data", "Synthetic data", "Training", "Knowledge"]


def _advice(page) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    ask(
        page,
        "We have 8,000 labelled examples, data must stay in our VPC and prompting plateaued at 70%.",
    )
    expect(page.locator("#card")).to_contain_text("Recommendation:")


def test_trash_icon_and_new_conversation_start_an_empty_thread_that_survives_reload(page):
    from playwright.sync_api import expect

    for start_new in ("trash", "button"):
        page.get_by_role("button", name="New conversation").click()
        _advice(page)
        if start_new == "trash":
            page.locator("#chat").get_by_label("Clear").click()
        else:
            page.get_by_role("button", name="New conversation").click()
        expect(page.locator("#chat .message")).to_have_count(0)
        expect(page.locator("#card")).not_to_contain_text("Recommendation:")  # server side done
        page.wait_for_timeout(500)  # and the new thread id stored in the browser
        page.reload()
        expect(page.locator("#ask textarea")).to_be_visible()
        page.wait_for_timeout(1500)  # the restore runs on load
        expect(page.locator("#chat .message")).to_have_count(0)
        expect(page.locator("#card")).not_to_contain_text("Recommendation:")
        ask(page, "Should we fine-tune?")  # the old facts are gone: it has to ask
        expect(page.locator("#chat .message.bot").last).to_contain_text("a few quick questions")
        expect(page.locator("#card")).to_contain_text("Waiting for your answers")  # turn done


def test_an_empty_message_is_one_toast_and_the_page_stays_usable(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="New conversation").click()
    page.locator("#ask textarea").press("Enter")
    expect(page.get_by_text("Type a question first")).to_have_count(1)
    page.wait_for_timeout(500)
    assert page.locator(".error").count() == 0 or not page.locator(".error").first.is_visible()
    ask(page, "what is QLoRA?")  # the input still works, with no error overlay to close
    expect(page.locator("#chat .message.bot").last).to_contain_text("QLoRA")


def test_uploaded_files_keep_their_names_and_the_chat_finds_them(page, tmp_path):
    from playwright.sync_api import expect

    rows = write_jsonl(tmp_path / "valid_chat.jsonl", chat_rows(60))
    page.get_by_role("tab", name="Data", exact=True).click()
    page.locator("#data-file input[type=file]").set_input_files(str(rows))
    page.locator("#data-go").click()
    summary = page.locator("#data-summary")
    expect(summary).to_contain_text("60 valid examples")
    expect(summary).to_contain_text("for training")  # not a Python dict
    assert "{'train'" not in summary.inner_text()
    files = page.locator("#data-files")
    expect(files).to_contain_text("valid_chat.jsonl")
    expect(files).to_contain_text("uploads/")
    page.get_by_role("tab", name="Chat", exact=True).click()
    page.get_by_role("button", name="New conversation").click()
    ask_and_wait(page, "validate valid_chat.jsonl")
    last = page.locator("#chat .message.bot").last
    expect(last).to_contain_text("60 valid examples")
    expect(last).not_to_contain_text("--fix")  # web words, not CLI flags
    ask(page, "kick off a LoRA run on it for 2 steps")
    expect(page.locator("#approve")).to_be_visible()
    plan = page.locator("#chat .message.bot").last
    expect(plan).to_contain_text("valid_chat.jsonl")
    expect(plan).to_contain_text("SmolLM2")  # the Training tab's default base model, named
    page.locator("#decline").click()
    expect(page.locator("#chat")).to_contain_text("Not launched")


def test_a_file_that_is_not_text_gets_one_message(page, tmp_path):
    from playwright.sync_api import expect

    png = tmp_path / "picture.jsonl"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    page.get_by_role("tab", name="Data", exact=True).click()
    page.locator("#data-file input[type=file]").set_input_files(str(png))
    page.locator("#data-go").click()
    expect(page.get_by_text("is not a text file")).to_have_count(1)


def open_tab(page, name: str) -> None:  # noqa: ANN001
    """A tab by name; on a phone the later tabs sit in the 'More tabs' menu."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count() and tab.is_visible():
        tab.click()
        return
    page.get_by_label("More tabs").click()
    page.locator("button", has_text=name).filter(visible=True).last.click()


def test_every_tab_at_desktop_and_phone_width(browser, app):
    from playwright.sync_api import expect

    for name, viewport in (("desktop", (1400, 1000)), ("phone", (390, 844))):
        ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = ctx.new_page()
        page.goto(app[0])
        ask(page, "what is LoRA?")
        first = page.locator("#chat .message").first
        expect(first).to_be_visible()
        expect(page.locator("#chat .message.bot").last).to_contain_text("LoRA")
        page.wait_for_timeout(1500)  # the turn's loading overlay has gone
        covering = page.evaluate(
            """() => {
              // the topmost message in view, where the chat left its scroll: the corners and
              // the middle of its visible part must be the message itself, not a label,
              // toolbar or overlay drawn over it
              const wrap = document.querySelector('#chat .bubble-wrap').getBoundingClientRect();
              const msgs = [...document.querySelectorAll('#chat .message')];
              const msg = msgs.find(m => m.getBoundingClientRect().bottom > wrap.top + 8);
              const r = msg.getBoundingClientRect();
              const top = Math.max(r.top, wrap.top) + 4, bottom = Math.min(r.bottom, wrap.bottom) - 4;
              const pts = [[r.left + 4, top], [r.right - 4, top], [(r.left + r.right) / 2, top],
                           [r.left + 4, bottom], [r.right - 4, bottom]];
              return pts.map(([x, y]) => document.elementFromPoint(x, y))
                        .filter(el => !el || !msg.contains(el))
                        .map(el => el ? (el.className || el.tagName).toString() : 'nothing');
            }"""
        )
        assert covering == [], f"{name}: {covering} cover the first message"
        for tab in TABS:
            open_tab(page, tab)
            page.wait_for_timeout(300)
            text = page.locator("body").inner_text()
            leaked = INTERNAL.findall(text)
            assert not leaked, f"{tab} ({name}) shows internal names: {leaked[:5]}"
            page.screenshot(
                path=str(SHOTS / f"tab-{tab.lower().replace(' ', '-')}-{name}.png"), full_page=True
            )
        ctx.close()


def test_typing_while_a_turn_streams_is_kept(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="New conversation").click()
    ask(page, "Draft a 300-word answer: LoRA versus RAG for a support bot?")
    box = page.locator("#ask textarea")
    expect(page.locator("#chat .message.user")).to_have_count(1)
    box.fill("my next question")  # typed while the answer still streams in
    ask_and_wait_done = page.locator("#chat .message.bot").last
    expect(ask_and_wait_done).to_contain_text("RAG")
    page.wait_for_timeout(2500)  # every frame of the turn has arrived
    expect(box).to_have_value("my next question")


def test_follow_ups_rewrite_interview_plan_cancel_and_reload_after_thanks(page):
    """The four kinds of user after the first answer: a PM asks for a shorter version, a
    candidate for the interviewer's next questions, an engineer for a plan 'on it' and to
    cancel; a reload after a thanks keeps the card."""
    from playwright.sync_api import expect

    ask_and_wait(
        page,
        "We classify support emails into 14 queues. 12k labelled examples, data must stay on "
        "our servers, few-shot tops out at 78% and we have a test set.",
    )
    card = page.locator("#card")
    expect(card).to_contain_text("Recommendation: LoRA on an open-weight model")
    bots = page.locator("#chat .message.bot")
    ask_and_wait(page, "make it shorter")
    short = bots.last.inner_text()
    assert "Recommendation: LoRA on an open-weight model" in short and len(short.split()) < 120
    ask_and_wait(page, "what follow-up questions might the interviewer ask?")
    expect(bots.last).to_contain_text("Likely follow-ups")
    ask_and_wait(page, "plan a QLoRA run of mistral-7b on it")
    expect(bots.last).to_contain_text("mistral-7b")
    expect(bots.last).to_contain_text("GB")
    expect(page.locator("#approval")).to_be_hidden()  # a plan, never a launch
    ask_and_wait(page, "cancel it")
    expect(bots.last).to_contain_text("nothing to cancel")
    ask_and_wait(page, "thanks!")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "web-followups.png"), full_page=True)
    page.reload()
    expect(page.locator("#chat")).to_contain_text("Likely follow-ups")
    expect(page.locator("#card")).to_contain_text("Recommendation: LoRA on an open-weight model")


def test_fixed_file_downloads_by_its_name_and_training_and_chat_find_it(page, tmp_path):
    """Data tab: a file with a broken line and a repeat; the fixed copy downloads as
    <name>.fixed.jsonl, the Training tab lists it when opened (no rescan), and the chat
    validates it by that name."""
    from playwright.sync_api import expect

    rows = chat_rows(30)  # 30 distinct rows
    lines = [json.dumps(r) for r in rows] + ["{broken", json.dumps(rows[0])]
    raw = tmp_path / "support_tickets.jsonl"
    raw.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.get_by_role("tab", name="Data", exact=True).click()
    page.locator("#data-file input[type=file]").set_input_files(str(raw))
    page.locator("#data-go").click()
    summary = page.locator("#data-summary")
    expect(summary).to_contain_text("Fixed copy support_tickets.fixed.jsonl")
    expect(summary).to_contain_text("30 rows kept")
    with page.expect_download() as got:
        page.locator("#data-fixed").click()
    download = got.value
    assert download.suggested_filename == "support_tickets.fixed.jsonl"
    kept = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert len(kept) == 30 and all(json.loads(line) for line in kept)

    page.get_by_role("tab", name="Training", exact=True).click()
    expect(page.locator("#train-files")).to_contain_text("support_tickets.fixed.jsonl")
    page.locator("#train-data input").click()
    expect(
        page.get_by_role("option", name=re.compile(r"support_tickets\.fixed\.jsonl"))
    ).to_be_visible()
    page.keyboard.press("Escape")

    page.get_by_role("tab", name="Chat", exact=True).click()
    page.get_by_role("button", name="New conversation").click()
    ask_and_wait(page, "validate support_tickets.fixed.jsonl")
    last = page.locator("#chat .message.bot").last
    expect(last).to_contain_text("30 valid examples")
