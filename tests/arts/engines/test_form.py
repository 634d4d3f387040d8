"""Known answers for the form planner and the iso-principle arc positions."""

from domains.arts.engines.form import arc_position, sections


def _runs(n):
    out = []
    for name, phrase, _length in sections(n):
        if not out or out[-1][:2] != (name, phrase):
            out.append((name, phrase, 0))
        out[-1] = (name, phrase, out[-1][2] + 1)
    return [(name, count) for name, _p, count in out]


def test_sections_known_answers():
    assert _runs(2) == [("theme", 1), ("cadence", 1)]
    assert _runs(3) == [("intro", 1), ("theme", 1), ("cadence", 1)]
    assert _runs(7) == [("intro", 1), ("theme", 4), ("cadence", 2)]
    assert _runs(16) == [
        ("intro", 2),
        ("theme", 4),
        ("theme", 4),
        ("development", 4),
        ("cadence", 2),
    ]
    assert _runs(21) == [
        ("intro", 2),
        ("theme", 4),
        ("theme", 4),
        ("development", 4),
        ("reprise", 5),
        ("cadence", 2),
    ]
    for n in range(2, 80):
        assert len(sections(n)) == n


def test_arc_positions_hold_move_arrive():
    positions = [arc_position(i, 12, True) for i in range(12)]
    assert positions[:3] == [0.0, 0.0, 0.0]
    assert positions[-3:] == [1.0, 1.0, 1.0]
    assert positions == sorted(positions)
    assert 0 < positions[5] < 1
    assert all(arc_position(i, 12, False) == 1.0 for i in range(12))
