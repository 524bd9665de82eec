"""One module a tool: its declaration (TOOL), input model, run function, offline planner,
renderer and the examples that trigger it. agent/toolkit/registry.py lists them in order."""
