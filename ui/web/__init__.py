"""The Gradio web app: `tunewise serve`. Tabs call the same tool functions as the CLI."""
