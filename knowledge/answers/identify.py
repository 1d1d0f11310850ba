"""Which procedures a message is about: the one place /api/v1/understand and the chat decide it.

- A follow-up that names nothing ("thế lệ phí bao nhiêu?") gets no code: the conversation's
  procedure applies (knowledge.answers.topic).
- A life situation without a procedure name ("vợ chồng tôi mới sinh cháu", "bị mất ví hết giấy
  tờ") maps to the procedures it needs (situations.yml), unless the message clearly names
  another procedure.
- Some goals carry no procedure (contract, "Labelling conventions"): out of scope, and small
  talk, account, payment, status and complaints unless the message clearly names one.
- A life change touching several affairs that asks for the order of the steps ("Bố tôi mới mất
  … sổ đỏ, sổ tiết kiệm, xe máy … nên bắt đầu từ đâu?") needs several procedures: none is its
  own, unless one clearly matches (papers.yml).
- Otherwise the best procedure found is asserted only when a calibrated gate says a procedure
  applies at all (procedure_gate.py): the search always finds something.
"""
from __future__ import annotations

import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from core.text.normalize import fold
from knowledge.answers.account_problems import reports_account_problem
from knowledge.answers.follow_up import refers_back
from knowledge.answers.papers import asks_about_several, asks_for_several_affairs, reports_lost_papers
from knowledge.answers.policy_topics import policy_topic
from knowledge.answers.procedure_gate import NAMING_INTENTS, SERVICE, applies, load_gate, names_procedure
from knowledge.answers.question_focus import LONG_MESSAGE_WORDS, focus_text
from knowledge.answers.topic import (
    topic_words,
    without_address_words,
    without_identifiers,
    without_social_clauses,
)
from knowledge.answers.typed_phrases import WORD, phrase_typed
from knowledge.search.qualifiers import message_qualifiers, name_qualifiers
from knowledge.search.text import fold as search_fold
from knowledge.search.text import has_diacritics, lowered

SITUATIONS_FILE = Path(__file__).with_name("situations.yml")

# Intents whose messages get no procedure at all (when the NLU is sure of them): a request for a
# person is answered by the hand-over, whatever matter the story around it tells.
NO_PROCEDURE_INTENTS = frozenset({"out_of_scope", "request_human"})
# Questions that may ask for the steps of a life change touching several affairs (papers.yml)
SEVERAL_AFFAIRS_INTENTS = frozenset({"ask_procedure", "start_submission", "ask_documents", "ask_where", "ask_fee",
                                     "ask_processing_time", "ask_online"})
# Intents that get a procedure only when the message clearly names it.
NAMED_ONLY_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "complain",
                                "account_help", "payment_help", "check_status"})
CLEAR_MATCH = 0.45
# an out-of-scope or request-for-a-person reading this sure gets no procedure at all
SURE_NO_PROCEDURE = 0.8
# without a fitted gate: a message this long is a story, it needs LONG_MESSAGE_FLOOR
STORY_WORDS = 50
# a procedure below this score is noise ("chào em" names no procedure)
NO_MATCH_BELOW = 0.25
# a long story names many things: only a clearer match is reported for it
LONG_MESSAGE_FLOOR = 0.4
# Below NO_MATCH_BELOW, the hits kept after the gate accepts the best one: this close to it.
GATED_NEAR_TIE = 0.06
# a search result at least this strong, for a procedure outside the situation, overrides it
NAMED_OVERRIDES_SITUATION = 0.5
# leave address words and particles ("cháu", "bác", "hả", "dạ") out of the searched text
STRIP_ADDRESS_WORDS = True
# search a story's question with the story as context (the life events it tells)
STORY_CONTEXT = True


