"""Fixed buddy pairs (faste makkerpar): a pure, deterministic, history-aware rotation.

Algorithm. Members sit in persistent slots (`History.order`): an active member keeps their
slot, a leaver leaves a hole, newcomers and returners fill holes (lowest first) or get new
slots, and the layout is compacted once holes exceed a quarter. A round pairs the slots by the
circle method at the offset after the previous round's, which is O(n). Members facing a hole
are paired with each other, then pairs that met before are repaired by a bounded number of
partner swaps that lower the cost (never met = 0, then met longest ago is cheapest). With an
odd count, one trio is taken from the members holding the three smallest trio counts, as
cheaply as possible; while at most 30 members wait for their trio, it comes from a plan that
fits all of them into fresh trios. Teams of at most 16 get an exhaustive search whenever the
fast plan still repeats a pair. Randomness is seeded by the inputs only.

Inputs people give. `plan_round(skips=...)` leaves members out of this round only;
`apart=...` are pairs someone asked never to be in, priced above any number of repeats, so they
are kept apart whenever the members allow it, even at the cost of the trio turn below
(`unhonoured` names the ones that were not, for a private note). A `Round`'s `unmet` pairs (a
group that answered "did you meet?" with no) are not counted as met in the `History`, so the
rotation can offer them again.

Modules. This one holds the public API (`History`, `Round`, `plan_round`, `repeats`), the
cost function, the slot layout, the circle, the swap repair and the exact search for small
teams. Choosing the trio is `bot.pairing.trios`, which works on the trio counts and a cost
function only and does not import this module.

Guarantees (tests/test_rotation.py checks each; "measured" ones are not proofs):
- Everyone is placed exactly once and never alone; groups are pairs plus exactly one trio if
  the count is odd; fewer than 2 members give no groups.
- Even n, stable membership: no pair repeats within n − 1 rounds (circle method), and round
  n repeats only pairs that met n − 1 rounds before, the longest possible gap.
- Odd n, stable membership: every pair has met after n rounds, so the n rounds repeat only 2n
  pairs, the minimum possible (measured for n ≤ 41). For n ≥ 9 the first ⌊(n − 1)/2⌋ rounds
  repeat nothing (measured; about 0.65·n in practice, the ceiling is ⌊n(n − 1)/(n + 3)⌋).
  For n = 5 and 7 the trio rule below forces 2 repeats in round 2 (n = 3: one trio always).
- Trio: its members always hold the three smallest trio counts among the present members, so
  with stable membership counts never differ by more than 1: nobody is in a second trio
  before everyone has been in one. Newcomers count 0 and are therefore next.
- Churn: stayers keep their slots, so they follow the circle among themselves; only pairs
  involving returners (or odd-n trios) can repeat. Measured with 10 % of the members replaced
  every round, half of them returning from a pause: over n − 1 rounds there are no more
  repeats than returns, and under a quarter of uniform random pairing's.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from bot.pairing.trios import CostFn, form_trio, trio_rank

# A repeat costs _REPEAT plus up to _REPEAT - 1 for recency, so one repeat is always cheaper
# than two, and among repeats the one that met longest ago is cheapest.
_REPEAT = 1 << 20
# A pair someone asked never to be in: dearer than a round in which every pair repeats.
_AVOID = _REPEAT << 24
# Candidate partner pairs tried per repeated pair in the swap repair.
_SWAP_TRIES = 24
# Up to this many pairs the repair tries all partner pairs, and three-way exchanges too.
_EXHAUSTIVE_PAIRS = 64
# Teams up to this size get an exhaustive search (with this node budget) when the fast plan
# has repeats.
_EXACT_SIZE = 16
_EXACT_NODES = 20_000
# Offsets evaluated when the circle cannot simply continue (e.g. the slot count changed).
_OFFSET_CANDIDATES = 16

Slots = tuple[str | None, ...]


@dataclass(frozen=True)
class Round:
    """One pairing period's groups; `offset` is the circle offset it used (None: no groups)."""

    number: int
    groups: tuple[tuple[str, ...], ...]
    offset: int | None
    # Pairs of groups that answered "did you meet?" with no: not counted as having met.
    unmet: frozenset[frozenset[str]] = frozenset()

    @property
    def members(self) -> frozenset[str]:
        """Everyone placed in this round."""
        return frozenset(member for group in self.groups for member in group)


