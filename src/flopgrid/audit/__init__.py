"""Credibility: validation against published figures and an audit of public claims.

- :mod:`.validation`: cases (a published figure, its source, a scenario, a summary field and a
  tolerance) planned and compared; ``flopgrid validate``.
- :mod:`.claims`: public claims checked against the packaged dataset and, where useful, a
  planned seed scenario; ``flopgrid audit``. One function per kind of check in :mod:`.checks`.
- :mod:`.compare`: a run's headline figures beside the published references.
"""

from .claims import audit_claims, load_claims
from .compare import comparisons
from .validation import load_cases, run_cases

__all__ = ["audit_claims", "comparisons", "load_cases", "load_claims", "run_cases"]
