#!/usr/bin/env node
// The release rehearsal (issue 20), on a real registry: Verdaccio on 127.0.0.1 (registry.mjs).
//
// 1. A scratch copy of this working tree runs `pnpm version-packages`, commits, and `pnpm release` publishes to the
//    registry (npm_config_registry, as any registry npm is configured with). The published manifests and tarballs
//    are checked and listed.
// 2. A fresh consumer `npm install`s @graphsync/cli and @graphsync/client; `npx graphsync --version` prints the
//    released version, `npx graphsync demo` runs, a strict TypeScript file (module nodenext) type-checks.
// 3. An additive spec change (a new optional property) passes `release:check` with its changeset, is versioned and
//    published; after `npm update` the consumer's types carry it (a file using it type-checks; before, it failed).
// 4. A breaking change (that property removed) is refused by `release:check` without the right bumps; released
//    with them, `npm update` does not move the consumer (npm's default `^0.x.y` ranges) across it.
// 5. Beside these, `npm install @graphsync/cli` in a project of its own is measured (packages, install scripts,
//    deprecations, size) against @azure/identity and @microsoft/msgraph-sdk alone.
// Everything lives in one temp dir, removed at the end (`--keep` keeps it); the registry process is stopped.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consumer, measureInstall } from "./consumer.mjs";
import { checkPublished } from "./published.mjs";
import { startRegistry } from "./registry.mjs";
import { createScratch } from "./scratch.mjs";
import { reportSizes } from "./sizes.mjs";
import { addNote, removeNote } from "./spec-change.mjs";
import { expect, stepper } from "./util.mjs";

const root = new URL("../../", import.meta.url).pathname;
const here = new URL("./", import.meta.url).pathname;
const keep = process.argv.includes("--keep");
const TSC = join(root, "node_modules/typescript/bin/tsc");
const { log, seconds } = stepper("release");

/** The public packages of the scratch repository and their versions now. */
function versions(repo) {
  const found = new Map();
  for (const parent of ["packages", "apps"])
    for (const entry of readdirSync(join(repo.dir, parent))) {
      const manifest = JSON.parse(readFileSync(join(repo.dir, parent, entry, "package.json"), "utf8"));
      if (!manifest.private) found.set(manifest.name, manifest.version);
    }
  return found;
}

const lastLine = (text) => text.trim().split("\n").pop();

/** tsc's error lines (`file(line,col): error TS…`); empty when it passed. */
function typeErrors(result) {
  const lines = result.output.split("\n").filter((l) => /error TS\d+/.test(l));
  if (result.status !== 0 && !lines.length) return [result.output.trim() || `tsc exited ${result.status}`];
  return lines;
}

async function release(ctx, title) {
  await ctx.repo.versionPackages();
  log(`${title}: pnpm version-packages, committed`);
  const out = (await ctx.repo.release()).stdout;
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(out);
  log(
    `${title}: pnpm release (build: ${cached ? `${cached[1]} of ${cached[2]} tasks from cache` : "?"}, changeset publish)`,
  );
  const now = versions(ctx.repo);
  // Every release is checked; the files of each tarball are listed once, at the first (later ones differ little).
  const listing = await checkPublished(ctx.registry, now);
  for (const line of listing.filter((l) => ctx.listFiles || !l.startsWith(" "))) console.log(`release:   ${line}`);
  ctx.listFiles = false;
  log(`${title}: published ${[...now].map(([n, v]) => `${n}@${v}`).join(", ")}`);
  return now;
}

async function firstRelease(ctx) {
  const released = await release(ctx, "first release");
  const user = ctx.user;
  await user.install("@graphsync/cli", "@graphsync/client");
  const ranges = user.manifest().dependencies;
  log(`consumer: npm install @graphsync/cli @graphsync/client → ${JSON.stringify(ranges)}`);
  const version = await user.npx("graphsync", "--version");
  expect(
    version.status === 0 && version.stdout.includes(released.get("@graphsync/cli")),
    `npx graphsync --version did not print ${released.get("@graphsync/cli")}: ${version.output}`,
  );
  const demo = await user.npx("graphsync", "demo");
  expect(
    demo.status === 0 && demo.stdout.includes("graphsync demo"),
    `npx graphsync demo exited ${demo.status}:\n${demo.output}`,
  );
  log(
    `consumer: npx graphsync --version → ${version.stdout.trim()}; npx graphsync demo ran (${demo.stdout.split("\n").length} lines)`,
  );
  // One strict run over both files: consumer.ts must pass; uses-note.ts must fail, on `rehearsalNote` only.
  const errors = typeErrors(await user.tsc("tsconfig.json"));
  expect(
    errors.length && errors.every((e) => e.startsWith("uses-note.ts") && e.includes("rehearsalNote")),
    `expected only uses-note.ts to fail (no rehearsalNote yet):\n${errors.join("\n") || "no errors"}`,
  );
  log("consumer: strict nodenext file type-checks; the file using `rehearsalNote` does not, yet");
  return released;
}

