#!/usr/bin/env bash
# Train the Rasa model only when config, domain or training data changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p models var
# one training at a time (several make targets may ask for the model at once)
exec 9>var/train.lock
flock 9
# what the model depends on: config, domain, data, the NLU components and their text helpers
inputs=$(find bot/data bot/components -type f \( -name '*.yml' -o -name '*.py' \) | sort)
fingerprint=$(cat config.yml domain.yml $inputs core/text/normalize.py core/text/teencode.py core/text/patterns.py knowledge/answers/question_focus.py knowledge/answers/topic.py \
  knowledge/embeddings/onnx_e5.py knowledge/embeddings/unigram.py $(ls models/e5-small-onnx/onnx_export.json 2>/dev/null) | sha256sum | cut -d' ' -f1)
if [ "${FORCE_TRAIN:-0}" != 1 ] && [ -f models/current.tar.gz ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$fingerprint" ]; then
  echo "==> Rasa model is up to date (models/current.tar.gz)"
  exit 0
fi
echo "==> training the Rasa model"
start=$(date +%s)
.venvs/rasa/bin/rasa train --config config.yml --domain domain.yml --data bot/data \
  --out models --fixed-model-name current --force
echo "$fingerprint" > models/.fingerprint
echo "==> trained in $(( $(date +%s) - start ))s" | tee models/.train_time
