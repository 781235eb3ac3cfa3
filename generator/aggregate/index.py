"""The reputation index (0-100): one documented, bounded formula, no hidden weights.

index = 100 x (W_SENTIMENT x S + W_VISIBILITY x V + W_ADVOCACY x A), weights summing to 1:
- S, sentiment: (net + 1) / 2 with net = (P - N) / (P + N + PRIOR), a net sentiment shrunk
  towards neutral when there are few opinions (one happy post must not score 100);
- V, visibility: share of voice against an equal split of the sector, capped:
  min(1, sov x brands / 2) -- an equal share scores 0.5, twice the equal share or more 1;
- A, advocacy: (R + 1) / (R + D + 2), R = recommendations, D = advice against + intents to
  leave (Laplace smoothing: no cue at all scores 0.5).
Each component lies in [0, 1], so the index lies in [0, 100] by construction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

W_SENTIMENT = 0.5
W_VISIBILITY = 0.25
W_ADVOCACY = 0.25
SENTIMENT_PRIOR = 5.0


def params() -> dict[str, float]:
    return {
        "index_w_sentiment": W_SENTIMENT,
        "index_w_visibility": W_VISIBILITY,
        "index_w_advocacy": W_ADVOCACY,
        "index_sentiment_prior": SENTIMENT_PRIOR,
    }


def components(
    positive: pd.Series,
    negative: pd.Series,
    sov: pd.Series,
    brands_in_sector: pd.Series,
    recommendations: pd.Series,
    detractions: pd.Series,
) -> pd.DataFrame:
    """The three components S, V, A of the index, each within [0, 1]."""
    p = positive.astype(float)
    n = negative.astype(float)
    sentiment = ((p - n) / (p + n + SENTIMENT_PRIOR) + 1.0) / 2.0
    visibility = np.minimum(1.0, sov.astype(float) * brands_in_sector.astype(float) / 2.0)
    r = recommendations.astype(float)
    d = detractions.astype(float)
    advocacy = (r + 1.0) / (r + d + 2.0)
    return pd.DataFrame(
        {"index_sentiment": sentiment, "index_visibility": visibility, "index_advocacy": advocacy}
    )


def reputation_index(parts: pd.DataFrame) -> pd.Series:
    """Weighted sum of the components, scaled to 0-100 and clipped against rounding."""
    value = 100.0 * (
        W_SENTIMENT * parts["index_sentiment"]
        + W_VISIBILITY * parts["index_visibility"]
        + W_ADVOCACY * parts["index_advocacy"]
    )
    return value.clip(0.0, 100.0)
