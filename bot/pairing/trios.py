"""The odd member out: which trio a round with an odd count gets (`bot.pairing.rotation`).

`form_trio` takes the trio from the members holding the three smallest trio counts (fewest
trios first, then a per-turn shuffle from `trio_rank`), as cheaply as possible: either a third
joins one of the round's pairs, or any three of the best-ranked members are taken and whoever
they leave alone is re-paired. While at most 30 members still wait for their trio in the
current turn, the trio comes from `_plan_trios`, a bounded search that splits all of them into
fresh trios; the pairs the rest of that plan needs are returned as "reserved", so that the
round's other pairs avoid them. Pure and deterministic; it knows nothing of slots or circles.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations

# Members ranked first for the trio that are tried as the trio's third / in generic triples.
_TRIO_THIRDS = 8
_TRIO_POOL = 10
# While at most this many members still wait for their trio in the current turn, the trio is
# taken from a plan that splits all of them into triangles (searched with this node budget).
_PLAN_SIZE = 30
_PLAN_NODES = 4000

# The cost of pairing two members: 0 if they never met (`bot.pairing.rotation` builds it).
CostFn = Callable[[str, str], int]


def trio_rank(trio_count: Mapping[str, int]) -> Callable[[str], tuple[int, int, str]]:
    """Order for whose turn it is to be in a trio: fewest trios first, then a fixed shuffle."""

    def rank(member: str) -> tuple[int, int, str]:
        count = trio_count.get(member, 0)
        # A different order in every turn: ranking by "longest since last trio" would leave the
        # same people, who shared the last trios, to end every turn together again.
        shuffle = int.from_bytes(
            hashlib.blake2b(f"{count}:{member}".encode(), digest_size=8).digest()
        )
        return (count, shuffle, member)

    return rank


def _best_matching(members: Sequence[str], cost: CostFn) -> tuple[int, list[tuple[str, str]]]:
    """The cheapest way to pair up 0, 2 or 4 members."""
    if not members:
        return 0, []
    if len(members) == 2:
        return cost(*members), [(members[0], members[1])]
    a, b, c, d = members
    options = [((a, b), (c, d)), ((a, c), (b, d)), ((a, d), (b, c))]
    return min((cost(*p) + cost(*q), [p, q]) for p, q in options)


def form_trio(
    pairs: list[tuple[str, str]],
    single: str,
    ids: Sequence[str],
    cost: CostFn,
    *,
    trio_count: Mapping[str, int],
    last_trio: Mapping[str, int],
) -> tuple[tuple[str, ...], list[tuple[str, str]], frozenset[frozenset[str]]]:
    """The cheapest trio allowed by the rotation rule, the remaining pairs, and reserved pairs."""
    # Partners the trio takes members from are re-paired; "reserved" are the pairs that later
    # trios of the current plan need to stay unmet.
    counts = trio_count
    rank = trio_rank(trio_count)
    limit = heapq.nsmallest(3, (counts.get(member, 0) for member in ids))[2]
    # Members below the third-smallest count must be in the trio; those at it may be.
    required = frozenset(member for member in ids if counts.get(member, 0) < limit)

    def eligible(member: str) -> bool:
        return counts.get(member, 0) <= limit

    pair_of = {member: index for index, pair in enumerate(pairs) for member in pair}
    costs = [cost(a, b) for a, b in pairs]
    top = heapq.nsmallest(_TRIO_POOL, filter(eligible, ids), key=rank)
    pool = list(dict.fromkeys([*([single] if eligible(single) else []), *sorted(required), *top]))

    def fairness(trio: Iterable[str]) -> tuple[int, tuple[str, ...]]:
        # Among equally cheap trios prefer members whose last trio lies furthest back.
        members = sorted(trio)
        return sum(last_trio.get(member, -1) for member in members), tuple(members)

    def evaluate(trio: tuple[str, str, str]) -> tuple[int, int, list[tuple[str, str]], list[int]]:
        broken = sorted({pair_of[member] for member in trio if member in pair_of})
        freed = [member for index in broken for member in pairs[index] if member not in trio]
        if single not in trio:
            freed.append(single)
        triangle = sum(cost(x, y) for x, y in combinations(trio, 2))
        rematch_cost, rematched = _best_matching(freed, cost)
        # A pair inside the trio stays together, so its cost is part of `triangle` instead.
        dropped = sum(costs[index] for index in broken if not set(pairs[index]) <= set(trio))
        others = rematch_cost - dropped
        return triangle, others, rematched, broken

    # Key: (the trio's own repeats, change in the other pairs' cost, fairness, ids). The trio
    # comes first because the swap repair cannot fix it later but can fix the other pairs.
    best: tuple[int, int, tuple[int, tuple[str, ...]], tuple[str, str, str]] | None = None

    def consider(triangle: int, others: int, trio: tuple[str, str, str]) -> None:
        nonlocal best
        key = (triangle, others, fairness(trio), trio)
        if best is None or key < best:
            best = key

    # Near the end of a trio turn the last waiting members must form trios among themselves,
    # so take this round's trio from a plan in which all of them fit without repeats.
    waiting = [member for member in ids if counts.get(member, 0) == limit] if not required else []
    plan: list[tuple[str, ...]] = []
    if 3 <= len(waiting) <= _PLAN_SIZE:
        outsiders = [member for member in ids if counts.get(member, 0) != limit]
        plan = _plan_trios(sorted(waiting, key=rank), outsiders, cost)
        for a, b, c in (group for group in plan if len(group) == 3):
            triangle, others, _, _ = evaluate((a, b, c))
            consider(triangle, others, (a, b, c))
    else:
        # Cheapest shape: a third joins an existing pair, scanned over the pairs (O(n) each).
        for third in pool[:_TRIO_THIRDS]:
            if third == single:
                others = 0
            else:
                own = pair_of[third]
                partner = next(member for member in pairs[own] if member != third)
                others = cost(partner, single) - costs[own]
            for index, (x, y) in enumerate(pairs):
                if third in (x, y) or not (eligible(x) and eligible(y)):
                    continue
                if required and not required <= {third, x, y}:
                    continue
                triangle = costs[index] + cost(third, x) + cost(third, y)
                consider(triangle, others, (third, x, y))
                if not triangle:
                    break  # this third cannot do better
        # Any three of the pool, re-pairing whoever they leave alone (covers required members
        # sitting in different pairs).
        for trio in combinations(pool, 3):
            if required <= set(trio):
                triangle, others, _, _ = evaluate(trio)
                consider(triangle, others, trio)
        if len(required) == 2:
            # Two members must share the trio: try every possible third (O(n)).
            first, second = sorted(required)
            for third in ids:
                fresh = not cost(first, third) + cost(second, third)
                if fresh and third not in required and eligible(third):
                    triangle, others, _, _ = evaluate((first, second, third))
                    consider(triangle, others, (first, second, third))
    assert best is not None  # the pool's three best-ranked members always qualify
    trio = best[3]
    _, _, rematched, broken = evaluate(trio)
    rest = [pair for index, pair in enumerate(pairs) if index not in broken] + rematched
    reserved = frozenset(
        frozenset(edge)
        for group in plan
        if set(group) != set(trio)
        for edge in combinations(group, 2)
    )
    return tuple(sorted(trio)), rest, reserved


def _plan_trios(
    members: Sequence[str], outsiders: Sequence[str], cost: CostFn
) -> list[tuple[str, ...]]:
    """Cheapest split found of `members` into trios (len % 3 left out; two come as a pair)."""
    # Two left over will share the turn's last trio with one of `outsiders`, so they must be
    # fresh to each other and have a fresh third available.
    spare = len(members) % 3
    best: tuple[int, list[tuple[str, ...]]] | None = None
    nodes = 0
    shared: dict[tuple[str, ...], int] = {}

    def leftover_cost(pair: tuple[str, ...]) -> int:
        # The two must meet, and some outsider must be fresh to both to complete their trio.
        if pair not in shared:
            x, y = pair
            third = min(
                (cost(x, other) + cost(y, other) for other in _first_zero(outsiders, x, y, cost)),
                default=0,
            )
            shared[pair] = cost(x, y) + third
        return shared[pair]

    def search(left: list[str], spare: int, spent: int, plan: list[tuple[str, ...]]) -> None:
        nonlocal best, nodes
        nodes += 1
        if best is not None and (spent >= best[0] or nodes > _PLAN_NODES):
            return
        if len(left) == spare:
            # Two left over will share the next trio, so their meeting counts too.
            total = spent + (leftover_cost(tuple(left)) if spare == 2 else 0)
            if best is None or total < best[0]:
                best = (total, plan + ([tuple(left)] if spare == 2 else []))
            return
        first, rest = left[0], left[1:]
        options = sorted(
            (cost(first, v) + cost(first, w) + cost(v, w), v, w) for v, w in combinations(rest, 2)
        )
        for extra, v, w in options:
            plan.append((first, v, w))
            search([m for m in rest if m not in (v, w)], spare, spent + extra, plan)
            plan.pop()
            if best is not None and best[0] == 0:
                return
        if spare:
            search(rest, spare - 1, spent, plan)

    search(list(members), spare, 0, [])
    assert best is not None
    return best[1]


def _first_zero(members: Iterable[str], x: str, y: str, cost: CostFn) -> Iterable[str]:
    """`members` up to and including the first one that neither x nor y has met."""
    for member in members:
        yield member
        if not cost(x, member) and not cost(y, member):
            return
