// How numbers are written in RESULTS.md: fixed, unit-bearing, readable.

export const ms = (value) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
export const us = (valueMs) => `${(valueMs * 1000).toFixed(0)} µs`;
export const times = (value) => `×${value.toFixed(2)}`;
export const bytes = (value) =>
  value < 1024
    ? `${value} B`
    : value < 1024 ** 2
      ? `${(value / 1024).toFixed(2)} kB (${value} B)`
      : `${(value / 1024 ** 2).toFixed(1)} MB (${value} B)`;
/** A size given in KiB, written in MiB. */
export const mebibytes = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
export const seconds = (valueMs) => `${(valueMs / 1000).toFixed(2)} s`;
export const perSecond = (value) => `${value.toFixed(0)}/s`;
export const percent = (value) => `${(value * 100).toFixed(0)} %`;
/** "12.3 ms (10.1–15.0)": a median with its p10–p90 spread. */
export const spread = (summary, unit = ms) => `${unit(summary.median)} (${unit(summary.p10)}–${unit(summary.p90)})`;
