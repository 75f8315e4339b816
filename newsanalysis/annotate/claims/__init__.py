"""Claims: attributed statements (who claims what, through which chain, how sure)."""

from newsanalysis.annotate.claims.cues import Attribution, find_attributions
from newsanalysis.annotate.claims.extract import extract_claims

__all__ = ["Attribution", "extract_claims", "find_attributions"]
