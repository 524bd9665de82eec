"""Fine-tuning data validator: streaming, bounded memory, stable issue codes."""

from tools.validate.models import ValidateInput, ValidationReport
from tools.validate.run import validate_data

__all__ = ["ValidateInput", "ValidationReport", "validate_data"]
