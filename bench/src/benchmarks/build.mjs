// Benchmark 6: codegen and build.
//
// What: how long the spec → types → packages pipeline takes: the types generator alone, a cold `turbo run build`
// (a fresh clone after `pnpm install`: no generated files, no dist/, an empty turbo cache), the run right after it,
// and a fully cached run.
// How: every build runs in a snapshot of the working tree (src/snapshot.mjs: the files git would see, node_modules
// linked to what is installed, a fresh git repository), so the live tree is never rebuilt under other processes and
// each cold run really starts from nothing: a new snapshot and a new, empty --cache-dir each time. Times are wall
// times of the whole command, spawn to exit (turbo's own binary, not through pnpm). `generate` is
// packages/types/scripts/generate.mjs run directly, interleaved with `node -e 0` as the baseline. A cached run must
// report every task cached; the runs between the cold one and the first fully cached one are counted and reported.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ms, spread, times } from "../format.mjs";
import { expectSuccess, runTimed } from "../processes.mjs";
import { snapshotWorkspace } from "../snapshot.mjs";
import { summarize } from "../stats.mjs";

const ENV = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", NO_COLOR: "1" };
const MAX_RUNS_TO_FULL_CACHE = 3;

function turboCounts(output) {
  const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(output);
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  if (!tasks || !cached) throw new Error(`build: could not read turbo's summary from:\n${output.slice(-2000)}`);
  return { successful: Number(tasks[1]), total: Number(tasks[2]), cached: Number(cached[1]) };
}

async function turboBuild(dir, cacheDir, label) {
  const run = expectSuccess(
    await runTimed(
      [join(dir, "node_modules/.bin/turbo"), "run", "build", "--cache-dir", cacheDir, "--output-logs=errors-only"],
      { cwd: dir, env: ENV },
    ),
    label,
  );
  return { ms: run.ms, ...turboCounts(run.stdout + run.stderr) };
}

const ID = "build";
const TITLE = "7. Codegen and build";

/** Runs turbo until it reports every task cached (bounded); returns how many runs that took. */
async function runUntilFullyCached(dir, cacheDir, run) {
  let runs = 1;
  let current = run;
  while (current.cached < current.total) {
    if (runs > MAX_RUNS_TO_FULL_CACHE) {
      throw new Error(`build: still ${current.total - current.cached} uncached task(s) after ${runs} runs`);
    }
    current = await turboBuild(dir, cacheDir, "turbo run build");
    runs++;
  }
  return runs;
}

/** The timed fully cached runs, then codegen alone alternating with the baseline; pushes into m. */
async function measureCachedAndGenerate(dir, cacheDir, sizes, m) {
  for (let k = 0; k < sizes.cached; k++) {
    const hit = await turboBuild(dir, cacheDir, "cached turbo run build");
    if (hit.cached !== hit.total) throw new Error("build: a run after a fully cached one was not fully cached");
    m.cached.push(hit.ms);
  }
  // Codegen alone, in the same snapshot (it writes only there), alternating with the baseline.
  const typesDir = join(dir, "packages/types");
  for (let k = 0; k < sizes.generate; k++) {
    m.generate.push(
      expectSuccess(
        await runTimed([process.execPath, "scripts/generate.mjs"], { cwd: typesDir }),
        "packages/types generate",
      ).ms,
    );
    m.baseline.push(expectSuccess(await runTimed([process.execPath, "-e", "0"]), "node -e 0").ms);
  }
}

/** One cold build in a new snapshot and cache, the run after it, and (in the last round) the cached runs. */
async function coldRound(context, sizes, i, m) {
  const last = i === sizes.cold - 1;
  const snapshot = await snapshotWorkspace(sizes.scope);
  const cacheDir = await mkdtemp(join(tmpdir(), "graphsync-bench-turbo-cache-"));
  try {
    context.log(`cold build ${i + 1}/${sizes.cold} in ${snapshot.dir}`);
    const first = await turboBuild(snapshot.dir, cacheDir, "cold turbo run build");
    if (first.cached !== 0) throw new Error(`build: a cold run had ${first.cached} cached task(s)`);
    m.cold.push(first.ms);
    m.tasks = first.total;
    const next = await turboBuild(snapshot.dir, cacheDir, "second turbo run build");
    m.second.push(next);
    if (!last) return;
    m.runsToFullCache = await runUntilFullyCached(snapshot.dir, cacheDir, next);
    await measureCachedAndGenerate(snapshot.dir, cacheDir, sizes, m);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
    await snapshot.remove();
  }
}

