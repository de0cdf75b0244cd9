import pytest

from flopgrid.audit.verdict import CONSISTENT, INCONSISTENT, OPTIMISTIC, judge


@pytest.mark.parametrize(
    ("value", "flattering", "verdict"),
    [
        (2.5, "low", CONSISTENT),  # inside [2, 3]
        (1.91, "low", CONSISTENT),  # within 5 % of the low end
        (1.5, "low", OPTIMISTIC),  # 1.33x below, flattering side
        (0.9, "low", INCONSISTENT),  # 2.2x below
        (4.0, "low", CONSISTENT),  # 1.33x above, conservative side
        (7.0, "low", INCONSISTENT),  # 2.33x above
        (4.0, "high", OPTIMISTIC),  # more of a good thing than the range allows
        (1.5, "high", CONSISTENT),
    ],
)
def test_judge(value, flattering, verdict):
    got, how = judge(value, 2.0, 3.0, flattering)
    assert got == verdict, how


def test_judge_says_how_far():
    assert judge(1.5, 2.0, 3.0, "low")[1] == "1.3x below the range"
    assert "conservative" in judge(4.0, 2.0, 3.0, "low")[1]
