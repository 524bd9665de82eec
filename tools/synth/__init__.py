"""Synthetic training data from a teacher model, filtered and validated in the loop."""

from tunewise.tools.synth.models import SynthError, SynthInput, SynthReport
from tunewise.tools.synth.pipeline import generate_synthetic_data

__all__ = ["SynthError", "SynthInput", "SynthReport", "generate_synthetic_data"]
