"""In-process timings that used to be wall-clock assertions in the tests. Not a test.

    python benchmarks/inprocess.py          # prints one line a measurement, always exits 0

- screening: seconds per request for `screen()` over 2,000 mixed requests with one rule
  (goal: well under 200 µs, about 10 µs on a quiet machine: 100,000 requests in a few seconds);
- template rendering: a 0.5 MB and a 1 MB body (goal: doubling the size roughly doubles the
  time, never more than 10×; the 1 MB body under 5 s);
- template refusals: the slowest refusal of a placeholder with a format spec (`{first_name:>999999}`
  and the like; goal: milliseconds, never padded), and of 1 MB of unclosed or nested braces
  (goal: well under 5 s).

The tests check what these produce (the verdicts, the rendered text, the refusal); the time they
take belongs here, where a busy machine moves a number instead of failing a test.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from linkinbox import templates
from linkinbox.errors import TemplateError
from linkinbox.models import Request
from linkinbox.rules import parse_rules
from linkinbox.screening import screen
from linkinbox.signals import build_context

PITCH = (
    "Hi Dana, I help SaaS founders scale outbound to 50+ qualified meetings a month "
    "without hiring SDRs. Open to a quick 15-min call?"
)
NOTES = (
    PITCH,
    "",
    "",
    "Hi Dana, we met at PyData Lisbon last week, loved your talk on queues!",
    "",
)
FORMAT_SUFFIXES = (":>999999999", "!r", ".__class__", "[0]", ":,", "!s:>5", ".upper", "()")


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def screening_per_request() -> float:
    requests = [
        Request(
            id=i,
            key=f"k{i}",
            name="Alex Doe",
            message=NOTES[i % 5],
            headline="Engineer at Contoso",
            mutual_connections=i % 60,
        )
        for i in range(2000)
    ]
    context = build_context(
        [r.message for r in requests], ["Contoso", "Fabrikam"], ["Kwame Mensah"], "Dana Whitfield"
    )
    rules, problems = parse_rules(
        [{"name": "recruiters", "headline_matches": "recruit", "suggest": "decline"}]
    )
    assert problems == []

    def run() -> None:
        for request in requests:
            screen(request, context, rules)

    return best_of(3, run) / len(requests)


def rendering() -> tuple[float, float]:
    values = {p: p.upper() for p in templates.PLACEHOLDERS}
    unit = "Hi {first_name} {last_name}, {{literal}} thanks: {my_profile_url}\n" + "word " * 8
    half = unit * (512 * 1024 // len(unit))
    full = half + half
    return (
        best_of(3, lambda: templates.render(half, values)),
        best_of(3, lambda: templates.render(full, values)),
    )


def refused(body: str, values: dict[str, str] | None = None) -> float:
    def run() -> None:
        try:
            if values is None:
                templates.parse(body)
            else:
                templates.render(body, values)
        except TemplateError:
            return
        raise AssertionError(f"{body[:40]!r} was not refused")

    return best_of(1, run)


def main() -> int:
    per_request = screening_per_request()
    print(f"screening: {per_request * 1e6:.1f} µs a request (goal < 200 µs)")
    half, full = rendering()
    print(
        f"template rendering: 0.5 MB {half * 1000:.0f} ms, 1 MB {full * 1000:.0f} ms "
        f"({full / half:.1f}×; goal < 10×, 1 MB < 5 s)"
    )
    values = dict.fromkeys(templates.PLACEHOLDERS, "x")
    slowest = max(
        refused("Hi {" + name + suffix + "}!", values)
        for name in templates.PLACEHOLDERS
        for suffix in FORMAT_SUFFIXES
    )
    print(f"format-spec placeholder refused: slowest {slowest * 1000:.2f} ms (goal < 1 s)")
    bodies = ("{" + "a" * 1_000_000, "{" * 1_000_001, "}" * 999_999, "{first_name" * 100_000)
    braces = max(refused(body) for body in bodies)
    print(f"1 MB of unclosed or nested braces refused: slowest {braces * 1000:.0f} ms (goal < 5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