async function additiveRelease(ctx, before) {
  const { repo, user } = ctx;
  repo.write("spec/openapi.yaml", addNote(repo.read("spec/openapi.yaml")));
  const bare = await repo.releaseCheck();
  expect(bare.status === 1, `release:check passed an additive spec change without a changeset:\n${bare.output}`);
  repo.changeset("rehearsal-add-note", { "@graphsync/types": "patch" }, "Jobs carry `rehearsalNote`.");
  const check = await repo.releaseCheck();
  expect(check.status === 0, `release:check refused an additive change with its patch changeset:\n${check.output}`);
  await repo.commit("spec: synchronizationJob.rehearsalNote");
  log("additive change: release:check refuses it without a changeset, passes it with a patch of @graphsync/types");
  const released = await release(ctx, "additive release");
  await user.update();
  const types = user.resolvedFrom("@graphsync/client", "@graphsync/types");
  expect(
    types === released.get("@graphsync/types"),
    `after npm update the consumer's client resolves @graphsync/types ${types}, not ${released.get("@graphsync/types")}`,
  );
  const errors = typeErrors(await user.tsc("tsconfig.json"));
  expect(!errors.length, `after npm update, the consumer's files do not type-check:\n${errors.join("\n")}`);
  log(
    `consumer: npm update → @graphsync/types ${before.get("@graphsync/types")} → ${types}; the file using rehearsalNote type-checks`,
  );
  return released;
}

async function breakingRelease(ctx, before) {
  const { repo, user } = ctx;
  repo.write("spec/openapi.yaml", removeNote(repo.read("spec/openapi.yaml")));
  const refusals = [
    [{ "@graphsync/types": "patch" }, "a patch"],
    [{ "@graphsync/types": "minor" }, "a minor of @graphsync/types alone (its dependents re-export its types)"],
  ];
  for (const [bumps, what] of refusals) {
    repo.changeset("rehearsal-remove-note", bumps, "Jobs no longer carry `rehearsalNote`.");
    const check = await repo.releaseCheck();
    expect(check.status === 1, `release:check passed a removed property with ${what}:\n${check.output}`);
    log(`breaking change: release:check refuses it with ${what}: ${lastLine(check.stderr || check.stdout)}`);
  }
  const bumps = { "@graphsync/types": "minor", "@graphsync/client": "minor", "@graphsync/emulator": "minor" };
  repo.changeset("rehearsal-remove-note", bumps, "Jobs no longer carry `rehearsalNote`.");
  const check = await repo.releaseCheck();
  expect(check.status === 0, `release:check refused the breaking change with minors:\n${check.output}`);
  await repo.commit("spec: remove synchronizationJob.rehearsalNote");
  const released = await release(ctx, "breaking release");
  await user.update();
  const client = user.installed("@graphsync/client").version;
  const types = user.resolvedFrom("@graphsync/client", "@graphsync/types");
  expect(
    client === before.get("@graphsync/client") && types === before.get("@graphsync/types"),
    `npm update moved the consumer across a breaking release: client ${client}, types ${types}`,
  );
  const errors = typeErrors(await user.tsc("tsconfig.json"));
  expect(!errors.length, `after the breaking release, the consumer's files do not type-check:\n${errors.join("\n")}`);
  log(
    `consumer (ranges ${JSON.stringify(user.manifest().dependencies)}): npm update keeps client ${client} and types ${types}, not ${released.get("@graphsync/client")} / ${released.get("@graphsync/types")}`,
  );
}

async function main(work) {
  const registry = await startRegistry(join(work, "registry"));
  try {
    log(`Verdaccio at ${registry.url} (no uplink; storage in ${join(work, "registry")})`);
    const repo = await createScratch({ root, dir: join(work, "repo"), registry });
    log(`scratch repository: ${repo.copied} files of this working tree, installed from the lockfile`);
    const ctx = {
      listFiles: true,
      registry,
      repo,
      user: consumer({ dir: join(work, "consumer"), registry, fixtures: join(here, "fixtures"), tsc: TSC }),
    };
    const first = await firstRelease(ctx);
    const measured = Promise.all([
      // The CLI must install on this Node with engine-strict; the SDKs are measured as npm installs them by default.
      measureInstall({ dir: join(work, "size-cli"), registry, spec: "@graphsync/cli", engineStrict: true }),
      measureInstall({ dir: join(work, "size-identity"), spec: "@azure/identity@4.13.1", engineStrict: false }),
      measureInstall({ dir: join(work, "size-msgraph"), spec: "@microsoft/msgraph-sdk", engineStrict: false }),
    ]);
    const second = await additiveRelease(ctx, first);
    await breakingRelease(ctx, second);
    reportSizes(await measured, log);
  } finally {
    await registry.close();
  }
}

const work = mkdtempSync(join(tmpdir(), "graphsync-release-"));
try {
  await main(work);
  log(`ok: the rehearsal took ${seconds()} s`);
} catch (e) {
  console.error(`release: FAILED after ${seconds()} s: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`release: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
