"""Process metrics in the Prometheus text format (no dependency; thread-safe).

Counters and histograms are recorded where things happen (the conversation router, the
Rasa client, the action endpoint); gauges that live in the database (queue, outbox,
lockouts) are read when /metrics is scraped. Label values are short fixed words (a channel,
an endpoint, an action name), never message text or ids: no personal data in metrics.
"""
from __future__ import annotations

import threading
from collections import defaultdict

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_lock = threading.Lock()


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    parts = []
    for key, value in sorted(labels.items()):
        escaped = str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
        parts.append(f'{key}="{escaped}"')
    return "{" + ",".join(parts) + "}"


class Counter:
    def __init__(self, name: str, help_text: str) -> None:
        self.name, self.help = name, help_text
        self._values: dict[tuple, float] = defaultdict(float)

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        with _lock:
            self._values[tuple(sorted(labels.items()))] += amount

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        with _lock:
            lines += [f"{self.name}{_labels(dict(key))} {value:g}" for key, value in sorted(self._values.items())]
        return lines


class Histogram:
    def __init__(self, name: str, help_text: str, buckets: tuple[float, ...] = LATENCY_BUCKETS) -> None:
        self.name, self.help, self.buckets = name, help_text, buckets
        self._series: dict[tuple, list[float]] = {}  # per label set: bucket counts..., sum, count

    def observe(self, value: float, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with _lock:
            series = self._series.setdefault(key, [0.0] * (len(self.buckets) + 2))
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    series[i] += 1
            series[-2] += value
            series[-1] += 1

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        with _lock:
            for key, series in sorted(self._series.items()):
                labels = dict(key)
                for bound, count in zip(self.buckets, series):
                    lines.append(f"{self.name}_bucket{_labels({**labels, 'le': f'{bound:g}'})} {count:g}")
                lines.append(f"{self.name}_bucket{_labels({**labels, 'le': '+Inf'})} {series[-1]:g}")
                lines.append(f"{self.name}_sum{_labels(labels)} {series[-2]:.6f}")
                lines.append(f"{self.name}_count{_labels(labels)} {series[-1]:g}")
        return lines


def gauge_lines(name: str, help_text: str, values: dict[tuple, float] | float) -> list[str]:
    """A gauge read at scrape time: one value, or {label pairs: value}."""
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
    if isinstance(values, dict):
        lines += [f"{name}{_labels(dict(key))} {value:g}" for key, value in sorted(values.items())]
    else:
        lines.append(f"{name} {values:g}")
    return lines


MESSAGES = Counter("chatbot_messages_total", "Citizen messages received, by channel and who answered (bot, queue, officer).")
MESSAGE_SECONDS = Histogram("chatbot_message_seconds", "Time to answer one citizen message, by channel.")
RASA_SECONDS = Histogram("chatbot_rasa_request_seconds", "Rasa HTTP calls, by endpoint.")
RASA_ERRORS = Counter("chatbot_rasa_errors_total", "Rasa HTTP calls that failed, by endpoint.")
RASA_CLIENT_RESETS = Counter("chatbot_rasa_client_resets_total",
                             "Rasa HTTP clients closed and recreated after their connection pool leaked, by replica.")
ACTION_SECONDS = Histogram("chatbot_action_seconds", "Custom action runs, by action.")
RECORDED = (MESSAGES, MESSAGE_SECONDS, RASA_SECONDS, RASA_ERRORS, RASA_CLIENT_RESETS, ACTION_SECONDS)


def render_recorded() -> list[str]:
    lines: list[str] = []
    for metric in RECORDED:
        lines += metric.render()
    return lines
