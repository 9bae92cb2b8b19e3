// Order statistics for timing samples. Medians and percentiles, never means: one GC pause or a neighbour's burst on
// a shared machine moves a mean a lot and a median hardly at all.

/** The q-quantile (0..1) by linear interpolation between closest ranks (type 7, what R and NumPy default to). */
export function quantile(sorted, q) {
  if (sorted.length === 0) throw new Error("quantile of no samples");
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** n, median, p10, p90, min and max of some samples. */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}
