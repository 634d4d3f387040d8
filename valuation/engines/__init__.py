"""Pure valuation engines: numpy/pandas/stdlib only, no Django."""
