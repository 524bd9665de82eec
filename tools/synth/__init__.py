"""Synthetic training data from a teacher model, filtered and validated in the loop."""

from tools.synth.models import SynthError, SynthInput, SynthReport
from tools.synth.pipeline import generate_synthetic_data

__all__ = ["SynthError", "SynthInput", "SynthReport", "generate_synthetic_data"]
