"""Claims: attributed statements (who claims what, through which chain, how sure).

The modules form one chain, each importing only the ones before it:
``model`` (the data shapes) <- ``lexicon`` (the word lists) <- ``syntax`` (parse helpers)
<- ``quotes`` / ``cues`` / ``learned`` (with ``tagger``) (finding attributions) <-
``sourcing`` (speakers, chains, anonymity, status) <- ``extract`` (the orchestration).
"""

from newsanalysis.annotate.claims.extract import extract_claims, find_attributions
from newsanalysis.annotate.claims.model import Attribution

__all__ = ["Attribution", "extract_claims", "find_attributions"]
