"""Plain-Vietnamese answers about one aspect of a procedure (documents, fee, time, ...)."""
from knowledge.answers.render import ASPECTS, Answer, render_answer

__all__ = ["ASPECTS", "Answer", "render_answer"]
