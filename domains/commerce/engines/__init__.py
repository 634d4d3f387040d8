"""Pure recommendation engines for mood-based shopping (numpy/scipy/scikit-learn, no Django)."""

ENGINE_VERSION = "commerce-rank/1.0"
