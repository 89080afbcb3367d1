"""Small statistics used by the KPIs and the surge detector (no SciPy needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean, None for no values."""
    return sum(values) / len(values) if values else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation coefficient.

    Returns:
        r in [-1, 1], or None with fewer than 3 pairs or a constant series.
    """
    if len(xs) != len(ys):
        raise ValueError("pearson: series of different lengths")
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def poisson_sf(k: int, lam: float) -> float:
    """Upper tail P(X >= k) of a Poisson(lam) variable.

    Summed from ``k`` upwards in log space, so it stays accurate for the tiny
    probabilities that matter for alerting (where ``1 - cdf`` would round to 0).

    Args:
        k: Observed count.
        lam: Expected count (> 0).

    Returns:
        The tail probability in [0, 1].
    """
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    if k <= lam:
        # Lower tail is the small side here: 1 - P(X <= k-1), summed directly.
        log_term = -lam
        total = math.exp(log_term)
        for i in range(1, k):
            log_term += math.log(lam) - math.log(i)
            total += math.exp(log_term)
        return max(0.0, min(1.0, 1.0 - total))
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    term = math.exp(log_term)
    total = term
    i = k
    while term > total * 1e-17:
        i += 1
        term *= lam / i
        total += term
    return min(1.0, total)


def binomial_sf(k: int, n: int, p: float) -> float:
    """Upper tail P(X >= k) of a Binomial(n, p) variable, summed in log space.

    Args:
        k: Observed successes.
        n: Trials.
        p: Success probability (0 < p < 1).

    Returns:
        The tail probability in [0, 1].
    """
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)

    def log_pmf(i: int) -> float:
        return (
            math.lgamma(n + 1)
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + i * log_p
            + (n - i) * log_q
        )

    odds = p / (1 - p)
    if k <= n * p:
        # 1 - P(X <= k-1): sum downwards from k-1 while terms matter.
        term = math.exp(log_pmf(k - 1))
        lower, i = term, k - 1
        while i > 0 and term > lower * 1e-17:
            term *= i / ((n - i + 1) * odds)
            lower += term
            i -= 1
        return max(0.0, min(1.0, 1.0 - lower))
    term = math.exp(log_pmf(k))
    total, i = term, k
    while i < n and term > total * 1e-17:
        term *= (n - i) / (i + 1) * odds
        total += term
        i += 1
    return min(1.0, total)
