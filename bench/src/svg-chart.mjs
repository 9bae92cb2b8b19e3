// Line charts as standalone SVG files, drawn from a benchmark's own figures so RESULTS.md can show scaling rows as a
// picture beside its tables. No dependency: axes, ticks, one polyline and markers per series, a legend.

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 170, bottom: 56, left: 72 };
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

const escapeXml = (text) =>
  String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** 1, 2, 5 × 10^k steps covering [0, max] with about `count` ticks. */
export function niceTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let value = 0; value <= max + step * 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Powers of ten spanning [min, max] (log axis). */
export function decadeTicks(min, max) {
  const ticks = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) ticks.push(10 ** k);
  return ticks;
}

const compact = (value) =>
  value >= 1e6 ? `${value / 1e6}M` : value >= 1e3 ? `${value / 1e3}k` : String(Number(value.toPrecision(4)));

function scales({ series, logX }) {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) throw new Error("svg-chart: a chart needs at least one point");
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y) || (logX && x <= 0)) {
      throw new Error(`svg-chart: point (${x}, ${y}) cannot be drawn${logX ? " on a log x axis" : ""}`);
    }
  }
  const xs = points.map(([x]) => x);
  const xTicks = logX ? decadeTicks(Math.min(...xs), Math.max(...xs)) : niceTicks(Math.max(...xs));
  const yTicks = niceTicks(Math.max(...points.map(([, y]) => y)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const [x0, x1] = [xTicks[0], xTicks[xTicks.length - 1]];
  const xOf = logX
    ? (x) => MARGIN.left + ((Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0) || 1)) * plotW
    : (x) => MARGIN.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const yMax = yTicks[yTicks.length - 1];
  const yOf = (y) => MARGIN.top + plotH - (y / (yMax || 1)) * plotH;
  return { xTicks, yTicks, xOf, yOf, plotW, plotH };
}

function axes({ xTicks, yTicks, xOf, yOf, plotW, plotH }, { xLabel, yLabel }) {
  const bottom = MARGIN.top + plotH;
  const parts = [
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  ];
  for (const t of yTicks) {
    const y = yOf(t).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(
      `<text x="${MARGIN.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${compact(t)}</text>`,
    );
  }
  for (const t of xTicks) {
    const x = xOf(t).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${bottom}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${x}" y="${bottom + 18}" text-anchor="middle">${compact(t)}</text>`);
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  return parts;
}

function plotSeries(series, { xOf, yOf }) {
  return series.flatMap((s, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const coords = [...s.points].sort((a, b) => a[0] - b[0]).map(([x, y]) => [xOf(x).toFixed(1), yOf(y).toFixed(1)]);
    const legendY = MARGIN.top + 8 + index * 20;
    const legendX = WIDTH - MARGIN.right + 14;
    return [
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${coords.map((c) => c.join(",")).join(" ")}"/>`,
      ...coords.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="3.5" fill="${colour}"/>`),
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${legendX + 24}" y="${legendY}" dominant-baseline="middle">${escapeXml(s.name)}</text>`,
    ];
  });
}

/**
 * An SVG line chart. `series`: [{ name, points: [[x, y], …] }]; `logX` for record counts spanning decades.
 * Throws on a point it cannot draw, so a broken figure fails the run instead of drawing a wrong picture.
 */
export function lineChart({ title, xLabel, yLabel, series, logX = false }) {
  const scale = scales({ series, logX });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...axes(scale, { xLabel, yLabel }),
    ...plotSeries(series, scale),
    "</svg>",
    "",
  ].join("\n");
}
