"""Which failure branch of a guide a citizen's message names, from the guide's own data.

Every problem of a guide lists `keywords` (knowledge/guides/README.md). A message is compared
on its normalised form: diacritics folded, teencode and regional words expanded
(core/text/normalize), then the guide's own `words` map ("mk" -> "mật khẩu", "vô" -> "vào").

- A keyword's words must appear in order; between two of them may sit up to MAX_GAP other
  words (one in a two-word keyword): "quên mất cái mật khẩu" names "quên mật khẩu".
- "A + B" needs every part in this message, in any order. "A + [B]": B may also be in the
  citizen's previous messages (the context): "không nhận được mã + [kích hoạt]" after "tôi
  đang kích hoạt VNeID" names the activation. A part found only in the context weighs
  little, so a message that names its own trouble fully is never overruled by an older one.
- "{how}" in a keyword stands for each word of the guide's class `how` in turn.
- The best-weighted keyword wins (words matched, minus a little per gap; a further part
  weighs half); on a tie the problem listed first in the YAML wins. A problem's `prefer_over`
  lists problems it wins over whenever both are named; its `unless` phrases say that part is
  fine ("vẫn dùng số cũ"), and then the message does not name it.
- A guide may name account `systems` (VNeID, the portal). When the message, or else the
  latest earlier message that names one, is about exactly one system, a problem's `on_system`
  gives the problem it is there ("quên mật khẩu" about the portal is the portal password).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from core.text.normalize import fold, normalize_text
from knowledge.flows.guides import Guide, Problem

MAX_GAP = 2
GAP_COST = 0.2
CONTEXT_WEIGHT = 0.25
PART_WEIGHT = 0.5      # a further part ("+ B") says less about the trouble than the first one
MIN_SCORE = 1.0


@dataclass(frozen=True)
class Match:
    problem: Problem
    score: float
    keyword: str


SENTENCE_END = "|"  # between the words of two sentences: "chả được. Ông có tài khoản" is no "không có tài khoản"


def _plain(text: str) -> str:
    """Folded words with single spaces, nothing else (for the keys of the `words` map)."""
    return " ".join(re.findall(r"\w+", fold(text)))


class Normaliser:
    """Accented words as written, then normalize_text, then the folded word map (longest first)."""

    def __init__(self, words: Iterable[tuple[str, str]], accented: Iterable[tuple[str, str]] = ()) -> None:
        self._folded = _word_map((_plain(k), _plain(v)) for k, v in words)
        self._accented = _word_map((" ".join(re.findall(r"\w+", nfc(k).lower())), v) for k, v in accented)

    def __call__(self, text: str) -> list[str]:
        words: list[str] = []
        for sentence in re.split(r"[.!?;\n]+", nfc(text or "").lower()):  # a keyword never spans two sentences
            sentence = _apply(self._accented, sentence)
            found = _apply(self._folded, normalize_text(sentence)).split()
            if found:
                words += [*found, SENTENCE_END]
        return words[:-1]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _word_map(pairs: Iterable[tuple[str, str]]) -> tuple[re.Pattern | None, dict[str, str]]:
    mapping = {k: v for k, v in sorted(pairs, key=lambda kv: -len(kv[0])) if k}
    if not mapping:
        return None, {}
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in mapping) + r")(?!\w)"), mapping


def _apply(word_map: tuple[re.Pattern | None, dict[str, str]], text: str) -> str:
    pattern, mapping = word_map
    return pattern.sub(lambda m: mapping[m.group(1)], text) if pattern is not None else text


def _find(words: list[str], phrase: tuple[str, ...]) -> float | None:
    """Weight of the best in-order occurrence of the phrase (gaps of at most MAX_GAP), or None."""
    best: float | None = None
    n = len(words)
    max_gap = MAX_GAP if len(phrase) > 2 else 1
    for start in range(n):
        if words[start] != phrase[0]:
            continue
        gaps, at, ok = 0, start, True
        for word in phrase[1:]:
            nxt = None
            for j in range(at + 1, min(n, at + 2 + max_gap)):
                if words[j] == SENTENCE_END:
                    break
                if words[j] == word:
                    nxt = j
                    break
            if nxt is None:
                ok = False
                break
            gaps += nxt - at - 1
            at = nxt
        if ok:
            weight = len(phrase) - GAP_COST * gaps
            best = weight if best is None else max(best, weight)
    return best


def _expand(keyword: str, classes: dict[str, tuple[str, ...]]) -> list[str]:
    """"đăng ký + {how}" -> one keyword per word of the class (several classes: every combination)."""
    found = re.search(r"\{(\w+)\}", keyword)
    if found is None:
        return [keyword]
    return [k for word in classes.get(found.group(1), ()) for k in _expand(keyword.replace(found.group(0), word, 1), classes)]


class ProblemRecogniser:
    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self.normalise = Normaliser(guide.words, guide.accented_words)
        classes = dict(guide.classes)
        self._keywords: list[tuple[int, Problem, str, tuple[tuple[tuple[str, ...], bool], ...]]] = []
        for order, problem in enumerate(guide.problems):
            for keyword in (problem.title, *(k for kw in problem.keywords for k in _expand(kw, classes))):
                parts = self._parts(keyword)
                if parts:
                    self._keywords.append((order, problem, keyword, parts))
        self._unless = {problem.id: [[words for words, _ in self._parts(kw)] for kw in problem.unless]
                        for problem in guide.problems}
        self._systems = [(name, [tuple(self.normalise(w)) for w in words if self.normalise(w)])
                         for name, words in guide.systems]

    def _parts(self, keyword: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
        """"A + [B]" -> ((words of A, False), (words of B, True)); () when a part is empty."""
        raw = [part.strip() for part in keyword.split("+")]
        parts = tuple((tuple(self.normalise(part.strip("[]"))), part.startswith("[")) for part in raw)
        return parts if parts and all(words for words, _ in parts) and not parts[0][1] else ()

    def systems_named(self, words: list[str]) -> set[str]:
        return {name for name, phrases in self._systems if any(_find(words, p) is not None for p in phrases)}

    def system(self, words: list[str], earlier: list[list[str]]) -> str | None:
        """The one system this message, or else the latest earlier message naming any, is about."""
        for candidate in (words, *reversed(earlier)):
            named = self.systems_named(candidate)
            if named:
                return next(iter(named)) if len(named) == 1 else None
        return None

    def best(self, text: str, context: Iterable[str] = ()) -> Match | None:
        words = self.normalise(text)
        if not words:
            return None
        earlier = [self.normalise(t) for t in context if t and not t.startswith("/")]
        found: dict[str, tuple[float, int, Match]] = {}
        for order, problem, keyword, parts in self._keywords:
            score = _find(words, parts[0][0])
            if score is None:
                continue
            for part, earlier_too in parts[1:]:
                here = _find(words, part)
                if here is not None:
                    score += PART_WEIGHT * here
                    continue
                there = None if not earlier_too else max((w for w in (_find(ws, part) for ws in earlier) if w is not None), default=None)
                if there is None:
                    score = None
                    break
                score += PART_WEIGHT * CONTEXT_WEIGHT * there
            if score is None or score < MIN_SCORE:
                continue
            if any(parts and all(_find(words, p) is not None for p in parts) for parts in self._unless[problem.id]):
                continue  # "vẫn dùng số cũ": the message says this part is fine
            held = found.get(problem.id)
            if held is None or score > held[0]:
                found[problem.id] = (score, order, Match(problem, score, keyword))
        for problem_id in list(found):  # "làm VNeID cho mẹ": helping a parent, not just registering
            if problem_id in found:
                for other in found[problem_id][2].problem.prefer_over:
                    found.pop(other, None)
        if not found:
            return None
        match = min(found.values(), key=lambda item: (-item[0], item[1]))[2]
        moved = dict(match.problem.on_system)
        if moved:
            system = self.system(words, earlier)
            if system in moved:
                return Match(self.guide.problem(moved[system]), match.score, match.keyword)
        return match


@lru_cache(maxsize=8)
def recogniser(guide: Guide) -> ProblemRecogniser:
    """One recogniser per loaded guide (a guide file re-read gives a new Guide)."""
    return ProblemRecogniser(guide)


# a trouble this sure, told about a named account system, is an account question whatever else it names
ACCOUNT_TROUBLE_SCORE = 3.0


def account_trouble(guide: Guide, text: str) -> bool:
    """'… tải lại app VNeID, nhập số căn cước thì nó báo tài khoản không tồn tại …': the message
    tells one of the guide's troubles about VNeID or the portal (read as a procedure question by the NLU)."""
    found = recogniser(guide)
    match = found.best(text)
    return match is not None and match.score >= ACCOUNT_TROUBLE_SCORE and bool(found.systems_named(found.normalise(text)))
