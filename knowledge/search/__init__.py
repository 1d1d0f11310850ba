"""Procedure search: find the catalogue procedure a citizen's message is about.

    from knowledge.search import ProcedureSearch
    engine = ProcedureSearch()          # cheap; loads lazily on first search
    hits = engine.search("làm lại căn cước")   # [{"code", "name", "score"}, ...]
"""
from .confidence import MatchAssessment, assess
from .hybrid import ProcedureSearch, SearchHit

__all__ = ["ProcedureSearch", "SearchHit", "MatchAssessment", "assess"]
