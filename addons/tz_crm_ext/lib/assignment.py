"""Lead distribution strategies (no Odoo import).

Each member is a ``dict`` with:

* ``id`` - any hashable key (the crm.team.member id),
* ``capacity`` - leads the member may receive over 30 days (core
  ``crm.team.member.assignment_max``); ``<= 0`` receives nothing,
* ``load`` - leads already assigned in the last 30 days (core
  ``lead_month_count``),
* ``open`` - open opportunities currently owned (for *least open*).

``allocate`` returns ``(assignment, pointer)`` where ``assignment`` maps
member id -> list of items and ``pointer`` is the round-robin position to
store for the next run.  Items that cannot be placed (every member full)
are left out.
"""

import heapq

ROUND_ROBIN = "round_robin"
LEAST_OPEN = "least_open"
CAPACITY = "capacity"
STRATEGIES = (ROUND_ROBIN, LEAST_OPEN, CAPACITY)


def _remaining(member):
    return member["capacity"] - member.get("load", 0)


def allocate(items, members, strategy, pointer=0):
    if strategy not in STRATEGIES:
        raise ValueError(f"Unknown strategy {strategy!r}")
    items = list(items)
    result = {m["id"]: [] for m in members}
    remaining = {m["id"]: _remaining(m) for m in members}
    eligible = [m for m in members if remaining[m["id"]] > 0]
    if not eligible or not items:
        return result, pointer
    if strategy == ROUND_ROBIN:
        return _round_robin(items, members, remaining, result, pointer)
    heap = []
    for index, member in enumerate(members):
        if remaining[member["id"]] <= 0:
            continue
        heap.append((_key(member, 0, strategy), index))
    heapq.heapify(heap)
    for item in items:
        if not heap:
            break
        _key_value, index = heapq.heappop(heap)
        member = members[index]
        mid = member["id"]
        result[mid].append(item)
        remaining[mid] -= 1
        if remaining[mid] > 0:
            heapq.heappush(heap, (_key(member, len(result[mid]), strategy), index))
    return result, pointer


def _key(member, assigned, strategy):
    if strategy == LEAST_OPEN:
        return member.get("open", 0) + assigned
    # capacity weighted: the member whose load per capacity unit after one
    # more lead is the smallest gets it (D'Hondt / highest averages), so
    # loads stay proportional to the capacities within one lead.
    return (member.get("load", 0) + assigned + 1) / member["capacity"]


def _round_robin(items, members, remaining, result, pointer):
    count = len(members)
    position = pointer % count if count else 0
    for item in items:
        for _step in range(count):
            member = members[position]
            position = (position + 1) % count
            if remaining[member["id"]] > 0:
                result[member["id"]].append(item)
                remaining[member["id"]] -= 1
                break
        else:
            break
    return result, position


def load_spread(assigned_counts, capacities):
    """Max - min load per capacity unit (unit = smallest capacity).

    ``assigned_counts`` and ``capacities`` map member -> number.  With the
    capacity-weighted strategy this is at most 1.
    """
    caps = {k: v for k, v in capacities.items() if v > 0}
    if not caps:
        return 0.0
    unit = min(caps.values())
    loads = [assigned_counts.get(k, 0) * unit / c for k, c in caps.items()]
    return max(loads) - min(loads)
