#!/usr/bin/env node
// The consumer test (issue 6): what a user gets from npm, checked the way a user would use it.
//
// 1. `pnpm pack` every public package (pnpm rewrites `workspace:` ranges to real versions) into a temp dir, and
//    check each tarball: no `workspace:` range left, every file its `exports`/`bin` name is inside.
// 2. Create a fresh project OUTSIDE the workspace and `npm install` the tarballs (third-party dependencies come
//    from the registry; nothing is linked from the workspace).
// 3. In that project: an ESM script imports the client and starts a job against the packed emulator; `tsc
//    --noEmit` type-checks a strict consumer file against the published types; the packed CLI's bin starts a job
//    against the packed emulator.
// A broken exports map, a missing dist file or a `workspace:` leftover fails one of these steps.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const root = new URL("../../", import.meta.url).pathname;
const here = new URL("./", import.meta.url).pathname;
const keep = process.argv.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "graphsync-consumer-"));
const step = (msg) => console.log(`consumer: ${msg}`);

function fail(msg) {
  console.error(`consumer: FAILED: ${msg}`);
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.error(`consumer: kept ${work}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 180_000, ...opts });
  if (r.status !== 0)
    fail(
      `${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}\n${(r.stdout ?? "").slice(-3000)}\n${(r.stderr ?? "").slice(-3000)}`,
    );
  return r.stdout;
}

/** Minimal tar reader: the names and contents of the files in a gzipped npm tarball. */
function readTarball(file) {
  const buf = gunzipSync(readFileSync(file));
  const files = new Map();
  for (let off = 0; off + 512 <= buf.length; ) {
    const name = buf
      .subarray(off, off + 100)
      .toString("utf8")
      .replace(/\0.*$/s, "");
    if (!name) break;
    const prefix = buf
      .subarray(off + 345, off + 500)
      .toString("utf8")
      .replace(/\0.*$/s, "");
    const size = Number.parseInt(
      buf
        .subarray(off + 124, off + 136)
        .toString("utf8")
        .trim() || "0",
      8,
    );
    const full = (prefix ? `${prefix}/${name}` : name).replace(/^package\//, "");
    files.set(full, buf.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Every file path an exports map (or bin) points at. */
function targets(node, out = []) {
  if (typeof node === "string") out.push(node.replace(/^\.\//, ""));
  else if (node && typeof node === "object") for (const v of Object.values(node)) targets(v, out);
  return out;
}

// ---- 1. pack ---------------------------------------------------------------------------------------------
const packages = [];
for (const dir of ["packages", "apps"]) {
  for (const entry of readdirSync(join(root, dir))) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(root, dir, entry, "package.json"), "utf8"));
    } catch {
      continue;
    }
    if (!pkg.private) packages.push({ dir: join(root, dir, entry), name: pkg.name });
  }
}
const tarDir = join(work, "tarballs");
mkdirSync(tarDir);
const tarballs = new Map();
for (const { dir, name } of packages) {
  const before = new Set(readdirSync(tarDir));
  run("pnpm", ["pack", "--pack-destination", tarDir], { cwd: dir });
  const file = readdirSync(tarDir).find((f) => !before.has(f));
  if (!file) fail(`pnpm pack of ${name} wrote no tarball`);
  const files = readTarball(join(tarDir, file));
  const manifest = JSON.parse(files.get("package.json")?.toString("utf8") ?? "{}");
  const text = JSON.stringify(manifest);
  if (text.includes("workspace:")) fail(`${name}: the packed package.json still has a workspace: range`);
  for (const t of [...targets(manifest.exports), ...targets(manifest.bin)])
    if (!files.has(t)) fail(`${name}: exports/bin name ${t}, which is not in the tarball`);
  tarballs.set(name, join(tarDir, file));
  step(`packed ${name}@${manifest.version} (${files.size} files)`);
}

// ---- 2. a fresh project outside the workspace -------------------------------------------------------------
const app = join(work, "app");
mkdirSync(app);
cpSync(join(here, "fixtures"), app, { recursive: true });
writeFileSync(
  join(app, "package.json"),
  `${JSON.stringify(
    {
      name: "graphsync-consumer",
      private: true,
      type: "module",
      dependencies: Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`])),
      // The emulator's declarations use Node's types (node:http); a TypeScript consumer of it has them too.
      devDependencies: { "@types/node": "20.19.43" },
    },
    null,
    2,
  )}\n`,
);
run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
step("installed the tarballs with npm in a fresh project");

// ---- 3. use it ---------------------------------------------------------------------------------------------
const tsc = join(root, "node_modules/typescript/bin/tsc");
for (const script of readdirSync(app)
  .filter((f) => /^check-.*\.mjs$/.test(f))
  .sort()) {
  const out = run(process.execPath, [script], { cwd: app });
  step(`${script}: ${out.trim().split("\n").pop()}`);
}
run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app });
step("tsc --noEmit (strict) passed against the published types");

if (!keep) rmSync(work, { recursive: true, force: true });
step("ok");
