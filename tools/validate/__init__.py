"""Fine-tuning data validator: streaming, bounded memory, stable issue codes."""

from tunewise.tools.validate.models import ValidateInput, ValidationReport
from tunewise.tools.validate.run import validate_data

__all__ = ["ValidateInput", "ValidationReport", "validate_data"]
