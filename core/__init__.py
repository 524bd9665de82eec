"""The bottom layer every other layer may use: settings, provider construction, typed errors
and the dated lifecycle table. It imports nothing from agent, tools, knowledge or ui."""
