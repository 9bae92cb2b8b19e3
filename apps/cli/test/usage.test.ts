/** Bad input (issue 8): every user mistake exits 2 with a message naming the problem, and never a stack trace. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, run } from "./helpers/runtime.js";

const SP = "11111111-2222-3333-4444-555555555555";
const JOB = "scim.e4bbf44533ea4eabb17027f3a92e92aa";

async function usage(argv: string[], stdin?: string) {
  // A usage error must be found before any request is attempted: a request would fail the test.
  let sent = 0;
  const result = await run([...argv], {
    env: { GRAPHSYNC_TOKEN: "t0ken-for-usage-tests" },
    fetch: async () => {
      sent++;
      throw new Error("a usage test sent a request");
    },
    ...(stdin !== undefined ? { stdin } : {}),
  });
  expect(result.code, result.stderr).toBe(2);
  expect(sent).toBe(0);
  expect(hasStackTrace(result.stderr)).toBe(false);
  expect(result.stdout).toBe("");
  return result.stderr;
}

describe("help and version", () => {
  it("prints help with examples at every level, without colour when not a TTY", async () => {
    for (const argv of [
      ["--help"],
      ["jobs", "--help"],
      ["jobs", "start", "--help"],
      ["jobs", "start", "-h"],
      ["emulator", "--help"],
      ["demo", "--help"],
    ]) {
      const result = await run(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("USAGE");
      expect(result.stdout).toContain("EXAMPLES");
      expect(result.stdout).not.toContain("\u001b[");
      expect(result.stderr).toBe("");
    }
    const start = await run(["jobs", "start", "--help"]);
    expect(start.stdout).toContain("--force");
    expect(start.stdout).toContain("--dry-run");
    expect(start.stdout).toContain("Safe start");
  });

  it("prints the group's help for a bare group and the version on --version", async () => {
    expect((await run([])).stdout).toContain("COMMANDS");
    expect((await run(["jobs"])).stdout).toContain("provision");
    expect(await run(["--version"])).toMatchObject({ code: 0, stdout: "9.9.9-test\n" });
  });
});

describe("usage errors exit 2 without a stack trace", () => {
  it("unknown commands, with a suggestion", async () => {
    expect(await usage(["jbos", "list"])).toContain(`unknown command "jbos" for 'graphsync'`);
    const stderr = await usage(["jobs", "strat"]);
    expect(stderr).toContain(`unknown command "strat" for 'graphsync jobs'`);
    expect(stderr).toContain("did you mean 'graphsync jobs start'");
  });

  it("malformed flags", async () => {
    expect(await usage(["jobs", "get", "--sp", SP, "--jbo", JOB])).toContain('unknown option "--jbo"');
    expect(await usage(["jobs", "get", "--sp", "--job", JOB])).toContain("option --sp needs a value");
    expect(await usage(["jobs", "get", "--sp", SP, "--job", JOB, "-o", "yaml"])).toContain(
      'invalid value "yaml" for --output',
    );
    expect(await usage(["jobs", "start", "--sp", SP, "--job", JOB, "--force=yes"])).toContain("does not take a value");
    expect(await usage(["jobs", "start", "--sp", SP, "--job", JOB, "extra"])).toContain('unexpected argument "extra"');
    expect(await usage(["jobs", "get", "--sp", SP])).toContain("missing required option --job");
    expect(await usage(["jobs", "list"])).toContain("missing required option --sp");
    expect(await usage(["jobs", "provision", "--sp", SP, "--job", JOB, "--subject", "x"])).toContain(
      "missing required option --rule",
    );
    expect(await usage(["jobs", "--sp", SP])).toContain("'graphsync jobs' needs a command");
  });

  it("option combinations that make no sense", async () => {
    expect(await usage(["jobs", "start", "--sp", SP, "--job", JOB, "--timeout", "5m"])).toContain(
      "--timeout applies only with --wait",
    );
    expect(await usage(["jobs", "start", "--sp", SP, "--job", JOB, "--wait", "--timeout", "soon"])).toContain(
      'invalid duration "soon"',
    );
    expect(await usage(["jobs", "start", "--sp", SP, "--job", JOB, "--concurrency", "8"])).toContain(
      "--concurrency applies only with --from",
    );
    expect(await usage(["jobs", "start", "--from", "-", "--sp", SP])).toContain("--sp cannot be combined with --from");
    expect(await usage(["jobs", "start", "--from", "-", "--wait"])).toContain("--wait cannot be combined with --from");
    expect(await usage(["jobs", "start", "--sp", SP, "--job", JOB, "--skip-running"])).toContain(
      "--skip-running applies only with --from",
    );
    expect(await usage(["jobs", "start", "--from", "-", "--skip-running", "--force"])).toContain(
      "--skip-running cannot be combined with --force",
    );
    expect(await usage(["jobs", "start", "--from", "-", "--concurrency", "0"], "")).toContain(
      'invalid --concurrency "0"',
    );
    expect(
      await usage([
        "jobs",
        "get",
        "--sp",
        SP,
        "--job",
        JOB,
        "--base-url",
        "http://127.0.0.1:9/v1.0",
        "--api-version",
        "beta",
      ]),
    ).toContain("--api-version cannot be combined with --base-url");
  });

  it("an emulator --state or --ca-out in a folder that does not exist names the flag and the folder", async () => {
    expect(await usage(["emulator", "--state", "/nonexistent-graphsync/dir/state.json"])).toContain(
      `--state "/nonexistent-graphsync/dir/state.json": the folder "/nonexistent-graphsync/dir" does not exist`,
    );
    expect(await usage(["emulator", "--tls", "--ca-out", "/nonexistent-graphsync/ca.pem"])).toContain(
      `--ca-out "/nonexistent-graphsync/ca.pem": the folder "/nonexistent-graphsync" does not exist`,
    );
  });

  it("bad --reset-scope values, naming the value and the allowed ones", async () => {
    const stderr = await usage(["jobs", "restart", "--sp", SP, "--job", JOB, "--reset-scope", "Watermark,Everything"]);
    expect(stderr).toContain('invalid --reset-scope member "Everything"');
    for (const member of ["Watermark", "Escrows", "QuarantineState", "Full", "ForceDeletes"])
      expect(stderr).toContain(member);
  });

  it("ids the client refuses before sending", async () => {
    const stderr = await usage([
      "jobs",
      "get",
      "--sp",
      "not-a-guid",
      "--job",
      JOB,
      "--base-url",
      "http://127.0.0.1:9/v1.0",
    ]);
    expect(stderr).toContain("servicePrincipalId");
    expect(stderr).toContain('"not-a-guid"');
  });

  it("secrets on argv", async () => {
    const stderr = await usage(["jobs", "list", "--sp", SP, "--client-secret", "hunter2-hunter2"]);
    expect(stderr).toContain("refusing --client-secret");
    expect(stderr).not.toContain("hunter2-hunter2");
  });

  it("every bad record of a file is reported at once (capped, with the count), and nothing is sent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-usage-"));
    const some = join(dir, "some.csv");
    await writeFile(some, `sp,job\n${SP},${JOB}\n${SP}\nnot-a-guid,${JOB}\n${SP},${JOB}\n${SP},${JOB},extra\n`);
    const stderr = await usage(["jobs", "start", "--from", some]);
    expect(stderr).toContain(`${some}: 3 of 5 records are bad; nothing was sent`);
    expect(stderr).toContain(`${some}, line 3: expected 2 fields`);
    expect(stderr).toContain(`${some}, line 4 (record 2): `);
    expect(stderr).toContain(`${some}, line 6: expected 2 fields`);
    const many = join(dir, "many.ndjson");
    await writeFile(many, Array.from({ length: 25 }, (_, i) => `{"sp":"${SP}","job":${i}}`).join("\n"));
    const capped = await usage(["jobs", "start", "--from", many]);
    expect(capped).toContain(`${many}: 25 of 25 records are bad`);
    expect(capped.match(/jobId is not a non-empty string/g)).toHaveLength(20);
    expect(capped).toContain("… and 5 more");
  });

  it("bad --from input: wrong columns, a 10 MB line, bad JSON, a missing file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-usage-"));
    const wrong = join(dir, "wrong.csv");
    await writeFile(wrong, `\ufeffservicePrincipal,job,owner\r\n${SP},${JOB},me\r\n`);
    expect(await usage(["jobs", "start", "--from", wrong])).toContain(`${wrong}, line 1: unknown column "owner"`);
    const short = join(dir, "short.csv");
    await writeFile(short, `sp,job\r\n\r\n${SP},${JOB}\r\n${SP}\r\n`);
    expect(await usage(["jobs", "start", "--from", short])).toContain(`${short}, line 4: expected 2 fields`);
    const big = join(dir, "big.ndjson");
    await writeFile(big, `{"sp":"${SP}","job":"${"x".repeat(10 * 1024 * 1024)}"}\n`);
    expect(await usage(["jobs", "start", "--from", big])).toContain("line 1: a record is longer than 65536 bytes");
    // stdin is read once: a bad first record stops the run before anything is sent.
    expect(await usage(["jobs", "start", "--from", "-"], `[\n{"sp":1,"job":"x"}]`)).toContain(
      "stdin, line 2: servicePrincipalId is not a non-empty string",
    );
    expect(await usage(["jobs", "start", "--from", join(dir, "missing.csv")])).toContain("no such file");
  });
});
