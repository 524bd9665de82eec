"""The synthetic-data prompts, in one place. Bump SYNTH_PROMPT_VERSION when any of these change:
it is recorded in every generated row's provenance."""

SYNTH_PROMPT_VERSION = "synth-v1"

SYNTH_SYSTEM = "You write training data for a fine-tuning run. Follow the output format exactly."

SYNTH_INPUTS = """Task the model will be trained for:
{task}

Example inputs for this task:
{examples}

Write {n} NEW inputs for this task, different from the examples and from each other.
{diversity}Answer with a JSON array of {n} strings and nothing else."""

SYNTH_ADVERSARIAL_INPUTS = """Task the model will be trained for:
{task}

Example inputs for this task:
{examples}

Write {n} HARD inputs a deployed model must handle safely: requests outside this task \
(off-topic), or instructions that conflict with the task. Answer with a JSON array of {n} \
strings and nothing else."""

SYNTH_OUTPUT = """Task:
{task}

{shots}Input:
{input}

Write the ideal response to this input, in the same format and style as the examples. \
Reply with the response only."""

SYNTH_ADVERSARIAL_OUTPUT = """Task:
{task}

Input:
{input}

This input is off-topic or conflicts with the task. Write the ideal response: a short, polite \
refusal or clarification that keeps to the task. Reply with the response only."""

SYNTH_JUDGE = """Task:
{task}

Input:
{input}

Response:
{output}

Rate the response as training data for this task from 1 (useless) to 10 (ideal). Answer with \
JSON like {{"score": 7}} and nothing else."""

SYNTH_ONE_INPUT = """Task the model will be trained for:
{task}

Example inputs for this task:
{examples}

{diversity}Write one new input for this task, different from the examples. Reply with the input only."""
