"""The bench report says, target by target, what is met and what is not."""
from tests.benchmarks.chat_bench import Run
from tests.benchmarks.open_loop import Check, OpenLoopResult
from tests.benchmarks.targets import section, verdicts


def _run(side, n, rate, p50, p95, cpu):
    return Run(side, n, int(rate * 10), 0, 10.0, p50, p95, {"rasa": cpu / 2, "app": cpu / 2})


def test_each_target_is_judged():
    runs = [_run("product", 1, 26, 0.035, 0.067, 34), _run("product", 50, 53, 0.77, 1.6, 30),
            _run("product-unseen", 1, 18, 0.035, 0.136, 51)]
    opened = OpenLoopResult(conversations=1000, seconds=180, sent=6000, answered=6000, latencies=[0.1] * 99 + [0.5],
                            check=Check())
    rows = verdicts(runs, {"rasa": 700, "app": 460}, 14, opened)
    text = "\n".join(rows)
    assert len(rows) == 8
    assert "(1 conversation(s)) | 34.0 ms | met" in text
    assert "50 conversations: ≥ 45 messages/s, p95 ≤ 1.5 s | 53.0/s, 1.60 s | **not met**" in text
    assert "p95 100 ms; lost 0" in text and text.count("**not met**") == 2
    assert "(unseen first questions, 1 conversation(s)) CPU per message ≤ 35 ms | 51.0 ms, p95 136 ms | **not met**" in text
    assert rows[-1].endswith("| 14 s | met |") and "1160 MB | met" in rows[-2]


def test_a_lost_message_fails_the_open_loop():
    opened = OpenLoopResult(conversations=10, seconds=20, sent=40, answered=39, latencies=[0.05] * 39,
                            check=Check(lost=1))
    rows = verdicts([], {"rasa": 100}, 5, opened)
    assert "**not met**" in rows[0]
    assert section([], {"rasa": 100}, 5, opened)[0] == "## Targets (issue 13)"