@dataclass(frozen=True)
class History:
    """What earlier rounds left behind; treat the mappings as read-only."""

    last_met: Mapping[frozenset[str], int]
    trio_count: Mapping[str, int]
    last_trio: Mapping[str, int]
    previous_members: frozenset[str]
    previous_offset: int | None
    # Slot layout of the previous round; () means "sorted previous members" (e.g. a history
    # rebuilt from stored aggregates instead of replayed with `after`).
    order: Slots = ()

    @classmethod
    def empty(cls) -> History:
        """A team that has had no rounds."""
        return cls({}, {}, {}, frozenset(), None)

    def after(self, round_: Round) -> History:
        """This history updated with `round_` (rounds must be applied in order)."""
        last_met = dict(self.last_met)
        trio_count = dict(self.trio_count)
        last_trio = dict(self.last_trio)
        for group in round_.groups:
            for a, b in combinations(group, 2):
                if frozenset((a, b)) not in round_.unmet:
                    last_met[frozenset((a, b))] = round_.number
            if len(group) > 2:
                for member in group:
                    trio_count[member] = trio_count.get(member, 0) + 1
                    last_trio[member] = round_.number
        placed = round_.members
        if not placed:
            # Nobody was placed: keep the slots so the circle can resume where it stopped.
            return History(last_met, trio_count, last_trio, frozenset(), None, self.order)
        order = _layout(self, placed)
        return History(last_met, trio_count, last_trio, placed, round_.offset, order)


def repeats(round_: Round, history: History) -> int:
    """How many pairs in the round (a trio is 3 pairs) have met before."""
    return sum(
        frozenset(pair) in history.last_met
        for group in round_.groups
        for pair in combinations(group, 2)
    )


def plan_round(
    members: Iterable[str],
    history: History,
    *,
    number: int,
    skips: frozenset[str] = frozenset(),
    apart: frozenset[frozenset[str]] = frozenset(),
) -> Round:
    """Split `members` into pairs (and one trio if odd) for round `number`.

    `skips` sit this round out; `apart` are pairs kept apart whenever the members allow it
    (`unhonoured` tells which were not).
    """
    ids = sorted(set(members) - skips)
    if len(ids) < 2:
        return Round(number, (), None)
    cost = _avoiding(_cost_function(history.last_met, number), apart)
    slots = _layout(history, frozenset(ids))
    offset = _choose_offset(slots, history, cost)
    pairs, orphans = _circle(slots, offset)
    rank = trio_rank(history.trio_count)
    single = None
    if len(orphans) % 2:
        # Whoever is left over is the natural trio third, so keep the one whose turn it is.
        single = min(orphans, key=rank)
        orphans.remove(single)
    pairs.extend(_pair_greedily(orphans, cost))
    # Seeded by the inputs, so the same inputs give the same round (not a security use).
    rng = random.Random(f"rotation:{number}:{len(ids)}:{offset}")  # noqa: S311
    budget = 4 * len(ids) + 20_000
    _repair(pairs, cost, rng, budget)
    groups: list[tuple[str, ...]] = []
    if single is not None:
        trio, pairs, reserved = form_trio(
            pairs,
            single,
            ids,
            cost,
            trio_count=history.trio_count,
            last_trio=history.last_trio,
        )
        groups.append(trio)
        cost = _reserving(cost, reserved)
        _repair(pairs, cost, rng, budget)  # mostly the few pairs the trio re-paired
    groups.extend(pairs)
    if len(ids) <= _EXACT_SIZE and any(_group_cost(group, cost) for group in groups):
        # Small teams (the usual case) can afford a search for a round with fewer repeats.
        groups = _exact_round(ids, history, cost, groups)
    if apart:
        # The trio rule may have put a kept-apart pair in the trio: a wish beats trio turns.
        _separate(groups, cost)
    return Round(number, tuple(sorted(tuple(sorted(group)) for group in groups)), offset)


