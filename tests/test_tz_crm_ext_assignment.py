import pytest
from conftest import load_addon_lib

asg = load_addon_lib("tz_crm_ext", "assignment")


def members(*caps, loads=None, opens=None):
    loads = loads or [0] * len(caps)
    opens = opens or [0] * len(caps)
    return [
        {"id": i, "capacity": c, "load": loads[i], "open": opens[i]}
        for i, c in enumerate(caps)
    ]


def counts(result):
    return {k: len(v) for k, v in result.items()}


def test_round_robin_cycles_and_pointer():
    result, pointer = asg.allocate(range(7), members(10, 10, 10), asg.ROUND_ROBIN)
    assert counts(result) == {0: 3, 1: 2, 2: 2}
    assert result[0] == [0, 3, 6]
    assert pointer == 1
    result, pointer = asg.allocate(range(2), members(10, 10, 10), asg.ROUND_ROBIN, 1)
    assert result[1] == [0] and result[2] == [1]
    assert pointer == 0


def test_round_robin_respects_capacity():
    result, _p = asg.allocate(range(9), members(2, 10, 10), asg.ROUND_ROBIN)
    assert counts(result) == {0: 2, 1: 4, 2: 3}
    result, _p = asg.allocate(
        range(9), members(5, 5, 5, loads=[4, 5, 0]), asg.ROUND_ROBIN
    )
    assert counts(result) == {0: 1, 1: 0, 2: 5}


def test_least_open():
    result, _p = asg.allocate(
        range(6), members(9, 9, 9, opens=[3, 1, 0]), asg.LEAST_OPEN
    )
    assert counts(result) == {0: 1, 1: 2, 2: 3}


def test_capacity_weighted_proportional():
    result, _p = asg.allocate(range(60), members(30, 60, 90), asg.CAPACITY)
    assert counts(result) == {0: 10, 1: 20, 2: 30}
    caps = {0: 30, 1: 60, 2: 90}
    assert asg.load_spread(counts(result), caps) <= 1


@pytest.mark.parametrize("n", [1, 7, 101, 499])
def test_capacity_weighted_spread_bound(n):
    caps = [17, 40, 55, 90, 300]
    result, _p = asg.allocate(range(n), members(*caps), asg.CAPACITY)
    assert sum(counts(result).values()) == n
    assert asg.load_spread(counts(result), dict(enumerate(caps))) <= 1


def test_capacity_weighted_stops_at_capacity():
    result, _p = asg.allocate(range(999), members(17, 40), asg.CAPACITY)
    assert counts(result) == {0: 17, 1: 40}


def test_full_members_leave_items_unassigned():
    result, _p = asg.allocate(range(5), members(1, 0, 2), asg.CAPACITY)
    assert counts(result) == {0: 1, 1: 0, 2: 2}
    assert asg.allocate(range(3), [], asg.CAPACITY)[0] == {}


def test_unknown_strategy():
    with pytest.raises(ValueError):
        asg.allocate([1], members(1), "random")
