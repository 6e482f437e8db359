from ..ranking import Match, Question
from . import SearchBackend


class EmbeddedBackend(SearchBackend):
    """Both rankings in memory: BM25 over the stemmed terms and cosine over the passage vectors."""

    def search(self, region_id: int, question: Question, limit: int) -> list[Match]:
        return self.loaded(region_id).index.search(question, limit)