def unhonoured(round_: Round, apart: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """The pairs of `apart` that the round still put in one group."""
    together = {frozenset(pair) for group in round_.groups for pair in combinations(group, 2)}
    return sorted((pair for pair in set(apart) if pair in together), key=sorted)


def _separate(groups: list[tuple[str, ...]], cost: CostFn) -> None:
    """Swap members between groups while a group holding a kept-apart pair gets cheaper."""
    for _ in range(len(groups)):
        worst = max(range(len(groups)), key=lambda i: _group_cost(groups[i], cost))
        if _group_cost(groups[worst], cost) < _AVOID:
            return
        best: tuple[int, int, tuple[str, ...], tuple[str, ...]] | None = None
        before = _group_cost(groups[worst], cost)
        for j, other in enumerate(groups):
            if j == worst:
                continue
            for mine in groups[worst]:
                for theirs in other:
                    here = tuple(theirs if m == mine else m for m in groups[worst])
                    there = tuple(mine if m == theirs else m for m in other)
                    gain = before + _group_cost(other, cost)
                    gain -= _group_cost(here, cost) + _group_cost(there, cost)
                    if gain > 0 and (best is None or gain > best[0]):
                        best = (gain, j, here, there)
        if best is None:
            return
        _, j, groups[worst], groups[j] = best


def _avoiding(cost: CostFn, apart: frozenset[frozenset[str]]) -> CostFn:
    """`cost`, plus a penalty above any number of repeats for a pair kept apart."""
    if not apart:
        return cost

    def avoiding_cost(a: str, b: str) -> int:
        value = cost(a, b)
        return value + _AVOID if frozenset((a, b)) in apart else value

    return avoiding_cost


def _group_cost(group: Sequence[str], cost: CostFn) -> int:
    """Cost of everyone in a group meeting everyone else."""
    return sum(cost(a, b) for a, b in combinations(group, 2))


def _exact_round(
    ids: Sequence[str], history: History, cost: CostFn, groups: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """Cheapest round found by branch and bound (trio rule kept), or `groups` if none cheaper."""
    matrix = [[cost(a, b) if a != b else 0 for b in ids] for a in ids]
    best_cost = sum(_group_cost(group, cost) for group in groups)
    best: list[tuple[int, ...]] | None = None
    nodes = 0

    def match(left: list[int], spent: int, chosen: list[tuple[int, ...]]) -> None:
        nonlocal best_cost, best, nodes
        nodes += 1
        if spent >= best_cost or nodes > _EXACT_NODES:
            return
        if not left:
            best_cost, best = spent, list(chosen)
            return
        first, rest = left[0], left[1:]
        row = matrix[first]
        for other in sorted(rest, key=row.__getitem__):
            chosen.append((first, other))
            match([m for m in rest if m != other], spent + row[other], chosen)
            chosen.pop()

    everyone = list(range(len(ids)))
    if len(ids) % 2:
        counts = [history.trio_count.get(member, 0) for member in ids]
        limit = sorted(counts)[2]
        required = {m for m in everyone if counts[m] < limit}
        trios = [
            (matrix[a][b] + matrix[a][c] + matrix[b][c], (a, b, c))
            for a, b, c in combinations([m for m in everyone if counts[m] <= limit], 3)
            if required <= {a, b, c}
        ]
        for triangle, trio in sorted(trios):
            match([m for m in everyone if m not in trio], triangle, [trio])
    else:
        match(everyone, 0, [])
    if best is None:
        return groups
    return [tuple(ids[m] for m in group) for group in best]


def _cost_function(last_met: Mapping[frozenset[str], int], number: int) -> CostFn:
    """Cost of pairing two members in round `number`: 0 if they never met."""

    def cost(a: str, b: str) -> int:
        met = last_met.get(frozenset((a, b)))
        if met is None:
            return 0
        return _REPEAT + (_REPEAT - 1) // max(1, number - met)

    return cost


def _reserving(cost: CostFn, reserved: frozenset[frozenset[str]]) -> CostFn:
    """`cost`, plus a penalty for pairs that the trio plan needs unmet for a later round."""
    if not reserved:
        return cost

    def reserving_cost(a: str, b: str) -> int:
        value = cost(a, b)
        if frozenset((a, b)) in reserved:
            return value + _REPEAT // 2  # a likely repeat later is better than a certain one now
        return value

    return reserving_cost


def _initial(members: Iterable[str]) -> list[str | None]:
    """A fresh layout: sorted members, padded with a hole to an even slot count."""
    slots: list[str | None] = sorted(members)
    if len(slots) % 2:
        slots.append(None)
    return slots


def _previous_slots(history: History) -> Slots:
    """The layout the previous round used (assumed sorted if the history does not say)."""
    return history.order or tuple(_initial(history.previous_members))


def _layout(history: History, members: frozenset[str]) -> Slots:
    """Slots for `members`: stayers keep theirs, newcomers fill holes, then new slots."""
    previous = _previous_slots(history)
    if not previous:
        return tuple(_initial(members))
    slots = [member if member in members else None for member in previous]
    seated = {member for member in slots if member is not None}
    newcomers = sorted(members - seated)
    holes = [index for index, member in enumerate(slots) if member is None]
    for index, member in zip(holes, newcomers, strict=False):
        slots[index] = member
    slots.extend(newcomers[len(holes) :])
    # Each hole leaves one member to be paired outside the circle every round; past a quarter
    # that costs more than restarting the circle on a compact layout.
    if len(slots) - len(members) > max(2, len(members) // 4):
        slots = [member for member in slots if member is not None]
    if len(slots) % 2:
        slots.append(None)
    return tuple(slots)


def _circle_cost(slots: Slots, offset: int, cost: CostFn) -> int:
    """Total cost of the circle's member pairs at `offset`."""
    pairs, _ = _circle(slots, offset)
    return sum(cost(a, b) for a, b in pairs)


def _choose_offset(slots: Slots, history: History, cost: CostFn) -> int:
    """Continue the circle if the slot count is unchanged, else take the cheapest offset tried."""
    modulus = len(slots) - 1
    previous = history.previous_offset
    if previous is not None and len(_previous_slots(history)) == len(slots):
        return (previous + 1) % modulus
    if not history.last_met:
        return 0
    tries = min(modulus, _OFFSET_CANDIDATES)
    candidates = [(index * modulus) // tries for index in range(tries)]
    if previous is not None:
        candidates.insert(0, (previous + 1) % modulus)
    return min(candidates, key=lambda offset: _circle_cost(slots, offset, cost))


def _circle(slots: Slots, offset: int) -> tuple[list[tuple[str, str]], list[str]]:
    """Circle-method pairs of occupied slots, and the members who face a hole."""
    modulus = len(slots) - 1
    pairs: list[tuple[str, str]] = []
    orphans: list[str] = []
    positions = [(modulus, offset)]
    positions += [
        ((offset + k) % modulus, (offset - k) % modulus) for k in range(1, len(slots) // 2)
    ]
    for i, j in positions:
        a, b = slots[i], slots[j]
        if a is not None and b is not None:
            pairs.append((a, b))
        elif a is not None:
            orphans.append(a)
        elif b is not None:
            orphans.append(b)
    return pairs, orphans


def _pair_greedily(members: Sequence[str], cost: CostFn, window: int = 8) -> list[tuple[str, str]]:
    """Pair an even number of members, each with the cheapest of the next few unpaired."""
    waiting = deque(members)
    pairs: list[tuple[str, str]] = []
    while waiting:
        first = waiting.popleft()
        ahead = [waiting[index] for index in range(min(window, len(waiting)))]
        partner = min(ahead, key=lambda other: cost(first, other))
        waiting.remove(partner)
        pairs.append((first, partner))
    return pairs


def _repair(pairs: list[tuple[str, str]], cost: CostFn, rng: random.Random, budget: int) -> None:
    """Swap partners between pairs while that lowers the cost, within `budget` tries."""
    # Small rounds try every other pair (then every two other pairs); large rounds sample a few
    # random pairs, since there history is sparse and a fresh partner turns up quickly.
    if len(pairs) < 2:
        return
    costs = [cost(a, b) for a, b in pairs]
    # Most recent repeats first: in a second cycle every pair is a repeat and the budget may
    # not reach them all.
    queue = deque(sorted((i for i, value in enumerate(costs) if value), key=lambda i: -costs[i]))
    exhaustive = len(pairs) <= _EXHAUSTIVE_PAIRS
    while queue and budget > 0:
        i = queue.popleft()
        if not costs[i]:
            continue
        if exhaustive:
            start = rng.randrange(len(pairs))
            others = [(start + step) % len(pairs) for step in range(len(pairs))]
        else:
            others = [rng.randrange(len(pairs)) for _ in range(_SWAP_TRIES)]
        others = [j for j in others if j != i]
        budget -= len(others)
        changed = _swap_two(pairs, costs, i, others, cost)
        if changed is None and exhaustive:
            budget -= len(others) ** 2
            changed = _swap_three(pairs, costs, i, others, cost)
        if changed:
            queue.extend(index for index in changed if costs[index])


def _swap_two(
    pairs: list[tuple[str, str]], costs: list[int], i: int, others: Sequence[int], cost: CostFn
) -> tuple[int, ...] | None:
    """Best partner swap between pair i and one of `others` that lowers the cost, applied."""
    a, b = pairs[i]
    best: tuple[int, int, tuple[str, str], tuple[str, str], int, int] | None = None
    for j in others:
        c, d = pairs[j]
        before = costs[i] + costs[j]
        for first, second in (((a, c), (b, d)), ((a, d), (b, c))):
            cost_first, cost_second = cost(*first), cost(*second)
            gain = before - cost_first - cost_second
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, j, first, second, cost_first, cost_second)
        if best is not None and best[0] == before:
            break  # both new pairs are fresh; nothing can beat that
    if best is None:
        return None
    _, j, pairs[i], pairs[j], costs[i], costs[j] = best
    return (i, j)


def _swap_three(
    pairs: list[tuple[str, str]], costs: list[int], i: int, others: Sequence[int], cost: CostFn
) -> tuple[int, ...] | None:
    """First chain a→c, d→e, f→b (pairs i, j, k re-paired) that lowers the cost, applied."""
    a, b = pairs[i]
    for j in others:
        for c, d in (pairs[j], pairs[j][::-1]):
            first = cost(a, c)
            if first >= costs[i] + costs[j]:
                continue
            for k in others:
                if k == j:
                    continue
                before = costs[i] + costs[j] + costs[k]
                for e, f in (pairs[k], pairs[k][::-1]):
                    second, third = cost(d, e), cost(f, b)
                    if first + second + third < before:
                        pairs[i], pairs[j], pairs[k] = (a, c), (d, e), (f, b)
                        costs[i], costs[j], costs[k] = first, second, third
                        return (i, j, k)
    return None
