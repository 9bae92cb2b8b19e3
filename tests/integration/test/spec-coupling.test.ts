// The spec drives the client's types (issue 13): in a scratch copy of the spec, rename (a) the start path, (b) the
// job-id path parameter, (c) a property of restart's request body; regenerate the types from it; the type check of
// the client and the CLI must then fail at the affected calls, and the unmodified spec must type-check.
// The client's and the CLI's sources are type-checked where they are, against the scratch copy's generated types.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const typesDir = join(repo, "packages/types");
const clientSrc = join(repo, "packages/client/src");
const scratches: string[] = [];

afterAll(async () => {
  await Promise.all(scratches.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Regenerates the types from `spec` in a scratch folder and type-checks client and CLI: the errors tsc reports. */
async function typecheck(spec: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "graphsync-coupling-"));
  scratches.push(dir);
  const types = join(dir, "packages/types");
  await mkdir(join(dir, "spec"), { recursive: true });
  await writeFile(join(dir, "spec/openapi.yaml"), spec);
  for (const part of ["scripts", "package.json"])
    await cp(join(typesDir, part), join(types, part), { recursive: true });
  await cp(join(typesDir, "src"), join(types, "src"), { recursive: true, filter: (p) => !p.includes("generated") });
  // The generator's own dependencies (openapi-typescript, yaml).
  await symlink(join(typesDir, "node_modules"), join(types, "node_modules"), "dir");
  await run(process.execPath, [join(types, "scripts/generate.mjs")]);
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(repo, "tsconfig.base.json"),
      compilerOptions: {
        noEmit: true,
        lib: ["ES2023", "DOM", "DOM.Iterable"],
        types: ["node"],
        typeRoots: [join(repo, "apps/cli/node_modules/@types")],
        paths: {
          "@graphsync/types": [join(types, "src/index.ts")],
          "@graphsync/types/*": [join(types, "src/*.ts")],
          "@graphsync/client": [join(repo, "packages/client/src/index.ts")],
          "@graphsync/client/*": [join(repo, "packages/client/src/*.ts")],
        },
      },
      include: [join(repo, "packages/client/src"), join(repo, "apps/cli/src")],
    }),
  );
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  const result = await run(process.execPath, [tsc, "-p", dir, "--pretty", "false"]).catch((e) => e);
  return String(result.stdout)
    .split("\n")
    .filter((line) => / error TS\d+:/.test(line));
}

/** `name` of jobs.ts, or `file.ts:name` of another module of the client. */
const where = (spec: string) => (spec.includes(":") ? spec.split(":") : ["jobs.ts", spec]) as [string, string];

/** The lines of the client's `file` (1-based, inclusive) that its exported function `name` spans. */
async function functionLines(spec: string): Promise<[string, number, number]> {
  const [file, name] = where(spec);
  const lines = (await readFile(join(clientSrc, file), "utf8")).split("\n");
  const start = lines.findIndex((l) => new RegExp(`^export (async )?function\\*? ?${name}\\(`).test(l));
  const end = lines.findIndex((l, i) => i > start && l === "}");
  expect(start).toBeGreaterThanOrEqual(0);
  return [file, start + 1, end + 1];
}

/** Every error is in the client, inside one of `names` (see `where`); at least one is reported. */
async function expectErrorsIn(errors: string[], names: string[]) {
  expect(errors.length, "the type check passed on a changed spec").toBeGreaterThan(0);
  const spans = await Promise.all(names.map(functionLines));
  for (const error of errors) {
    const match = /packages\/client\/src\/([\w-]+\.ts)\((\d+),\d+\)/.exec(error);
    expect(match, error).not.toBeNull();
    const line = Number(match?.[2]);
    expect(
      spans.some(([file, from, to]) => file === match?.[1] && line >= from && line <= to),
      `${error} is not in ${names.join(", ")}`,
    ).toBe(true);
  }
}

const original = await readFile(join(repo, "spec/openapi.yaml"), "utf8");

/** Replaces `from` by `to` in the spec, failing if `from` is not there (the test would then prove nothing). */
function edit(spec: string, from: string | RegExp, to: string): string {
  const changed = spec.replace(from, to);
  expect(changed, `${from} not found in the spec`).not.toBe(spec);
  return changed;
}

describe.concurrent("a spec change breaks the type check at the affected call", { timeout: 180_000 }, () => {
  it("the unmodified spec type-checks", async () => {
    expect(await typecheck(original)).toEqual([]);
  });

  it("(a) the start path renamed: startJob fails", async () => {
    const spec = edit(original, /(\{synchronizationJobId\})\/start:/, "$1/begin:");
    await expectErrorsIn(await typecheck(spec), ["startJob"]);
  });

  it("(b) the job-id path parameter renamed: every call on one job fails", async () => {
    let spec = edit(original, /\{synchronizationJobId\}/g, "{jobId}");
    spec = edit(spec, /name: synchronizationJobId/, "name: jobId");
    const errors = await typecheck(spec);
    const calls = ["startJob", "getJob", "pauseJob", "restartJob", "provisionOnDemand", "upload.ts:bulkUpload"];
    await expectErrorsIn(errors, calls);
    expect(errors.length).toBeGreaterThanOrEqual(6);
  });

  it("(c) a property of restart's request body renamed: restartJob fails", async () => {
    const spec = edit(
      original,
      /(restartSynchronizationJobRequest:[\s\S]*?properties:\s*\n\s*)criteria:/,
      "$1criterion:",
    );
    await expectErrorsIn(await typecheck(spec), ["restartJob"]);
  });

  it("(d) a member of the SCIM bulk operation renamed: toBulkRequests fails", async () => {
    const spec = edit(
      original,
      /(scimBulkOperation:[\s\S]*?required: \[method, )bulkId(, path, data\][\s\S]*?)bulkId:/,
      "$1bulkID$2bulkID:",
    );
    await expectErrorsIn(await typecheck(spec), ["upload.ts:toBulkRequests"]);
  });
});