@dataclass(frozen=True)
class Situation:
    id: str
    intro: str
    phrases: tuple[str, ...]
    procedures: tuple[str, ...]
    pattern: re.Pattern = field(compare=False, repr=False, default=None)
    # `patterns` (regular expressions written with diacritics, for messages typed with them) and
    # `folded_patterns` (for messages typed without: written apart, because folding merges words
    # such as "ví" and "vì")
    accented: re.Pattern | None = field(compare=False, repr=False, default=None)
    folded: re.Pattern | None = field(compare=False, repr=False, default=None)
    # a message naming this many kinds of paper asks about several procedures (0: never)
    several_papers: int = 0
    # each phrase's words as written (with diacritics): a phrase typed with other marks is other
    # words ("để còn" is no "đẻ con")
    written: tuple[tuple[str, ...], ...] = field(compare=False, repr=False, default=())


def _alternatives(patterns) -> re.Pattern | None:
    patterns = [str(p) for p in patterns or []]
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)") if patterns else None


@dataclass
class Identification:
    """Ranked procedures (search hits: code, name, score) and the situation that produced them."""
    hits: list[dict]
    situation: Situation | None = None
    # False when the message asks about several procedures at once ("mất ví: căn cước, bằng lái,
    # thẻ BHYT"): the hits are what it needs, but no single procedure applies (contract)
    single: bool = True

    @property
    def codes(self) -> list[str]:
        return [h["code"] for h in self.hits]


