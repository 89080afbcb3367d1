"""Poisson tail and correlation against closed forms and brute-force sums."""

from __future__ import annotations

import math

import pytest

from triage.kpi.stats import mean, pearson, poisson_sf


def _brute_sf(k: int, lam: float) -> float:
    """Exact rational sum of the pmf from k to k+300 (independent of the implementation)."""
    from fractions import Fraction

    lam_q = Fraction(lam)
    total = sum(lam_q**i / math.factorial(i) for i in range(k, k + 300))
    return float(total) * math.exp(-lam)


@pytest.mark.parametrize(
    ("k", "lam", "expected"),
    [
        (0, 3.0, 1.0),
        (1, 1.0, 1 - math.exp(-1)),
        (3, 2.0, 1 - 5 * math.exp(-2)),  # 1 - e^-2 (1 + 2 + 2)
        (2, 0.5, 1 - 1.5 * math.exp(-0.5)),
    ],
)
def test_stats_poisson_sf_closed_forms(k, lam, expected):
    assert poisson_sf(k, lam) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("k", "lam"), [(20, 1.0), (40, 10.0), (9, 0.1), (30, 25.0), (5, 30.0)])
def test_stats_poisson_sf_matches_brute_force_in_the_tail(k, lam):
    assert poisson_sf(k, lam) == pytest.approx(_brute_sf(k, lam), rel=1e-9)


def test_stats_poisson_sf_tiny_tail_is_not_rounded_to_zero():
    p = poisson_sf(30, 1.0)
    assert 0 < p < 1e-30


def test_stats_pearson_known_values():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)  # sxy=4, sxx=syy=5
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1, 2], [1, 2]) is None


def test_stats_mean_of_nothing_is_none():
    assert mean([]) is None
    assert mean([1, 2]) == 1.5


@pytest.mark.parametrize(
    ("k", "n", "p", "expected"),
    [
        (0, 5, 0.3, 1.0),
        (3, 5, 0.5, 0.5),  # symmetric
        (1, 10, 0.1, 1 - 0.9**10),
        (10, 10, 0.5, 0.5**10),
        (11, 10, 0.5, 0.0),
        (2, 4, 0.25, 1 - 0.75**4 - 4 * 0.25 * 0.75**3),
    ],
)
def test_stats_binomial_sf_closed_forms(k, n, p, expected):
    from triage.kpi.stats import binomial_sf

    assert binomial_sf(k, n, p) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_stats_binomial_sf_matches_exact_sum_in_the_tail():
    from fractions import Fraction

    from triage.kpi.stats import binomial_sf

    k, n, p = 30, 200, Fraction(1, 20)
    exact = sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))
    assert binomial_sf(k, n, 0.05) == pytest.approx(float(exact), rel=1e-9)
    assert 0 < binomial_sf(60, 200, 0.05) < 1e-20
