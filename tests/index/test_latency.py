"""The evaluation commands' shared latency figures: the 95th percentile and answers timed in
pairs (every question asked of each configuration, alternating which goes first)."""

from __future__ import annotations

from types import SimpleNamespace

from index.evaluation.latency import ask_paired, p95


def test_p95_is_the_value_at_95_percent_of_the_sorted_list():
    assert p95([5.0]) == 5.0
    assert p95(list(range(100, 0, -1))) == 96
    assert p95([1.0, 2.0, 3.0]) == 3.0


def test_ask_paired_alternates_the_order_and_counts_identical_answers():
    order: list[str] = []

    def asker(name: str, label: str):
        def ask(question: str):
            order.append(name)
            # What ask_paired compares of an Answer: each citation's label, start, highlights.
            cited = (SimpleNamespace(label=label, start=len(question), highlights=((0, 2),)),)
            return SimpleNamespace(citations=cited)

        return ask

    questions = ["một", "hai", "ba"]
    times, same = ask_paired({"a": asker("a", "X"), "b": asker("b", "X")}, questions)
    assert order == ["a", "b", "b", "a", "a", "b"]
    assert same == 3 and [len(v) for v in times.values()] == [3, 3] and list(times) == ["a", "b"]
    _, same = ask_paired({"a": asker("a", "X"), "b": asker("b", "Y")}, questions)
    assert same == 0
