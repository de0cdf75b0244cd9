"""The plan's time options on the command line: one of --periods, --hours and --yearly,
--segments only with --periods, each refusal naming the option."""

from __future__ import annotations

import re

import pytest

from flopgrid.cli.plan_cmd import time_options
from flopgrid.errors import FlopgridError


def test_defaults_to_the_yearly_model():
    assert time_options(None, None, False) == {
        "slicing": "yearly",
        "link_periods": False,
        "flexibility": "training",
    }


def test_periods_with_segments():
    out = time_options(12, None, False, segments=6)
    assert out["slicing"] == "periods" and out["periods"] == 12 and out["segments"] == 6


@pytest.mark.parametrize(
    ("args", "kw", "expected"),
    [
        ((12, "full", False), {}, "give one of --periods, --hours full and --yearly"),
        ((None, "all", False), {}, "--hours takes 'full', got 'all'"),
        ((None, None, False), {"segments": 6}, "--segments needs --periods N"),
        ((None, "full", False), {"segments": 6}, "--segments needs --periods N"),
        ((12, None, False), {"segments": 25}, "--segments must be 1..24 steps a day, got 25"),
        ((0, None, False), {}, "--periods must be 1..365, got 0"),
        ((400, None, False), {}, "--periods must be 1..365, got 400"),
        ((None, None, False), {"link_days": True}, "--link-days needs --periods N"),
        ((None, "full", False), {"link_days": True}, "--link-days needs --periods N"),
        ((None, None, True), {"link_days": True}, "--link-days needs --periods N"),
        ((12, None, False), {"flex": "some"}, "--flex must be none, training or all"),
        ((None, None, False), {"flex": "all"}, "--flex needs --periods N or --hours full"),
        ((None, None, True), {"flex": "none"}, "--flex needs --periods N or --hours full"),
    ],
)
def test_bad_time_options_name_the_option(args, kw, expected):
    with pytest.raises(FlopgridError, match=re.escape(expected)):
        time_options(*args, **kw)
