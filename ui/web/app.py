"""The page: the chat first, then a tab per tool. Built from Services so tests can build it
against a temporary data directory."""

from __future__ import annotations

import gradio as gr

from tunewise.ui.web import chat_tab, cost_tab, data_tab, knowledge_tab, synth_tab, train_tab
from tunewise.ui.web.services import Services

CSS = """
#card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; }
"""


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
            with gr.Tab("Data", id="data"):
                data_tab.build(services)
            with gr.Tab("Synthetic data", id="synth"):
                synth_tab.build(services)
            with gr.Tab("Training", id="training"):
                train_tab.build(services)
            with gr.Tab("Knowledge", id="knowledge"):
                knowledge_tab.build(services)
        demo.load(restore, load_in, load_out, api_name=False)
    return demo