@lru_cache(maxsize=1)
def load_situations(path: Path = SITUATIONS_FILE) -> tuple[Situation, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    situations = []
    for entry in data.get("situations", []):
        phrases = tuple(fold(p).strip() for p in entry.get("phrases", []) if p.strip())
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")
        situations.append(Situation(id=entry["id"], intro=entry.get("intro", ""), phrases=phrases,
                                    procedures=tuple(str(c) for c in entry.get("procedures", [])), pattern=pattern,
                                    accented=_alternatives(entry.get("patterns")),
                                    folded=_alternatives(entry.get("folded_patterns")),
                                    several_papers=int(entry.get("several_papers", 0)),
                                    written=tuple(tuple(lowered(p).split()) for p in entry.get("phrases", []) if p.strip())))
    return tuple(situations)


def find_situation(text: str) -> Situation | None:
    """The situation with the longest phrase found in the message (whole words, folded)."""
    folded = fold(text)
    accented = has_diacritics(text)
    said = lowered(text)
    typed = [lowered(w) for w in WORD.findall(unicodedata.normalize("NFC", text))]
    typed_folded = [fold(w) for w in typed]
    best, best_len = None, 0
    for situation in load_situations():
        lengths = [len(folded_phrase) for w, folded_phrase in zip(situation.written, situation.phrases)
                   if phrase_typed(w, folded_phrase.split(), typed, typed_folded, accented)]
        if accented and situation.accented is not None:
            lengths += [len(m.group(0)) for m in situation.accented.finditer(said)]
        elif not accented and situation.folded is not None:
            lengths += [len(m.group(0)) for m in situation.folded.finditer(folded)]
        if lengths and max(lengths) > best_len:
            best, best_len = situation, max(lengths)
    return best


def situation_of(text: str) -> Situation | None:
    """The life situation a message tells, as the chat reads it: a situation phrase, or a loss of
    several papers said without one."""
    return find_situation(text) or lost_papers_situation(text)


def lost_papers_situation(text: str) -> Situation | None:
    """The situation for several lost papers when the message reports losing that many kinds of
    paper without a wallet phrase ("bị mất căn cước, bằng lái và thẻ BHYT")."""
    return next((s for s in load_situations() if s.several_papers and reports_lost_papers(text, s.several_papers)),
                None)


def min_score(intent: str, confidence: float) -> float:
    if intent in NO_PROCEDURE_INTENTS:  # an unsure "out of scope" or request for a person keeps only clear matches
        return CLEAR_MATCH
    if intent in NAMED_ONLY_INTENTS and (confidence >= 0.5 or intent in ("account_help", "payment_help", "check_status")):
        return CLEAR_MATCH
    return NO_MATCH_BELOW


def candidates(search, text: str, intent: str, confidence: float, limit: int = 5):
    """(search hits, number of topic words, situation, searched text) of a message before any
    threshold; the situation is None unless it decides the procedures. None when no procedure
    can apply."""
    if (intent in NO_PROCEDURE_INTENTS and confidence >= SURE_NO_PROCEDURE) or not text.strip() or text.startswith("/"):
        return None
    # an account or portal problem is answered by the account guide, not by a procedure
    if intent == "account_help" and reports_account_problem(text):
        return None
    if intent in SERVICE:  # "hồ sơ của vợ tôi, số căn cước 0791…" names no card procedure
        text = without_identifiers(text)
    long_message = len(text.split()) >= LONG_MESSAGE_WORDS
    # in a long story a life situation is usually background, not the question; a loss of
    # several papers is not, however it is told
    situation = (None if long_message else find_situation(text)) or lost_papers_situation(text)
    if intent in NAMED_ONLY_INTENTS - {"greet", "thank"}:
        situation = None
    topic = topic_words(text)
    if not topic:
        return None
    if long_message:
        return _story_hits(search, text, limit), len(topic), situation, text
    # greetings and thanks around the question only blur the search ("Chào em, ...")
    query = without_social_clauses(text)
    if STRIP_ADDRESS_WORDS:
        query = without_address_words(query)
    return search.search(query, limit=limit), len(topic), situation, query


def prefetch(search, text: str) -> None:
    """Run the searches `identify` would run for a procedure question, so that their query
    vectors (the costly part: e5 on the message, twice for a long story) are cached when it
    runs. POST /api/v1/understand runs it beside the NLU parse instead of after it."""
    candidates(search, text, "ask_procedure", 1.0)


def identify(search, text: str, intent: str = "ask_procedure", confidence: float = 1.0, limit: int = 5,
             catalogue: dict | None = None) -> Identification:
    """Procedures for one message, best first; empty when none applies."""
    found = candidates(search, text, intent, confidence, limit)
    if found is None:
        return Identification([])
    hits, topic, situation, query = found
    # a follow-up ("thế bà phải đóng bao nhiêu tiền?") is about the conversation's procedure,
    # unless it clearly names another (status, payment and complaint messages go by naming below)
    if (situation is None and intent not in NAMING_INTENTS and (not hits or hits[0]["score"] < CLEAR_MATCH)
            and refers_back(text)):
        return Identification([])
    # a policy question: no procedure answers it (beside a life situation, only a fine's amount)
    if policy_topic(text, clear_match=bool(hits) and hits[0]["score"] >= CLEAR_MATCH, in_situation=situation is not None):
        return Identification([])
    floor = min_score(intent, confidence)
    several = _several_affairs(text, intent, hits)
    if situation is None and several:
        return Identification([h for h in hits if h["score"] >= floor], single=False)
    if situation is None:
        if load_gate() is None:  # no fitted gate: score thresholds only
            if len(text.split()) >= STORY_WORDS:
                floor = max(floor, LONG_MESSAGE_FLOOR)
            return Identification([h for h in hits if h["score"] >= floor])
        if not applies(search, text, hits, topic, intent, query) and not names_procedure(search, query, hits, intent):
            return _named_by_alias(search, query, intent)
        # the gate has weighed the score already: a low-scoring best hit it accepts (a teencode
        # "lm hộ chiếu ở đâu z mn, e ở Thủ Dầu Một") stays, with its near-ties
        floor = min(NO_MATCH_BELOW, hits[0]["score"] - GATED_NEAR_TIE)
        return Identification([h for h in hits if h["score"] >= floor])
    found_names = {h["code"]: h["name"] for h in hits}
    hits = [h for h in hits if h["score"] >= floor]
    top = hits[0] if hits else None
    if top and top["code"] not in situation.procedures and top["score"] >= NAMED_OVERRIDES_SITUATION:
        return Identification(hits)  # the message names another procedure
    names = {h["code"]: h for h in hits}
    first = [top["code"]] if top and (top["code"] in situation.procedures
                                      or _qualified_copy(top, situation, found_names, catalogue or {}, text)) else []
    ordered = first + [c for c in situation.procedures if c not in first]
    ranked = []
    for code in ordered:
        hit = names.get(code)
        if hit is None:
            record = (catalogue or {}).get(code) or {}
            hit = {"code": code, "name": record.get("name", code), "score": max(CLEAR_MATCH, top["score"] if top else 0)}
        ranked.append(hit)
    ranked += [h for h in hits if h["code"] not in ordered]
    return Identification(ranked[:limit], situation,
                          single=not (several or asks_about_several(text, situation.several_papers)))


def _several_affairs(text: str, intent: str, hits: list[dict]) -> bool:
    """A question for the order of the steps of a life change touching several affairs, where no
    procedure clearly matches ("Đăng ký hộ kinh doanh ở căn nhà thuê … bắt đầu từ đâu?" names one)."""
    return (intent in SEVERAL_AFFAIRS_INTENTS and not (hits and hits[0]["score"] >= CLEAR_MATCH)
            and asks_for_several_affairs(text))


def _qualified_copy(hit: dict, situation: Situation, names: dict[str, str], catalogue: dict, text: str) -> bool:
    """The hit is a qualified copy of one of the situation's procedures that the message asks for:
    its name is theirs with a qualifier added ("Thủ tục đăng ký khai sinh có yếu tố nước ngoài"),
    and the message says that qualifier ("vợ mới sinh bé, chồng người Hàn")."""
    name = " ".join(hit["name"].lower().split())
    said = message_qualifiers(text, has_diacritics(text))
    for code in situation.procedures:
        plain = " ".join((names.get(code) or (catalogue.get(code) or {}).get("name") or "").lower().split())
        if plain and name != plain and name.startswith(plain + " "):
            added = name_qualifiers(name) - name_qualifiers(plain)
            if added and added <= said:
                return True
    return False


# A dossier word close before the alias: the message speaks of filing that procedure ("nộp giấy xin
# tiền tuất", "phí tách thửa", "hs hộ chiếu"), not of the thing ("thuế nhập khẩu lô hàng"). Folded,
# so no "đổi" / "cấp" ("đòi giấy khai sinh" would be "đổi")
_FILING_BEFORE = re.compile(r"\b(?:ho so|hs|nop|lam|xin|dang ky|dky|dk|thu tuc|le phi|phi|gia han|"
                            r"tra tien|dong tien|to khai)(?: \w+)? $")
# the named procedure must still be among this many search results for the message
NAMED_WITHIN = 20


def _named_by_alias(search, query: str, intent: str) -> Identification:
    """A status, payment or complaint message that names its procedure by a curated alias
    ("bác nộp giấy xin tiền tuất cho ông nhà … chưa thấy gì"): the status words around the name
    dilute the search, yet the contract gives such a message the procedure it names. The alias
    must follow a dossier word and its procedure must still be found for the message."""
    if intent not in NAMING_INTENTS or not hasattr(search, "named_by_alias"):
        return Identification([])
    folded = f" {search_fold(query)} "
    named = [code for code, alias in search.named_by_alias(query)
             if _FILING_BEFORE.search(folded[:folded.find(f" {search_fold(alias)} ") + 1])]
    if not named:
        return _named_dossier(search, query)
    found = {h["code"]: h for h in search.search(query, limit=NAMED_WITHIN)}
    hit = found.get(named[0])
    return Identification([hit] if hit else [])


# "hồ sơ <what was filed> của bà nộp từ tháng Chín …": the words after a dossier word, up to whose
# it is, when or where it was filed, or what happened to it. Read with diacritics when the message
# has them (folded, "chế độ" would end at "độ" = "đó").
_DOSSIER_WORDS = ("hồ sơ", "hs", "đơn")
_DOSSIER_ENDS = frozenset("của cho nộp đã từ mà đến tới giờ chừ được bị ở tại sao thì có mã số hôm ngày tháng năm "
                          "lên với vẫn đang hiện trên này đó kia".split())
# folded, these would also end procedure words ("đăng ký", "tử tuất", "sổ đỏ", "tai nạn", "thi", "vận
# tải", "chủ hộ", "chế độ")
_FOLDED_AMBIGUOUS_ENDS = frozenset("đang đó thì tại từ số vẫn chừ".split())
DOSSIER_MAX_WORDS = 12
# at most this many dossiers are read (each is a search)
DOSSIER_MAX_NAMES = 3
# "đơn" in "hóa đơn", "thực đơn", "đơn vị", "đơn thân", "đơn giản" is no application
_NOT_DOSSIER_BEFORE = frozenset({"hóa", "thực"})
_NOT_DOSSIER_AFTER = frozenset({"vị", "thân", "giản", "lẻ", "độc", "phương"})
# the named dossier's best procedure must match it this well, and clearly better than the next
# ("hồ sơ đất đai" names no one land procedure)
DOSSIER_NAMED_SCORE = 0.5
DOSSIER_NAMED_LEAD = 0.08


def dossier_names(text: str) -> list[str]:
    """What each dossier the message speaks of was filed for, as written ("hưởng phụ cấp thâm niên
    nhà giáo"); two words at least."""
    read = lowered if has_diacritics(text) else search_fold
    starts = {read(w) for w in _DOSSIER_WORDS}
    ends = {read(w) for w in (_DOSSIER_ENDS if read is lowered else _DOSSIER_ENDS - _FOLDED_AMBIGUOUS_ENDS)}
    not_before, not_after = {read(w) for w in _NOT_DOSSIER_BEFORE}, {read(w) for w in _NOT_DOSSIER_AFTER}
    names = []
    for clause in re.split(r"[,.?!;:\n]", text):
        words = clause.split()
        said = [read(w) for w in words]
        for i in range(len(words)):
            first = 2 if " ".join(said[i:i + 2]) in starts else 1 if said[i] in starts else 0
            if not first or (first == 1 and (i and said[i - 1] in not_before or said[i + 1:i + 2] and
                                             said[i + 1] in not_after)):
                continue
            named = []
            for word, plain in zip(words[i + first:i + first + DOSSIER_MAX_WORDS], said[i + first:]):
                if plain in ends:
                    break
                named.append(word)
            if len(named) >= 2 and " ".join(named) not in names:
                names.append(" ".join(named))
    return names[:DOSSIER_MAX_NAMES]


def _named_dossier(search, query: str) -> Identification:
    """A status, payment or complaint message that names the dossier it is about ("hồ sơ hưởng phụ
    cấp thâm niên nhà giáo của bà nộp từ tháng Chín, sao chưa thấy gì"): the procedure that dossier's
    words match clearly, searched alone."""
    for named in dossier_names(query):
        # the whole message as context: its qualifiers pick the copy ("hồ sơ thôi quốc tịch … nộp qua
        # đại sứ quán" is the one filed from abroad)
        hits = search.search(named, limit=2, context=query) + [{"score": 0.0}]
        if hits[0]["score"] >= DOSSIER_NAMED_SCORE and hits[0]["score"] - hits[1]["score"] >= DOSSIER_NAMED_LEAD:
            return Identification(hits[:1])
    return Identification([])


@lru_cache(maxsize=1)
def _story_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="story-search")


def _story_hits(search, text: str, limit: int) -> list[dict]:
    """A long story: the procedures of the whole story and of its question sentence, merged
    (a procedure found by both ranks first)."""
    merged: dict[str, dict] = {}
    question = focus_text(text)
    # the question is searched with the story as context: "được hưởng chế độ gì?" asks about the
    # accident, birth or death the story told (knowledge/search/benefit_kinds.py); both searches
    # run at once (e5 on a long story is most of the wait, and it releases the GIL)
    asked = None
    if question != text:
        asked = _story_pool().submit(search.search, question, limit, text if STORY_CONTEXT else None)
    sources = [search.search(text, limit=limit)]
    if asked is not None:
        sources.append(asked.result())
    for hits in sources:
        for hit in hits:
            seen = merged.get(hit["code"])
            if seen is None:
                merged[hit["code"]] = dict(hit)
            else:
                seen["score"] = min(1.0, max(seen["score"], hit["score"]) + 0.05)
    return sorted(merged.values(), key=lambda h: -h["score"])[:limit]
