// Runs every benchmark once at smoke size (`--smoke`), writing to a temporary file, and checks that the Markdown has
// every section and that every table row is filled: the benchmark scripts cannot rot unnoticed. It times nothing and
// asserts no performance figure: those are for `pnpm --filter @graphsync/bench bench` to report.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BENCHMARKS } from "../src/benchmarks/index.mjs";

const run = promisify(execFile);
const runner = fileURLToPath(new URL("../src/run.mjs", import.meta.url));

/** The Markdown tables of a document: header cells and body rows (cells split on unescaped pipes). */
function tables(markdown) {
  const split = (line) =>
    line
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
  const found = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("|") || !lines[i + 1]?.startsWith("|---")) continue;
    const header = split(lines[i]);
    const rows = [];
    for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) rows.push(split(lines[i]));
    found.push({ header, rows });
  }
  return found;
}

describe("bench --smoke", () => {
  let dir;
  let markdown;
  let json;
  let output;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "graphsync-bench-smoke-"));
    const out = join(dir, "RESULTS.md");
    const raw = join(dir, "results.json");
    output = await run(process.execPath, [runner, "--smoke", "--out", out, "--json", raw], {
      // Ten benchmarks, dozens of processes: past 110 s on a busy 2-core machine.
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    markdown = await readFile(out, "utf8");
    json = JSON.parse(await readFile(raw, "utf8"));
  }, 310_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("has a section for every benchmark, each saying what it measures and how", () => {
    for (const benchmark of BENCHMARKS) {
      const section = markdown.split(`\n## ${benchmark.title}\n`)[1]?.split("\n## ")[0];
      expect(section, benchmark.title).toBeDefined();
      expect(section).toContain("**What:**");
      expect(section).toContain("**How:**");
    }
    expect(json.results.map((r) => r.id)).toEqual(BENCHMARKS.map((b) => b.id));
  });

  test("fills every row of every table", () => {
    const found = tables(markdown);
    // Machine, goals, and at least one table per benchmark.
    expect(found.length).toBeGreaterThanOrEqual(2 + BENCHMARKS.length);
    for (const { header, rows } of found) {
      expect(rows.length, header.join(" | ")).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row, `a row of the table headed ${header.join(" | ")}`).toHaveLength(header.length);
        for (const cell of row) {
          expect(cell).not.toBe("");
          expect(cell).not.toMatch(/\b(NaN|undefined|null|Infinity)\b/);
        }
      }
    }
  });

  test("states the machine and every ratio's baseline", () => {
    const machine = tables(markdown)[0];
    const facts = Object.fromEntries(machine.rows);
    for (const key of ["CPU", "cores", "RAM", "OS", "Node.js", "@graphsync/client", "openapi-fetch"]) {
      expect(facts[key], key).toBeTruthy();
    }
    expect(markdown).toContain("> **Smoke run**");
    expect(markdown.match(/×1\.00 \(baseline/g)?.length ?? 0).toBeGreaterThanOrEqual(BENCHMARKS.length);
  });

  test("gives every goal a verdict and prints it", () => {
    const goals = json.results.flatMap((r) => r.goals);
    expect(goals.length).toBeGreaterThan(0);
    for (const goal of goals) expect(typeof goal.met).toBe("boolean");
    expect(output.stdout.trim().split("\n")).toHaveLength(goals.length);
  });

  test("writes every chart the Markdown shows, as an SVG with a line per series", async () => {
    const links = [...markdown.matchAll(/!\[[^\]]+\]\((charts\/[a-z0-9-]+\.svg)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const svg = await readFile(join(dir, link), "utf8");
      expect(svg, link).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg, link).toContain("<polyline");
      expect(svg, link).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  test("makes no registry look-up in a smoke run", () => {
    expect(markdown).toContain("not made in a --smoke run");
  });
});

describe("bench options", () => {
  test("--only with an unknown benchmark is a usage error naming it and the known ones", async () => {
    const error = await run(process.execPath, [runner, "--only", "bundle-sise"]).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain('unknown benchmark "bundle-sise"');
    expect(error.stderr).toContain("bundle-size");
  });

  test("an unknown option is a usage error", async () => {
    const error = await run(process.execPath, [runner, "--fast"]).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain("--fast");
  });
});
