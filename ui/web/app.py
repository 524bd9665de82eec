"""The page: the chat first, then a tab per tool. Built from Services so tests can build it
against a temporary data directory."""

from __future__ import annotations

import gradio as gr

from tunewise.ui.web import chat_tab, cost_tab, data_tab, knowledge_tab, synth_tab, train_tab
from tunewise.ui.web.services import Services

CSS = """
#card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; }
/* the chat's label and toolbar float over the scrolling messages and cover the top one:
   put them in the flow, above the messages, in one row */
#chat > .wrapper { display: flex; flex-direction: column; }
#chat > .wrapper > label, #chat > .wrapper > .icon-button-wrapper.top-panel {
  position: static; align-self: stretch;
}
#chat > .wrapper > .icon-button-wrapper.top-panel { justify-content: flex-end; margin-top: -28px; }
#chat .bubble-wrap { padding-top: 8px; flex: 1; min-height: 0; }
/* tables in answers (the evaluation, costs): headers never break inside a word; a wide table
   scrolls sideways instead */
#chat table { display: block; overflow-x: auto; max-width: 100%; }
#chat th { white-space: nowrap; word-break: keep-all; }
"""


def theme() -> gr.themes.Base:
    """The default theme without gradio's semibold font files, which are subsets: Source Sans
    Pro SemiBold holds 55 glyphs and IBM Plex Mono SemiBold 75 (no C-Z, no lower case), so
    semibold text (bold Markdown, table headers) mixed the font and a fallback letter by
    letter. Weights 400 and 700 are complete; 600 resolves to 700."""
    sans = gr.themes.LocalFont("Source Sans Pro", weights=(400, 700))
    mono = gr.themes.LocalFont("IBM Plex Mono", weights=(400, 700))
    return gr.themes.Default(
        font=[sans, "ui-sans-serif", "system-ui", "sans-serif"],
        font_mono=[mono, "ui-monospace", "Consolas", "monospace"],
    )


def build_app(services: Services) -> gr.Blocks:
    with gr.Blocks(title="tunewise") as demo:
        gr.Markdown(
            "## tunewise\nPrompting, retrieval, LoRA or hosted fine-tuning? Ask, then act: "
            "costs, data checks, training runs."
        )
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                restore, load_in, load_out = chat_tab.build(services)
            with gr.Tab("Cost", id="cost"):
                cost_tab.build(services)
            with gr.Tab("Data", id="data") as data:
                data_tab.build(services, data)
            with gr.Tab("Synthetic data", id="synth"):
                synth_tab.build(services)
            with gr.Tab("Training", id="training") as training:
                train_tab.build(services, training)
            with gr.Tab("Knowledge", id="knowledge"):
                knowledge_tab.build(services)
        demo.load(restore, load_in, load_out, api_name=False)
    return demo
