import pytest

from innovation.data import load_matrix_text
from innovation.engines.triz import map_contradiction, parse_matrix, principles_for


def test_every_cell_parses_to_one_to_four_distinct_principles(triz_data):
    matrix = parse_matrix(load_matrix_text())
    assert len(matrix) > 1000
    for (i, j), cell in matrix.items():
        assert 1 <= i <= 39 and 1 <= j <= 39 and i != j
        assert 1 <= len(cell) <= 4
        assert len(set(cell)) == len(cell)
        assert all(1 <= p <= 40 for p in cell)


def test_classical_cells(triz_data):
    assert triz_data.matrix[(1, 3)] == (15, 8, 29, 34)
    assert triz_data.matrix[(1, 5)] == (29, 17, 38, 34)
    assert triz_data.matrix[(1, 38)] == (26, 35, 18, 19)  # repaired "26, 35 18, 19"
    assert triz_data.matrix[(19, 9)] == (8, 15, 35)  # repaired duplicate 35


def test_counts_and_names(triz_data):
    assert len(triz_data.parameters) == 39
    assert len(triz_data.principles) == 40
    assert triz_data.parameter(27).name == "Reliability"
    assert triz_data.principle(1).name == "Segmentation"
    assert {s.key for s in triz_data.separations} == {"time", "space", "condition", "system"}
    for s in triz_data.separations:
        assert all(1 <= p <= 40 for p in s.principles)


def _matrix_with(cell: str) -> str:
    rows = [";" * 38 for _ in range(39)]
    rows[0] = ";" + cell + ";" * 37
    return "\n".join(rows)


@pytest.mark.parametrize("cell", ["35 18", "8, 35, 35", "1, 2, 3, 4, 5", "41", "0", "a"])
def test_malformed_cells_are_rejected(cell):
    with pytest.raises(ValueError, match=r"cell \(1,2\)"):
        parse_matrix(_matrix_with(cell))


def test_diagonal_and_shape_are_checked():
    rows = [";" * 38 for _ in range(39)]
    rows[0] = "1" + ";" * 38
    with pytest.raises(ValueError, match="diagonal"):
        parse_matrix("\n".join(rows))
    with pytest.raises(ValueError, match="rows"):
        parse_matrix("\n".join(rows[:5]))


def test_search_maps_plain_language_to_parameters(search):
    assert search.search("always available service with high uptime", 1)[0][0] == 27
    assert search.search("privacy of personal data", 1)[0][0] == 24
    c = map_contradiction(search, "speed of travel", "safety and harm to pedestrians")
    assert c.improving == 9
    assert c.principles == search.triz.matrix[(9, c.worsening)]


def test_physical_contradiction_uses_separation(triz_data):
    principles, sep = principles_for(triz_data, 9, 9)
    assert sep == "time"
    assert set(principles) <= set(triz_data.separations[0].principles)
