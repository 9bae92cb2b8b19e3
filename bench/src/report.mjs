// Writes RESULTS.md: the machine and versions, a headline table of every goal, then one section per benchmark with
// what it measures, how, and its tables. Every cell is filled: a value that could not be measured says why.

function cell(value) {
  const text = String(value ?? "").trim();
  if (text === "") throw new Error("report: an empty table cell (every cell must say something)");
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

export function renderTable(header, rows) {
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new Error(`report: a row has ${row.length} cells for ${header.length} columns: ${JSON.stringify(row)}`);
    }
  }
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** Where a run's SVG charts go, beside the Markdown that shows them. */
export const CHART_DIR = "charts";

/** A chart's file name: a plain `name.svg`, so a benchmark cannot write outside the chart folder. */
export function checkChartFile(file) {
  if (!/^[a-z0-9][a-z0-9-]*\.svg$/.test(file))
    throw new Error(`report: chart file ${JSON.stringify(file)} is not a-z0-9-.svg`);
  return file;
}

const verdict = (met) => (met ? "met" : "**not met**");

export function renderResults({ machine, versions, revision, options, startedAt, elapsedMs, load, results }) {
  const lines = [];
  lines.push("# graphsync benchmarks");
  lines.push("");
  lines.push(
    "Written by `pnpm --filter @graphsync/bench bench` (bench/src/run.mjs); do not edit by hand. Absolute times belong to",
    "this machine; the **ratios** to a baseline measured in the same run are what to compare across machines.",
  );
  if (options.smoke) {
    lines.push("");
    lines.push(
      "> **Smoke run** (`--smoke`): tiny sizes, one pass each. The numbers prove the scripts work, nothing more.",
    );
  }
  lines.push("");
  lines.push("## Machine and versions");
  lines.push("");
  const loadText =
    load.before === null
      ? "not available on this platform"
      : `${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after`;
  lines.push(
    renderTable(
      ["what", "value"],
      [
        ["CPU", machine.cpu],
        ["cores", String(machine.cores)],
        ["RAM", `${machine.memoryGiB.toFixed(1)} GiB`],
        ["OS", machine.os],
        ["Node.js", machine.node],
        ["1-minute load average", loadText],
        ["commit", revision],
        ["run", `${startedAt} (${(elapsedMs / 1000).toFixed(0)} s)`],
        ["command", `node bench/src/run.mjs ${options.argv.join(" ")}`.trim()],
        ...Object.entries(versions).map(([name, version]) => [name, version]),
      ],
    ),
  );
  lines.push("");
  lines.push("## Goals");
  lines.push("");
  const goals = results.flatMap((result) =>
    result.goals.map((goal) => [result.title, goal.goal, goal.measured, verdict(goal.met)]),
  );
  lines.push(
    goals.length > 0 ? renderTable(["benchmark", "goal", "measured", "verdict"], goals) : "No goals were measured.",
  );
  for (const result of results) {
    lines.push("");
    lines.push(`## ${result.title}`);
    lines.push("");
    lines.push(result.method.trim());
    for (const t of result.tables) {
      lines.push("");
      if (t.title) {
        lines.push(`**${t.title}**`);
        lines.push("");
      }
      lines.push(renderTable(t.header, t.rows));
    }
    for (const chart of result.charts ?? []) {
      lines.push("");
      lines.push(`![${chart.title}](${CHART_DIR}/${chart.file})`);
    }
    if (result.notes.length > 0) {
      lines.push("");
      for (const note of result.notes) lines.push(`- ${note}`);
    }
  }
  lines.push("");
  return lines.join("\n");
}
