"""The pure rotation with the inputs people give it: skips, not-with pairs (kept apart whenever
the members allow it, and told when not), and groups that answered that they did not meet."""

from __future__ import annotations

from itertools import combinations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.pairing.rotation import History, Round, plan_round, unhonoured

TEAM = [f"U{n}" for n in range(1, 9)]


def pairs_of(round_: Round) -> set[frozenset[str]]:
    return {frozenset(pair) for group in round_.groups for pair in combinations(group, 2)}


def test_a_skipper_sits_out_and_everyone_else_is_placed() -> None:
    round_ = plan_round(TEAM, History.empty(), number=1, skips=frozenset({"U3"}))
    assert round_.members == frozenset(TEAM) - {"U3"}
    assert sorted(len(g) for g in round_.groups) == [2, 2, 3]  # seven left: one trio


def test_skips_leaving_one_give_no_groups() -> None:
    assert plan_round(["U1", "U2"], History.empty(), number=1, skips=frozenset({"U2"})).groups == ()


@settings(max_examples=60, deadline=None)
# Five members, round 5: the trio's turn fell on the pair; the wish wins over trio turns.
@example(size=5, rounds=5, seed=0)
@given(
    size=st.integers(min_value=4, max_value=20),
    rounds=st.integers(min_value=1, max_value=6),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_one_not_with_pair_is_never_together_in_a_team_of_four_or_more(
    size: int, rounds: int, seed: int
) -> None:
    members = [f"U{n}" for n in range(size)]
    apart = frozenset({frozenset((members[seed % size], members[(seed + 1 + seed // 7) % size]))})
    if len(next(iter(apart))) < 2:
        return
    history = History.empty()
    for number in range(1, rounds + 1):
        round_ = plan_round(members, history, number=number, apart=apart)
        assert unhonoured(round_, apart) == []
        assert round_.members == frozenset(members)
        history = history.after(round_)


def test_a_wish_the_team_is_too_small_for_is_reported() -> None:
    apart = frozenset({frozenset(("U1", "U2"))})
    pair = plan_round(["U1", "U2"], History.empty(), number=1, apart=apart)
    assert unhonoured(pair, apart) == [frozenset(("U1", "U2"))]
    trio = plan_round(["U1", "U2", "U3"], History.empty(), number=1, apart=apart)
    assert unhonoured(trio, apart) == [frozenset(("U1", "U2"))]


def test_without_wishes_the_round_is_the_same_as_before() -> None:
    history = History.empty()
    for number in range(1, 6):
        plain = plan_round(TEAM, history, number=number)
        assert plan_round(TEAM, history, number=number, apart=frozenset()) == plain
        history = history.after(plain)


def test_a_group_that_did_not_meet_is_not_in_the_history_and_can_be_paired_again() -> None:
    four = ["U1", "U2", "U3", "U4"]
    history = History.empty()
    rounds = []
    for number in range(1, 4):
        round_ = plan_round(four, history, number=number)
        rounds.append(round_)
        history = history.after(round_)
    # After three rounds everyone has met; the fourth repeats the oldest round.
    assert pairs_of(plan_round(four, history, number=4)) == pairs_of(rounds[0])
    # Had one pair of round 3 not met, round 4 gives it its chance again.
    missed = sorted(rounds[2].groups)[0]
    replayed = History.empty()
    for round_ in rounds:
        if round_.number == 3:
            round_ = Round(3, round_.groups, round_.offset, unmet=frozenset({frozenset(missed)}))
        replayed = replayed.after(round_)
    assert frozenset(missed) not in replayed.last_met
    assert frozenset(missed) in pairs_of(plan_round(four, replayed, number=4))