async function measure(context, sizes) {
  const m = { cold: [], second: [], cached: [], generate: [], baseline: [], runsToFullCache: 0, tasks: 0 };
  for (let i = 0; i < sizes.cold; i++) await coldRound(context, sizes, i, m);
  return m;
}

function rows(s, { second, tasks, scopeText }) {
  const secondCached = second.map((r) => `${r.cached}/${r.total}`);
  return [
    ["`node -e 0` (baseline)", String(s.node.n), spread(s.node), "×1.00 (baseline)", "not applicable"],
    [
      "`generate` (packages/types/scripts/generate.mjs: openapi-typescript on spec/openapi.yaml)",
      String(s.generate.n),
      spread(s.generate),
      times(s.generate.median / s.node.median),
      "not applicable",
    ],
    [
      `cold \`turbo run build\`, ${scopeText} (${tasks} tasks, none cached)`,
      String(s.cold.n),
      `${ms(s.cold.median)} (min ${ms(s.cold.min)}, max ${ms(s.cold.max)})`,
      times(s.cold.median / s.node.median),
      "×1.00 (baseline)",
    ],
    [
      `the run right after it (cached tasks: ${[...new Set(secondCached)].join(", ")})`,
      String(s.second.n),
      `${ms(s.second.median)} (min ${ms(s.second.min)}, max ${ms(s.second.max)})`,
      times(s.second.median / s.node.median),
      times(s.second.median / s.cold.median),
    ],
    [
      `fully cached \`turbo run build\` (${tasks}/${tasks} cached)`,
      String(s.cached.n),
      spread(s.cached),
      times(s.cached.median / s.node.median),
      times(s.cached.median / s.cold.median),
    ],
  ];
}

function notes({ second, runsToFullCache }) {
  const out = [
    `Runs from the cold one to the first fully cached one: ${runsToFullCache} (1 means the second run was already fully cached).`,
  ];
  if (second.some((r) => r.cached < r.total)) {
    out.push(
      "The run right after a cold build is not fully cached: turbo hashes every task's inputs before running any, and the build tasks' inputs (`src/**`) include the files `generate` writes, which a fresh clone does not have yet. Excluding the generated files from `build`'s inputs (its hash already covers `generate` through `dependsOn`) would make the second run fully cached.",
    );
  }
  return out;
}

const method = (scopeText) => `
**What:** the spec → types → packages pipeline: the types generator alone, a cold \`turbo run build\` of
${scopeText} (a fresh clone after \`pnpm install\`: no generated files, no \`dist/\`, an empty cache), the run right
after it, and a fully cached run.
**How:** every build runs in a snapshot of the working tree (the files git sees, \`node_modules\` linked to what is
installed, a fresh git repository), so the live tree is never rebuilt under other processes; each cold run gets a new
snapshot and a new, empty \`--cache-dir\`. Wall time of turbo's own binary, spawn to exit. \`generate\` runs the
generator script directly, alternating with \`node -e 0\`. Spread: p10–p90, or min–max for the few cold runs.`;

export const build = {
  id: ID,
  title: TITLE,
  async run(context) {
    const sizes = context.smoke
      ? { scope: { packages: ["packages/types"] }, cold: 1, cached: 1, generate: 1 }
      : { scope: {}, cold: 3, cached: 5, generate: 5 };
    const scopeText = context.smoke ? "@graphsync/types only (smoke)" : "the whole workspace";
    const m = await measure(context, sizes);
    const s = {
      node: summarize(m.baseline),
      generate: summarize(m.generate),
      cold: summarize(m.cold),
      cached: summarize(m.cached),
      second: summarize(m.second.map((r) => r.ms)),
    };
    const { second, runsToFullCache, tasks } = m;
    return {
      id: ID,
      title: TITLE,
      method: method(scopeText),
      tables: [
        {
          header: ["what", "runs", "median (spread)", "÷ node -e 0", "÷ cold build"],
          rows: rows(s, { second, tasks, scopeText }),
        },
      ],
      goals: [],
      notes: notes(m),
      data: { stats: s, second, runsToFullCache, tasks },
    };
  },
};
