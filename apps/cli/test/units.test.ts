import type { SynchronizationJob } from "@graphsync/types";
import { describe, expect, it } from "vitest";
import { refuseSecretsOnArgv } from "../src/argv-secrets.js";
import { systemClock } from "../src/clock.js";
import { parseSubject } from "../src/commands/jobs-provision.js";
import { parseResetScope, RESET_SCOPES } from "../src/commands/jobs-restart.js";
import { parseConcurrency } from "../src/commands/jobs-start-bulk.js";
import { decideStart } from "../src/commands/start-decision.js";
import { formatDuration, parseDuration } from "../src/duration.js";
import { CliError, ExitCode } from "../src/errors.js";
import { Output } from "../src/output.js";
import { runPool } from "../src/pool.js";
import { REDACTED, redactHeaders, SecretRegistry } from "../src/redact.js";
import { isNewlyQuarantined, isRunning } from "../src/wait.js";
import { TextSink } from "./helpers/runtime.js";

function usage(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    return error as CliError;
  }
  throw new Error("expected a usage error");
}

describe("secrets on argv", () => {
  it("refuses secret-looking options, whatever their spelling, without echoing the value", () => {
    for (const argv of [
      ["--client-secret", "hunter2hunter2"],
      ["--client-secret=hunter2hunter2"],
      ["--token", "abc"],
      ["--access-token", "abc"],
      ["--password", "p"],
      ["--api-key", "k"],
    ]) {
      const error = usage(() => refuseSecretsOnArgv(argv));
      expect(error.message).toMatch(/^refusing --/);
      expect(`${error.message} ${error.hint}`).not.toContain("hunter2hunter2");
      expect(error.hint).toContain("AZURE_CLIENT_SECRET");
    }
  });

  it("refuses values that look like a JWT or an Entra client secret anywhere on the line", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    const secret = "abc8Q~abcdefghijklmnopqrstuvwxyz0123456789";
    for (const argv of [["--sp", jwt], [`--job=${jwt}`], ["--tenant", secret], ["Bearer abc.def"]]) {
      const error = usage(() => refuseSecretsOnArgv(argv));
      expect(error.message).toContain("looks like an access token or a client secret");
      expect(error.message).not.toContain(jwt);
      expect(error.message).not.toContain(secret);
    }
  });

  it("lets the file options and ordinary ids through", () => {
    expect(() =>
      refuseSecretsOnArgv([
        "--client-secret-file",
        "/run/secrets/sp",
        "--certificate-file=cert.pem",
        "--sp",
        "11111111-2222-3333-4444-555555555555",
        "--job",
        "scim.e4bbf44533ea4eabb17027f3a92e92aa",
      ]),
    ).not.toThrow();
  });
});

describe("durations", () => {
  it("parses units, combinations and bare seconds", () => {
    expect(parseDuration("10m", "--timeout")).toBe(600_000);
    expect(parseDuration("1h30m", "--timeout")).toBe(5_400_000);
    expect(parseDuration("1500ms", "--timeout")).toBe(1500);
    expect(parseDuration("2.5s", "--timeout")).toBe(2500);
    expect(parseDuration("90", "--timeout")).toBe(90_000);
  });
  it("refuses nonsense and out-of-range values with the flag's name", () => {
    expect(usage(() => parseDuration("10 minutes", "--timeout")).message).toBe(
      'invalid duration "10 minutes" for --timeout',
    );
    expect(usage(() => parseDuration("0s", "--timeout")).message).toContain("out of range");
    expect(usage(() => parseDuration("25h", "--timeout")).message).toContain("out of range");
    expect(usage(() => parseDuration("m", "--timeout")).message).toContain("invalid duration");
  });
  it("formats for people", () => {
    expect(formatDuration(250)).toBe("250ms");
    expect(formatDuration(1234)).toBe("1.2s");
    expect(formatDuration(600_000)).toBe("10m");
    expect(formatDuration(61_000)).toBe("1m1s");
  });
});

describe("redaction", () => {
  it("replaces registered secrets, their encodings, bearer values and JWTs", () => {
    const secrets = new SecretRegistry();
    secrets.add("s3cr3t+value/with=chars");
    secrets.add("short");
    const text = `a s3cr3t+value/with=chars b ${encodeURIComponent("s3cr3t+value/with=chars")} Bearer abc.def-ghi_jkl eyJabcd.eyJefgh.sig short; any bearer token`;
    const out = secrets.redact(text);
    expect(out).not.toContain("s3cr3t");
    expect(out).not.toContain("abc.def-ghi_jkl");
    expect(out).toContain("any bearer token");
    expect(out).not.toContain("eyJabcd");
    expect(out).toContain("short");
    expect(out.split(REDACTED).length - 1).toBe(4);
  });
  it("hides sensitive headers", () => {
    expect(
      redactHeaders([
        ["Authorization", "Bearer x"],
        ["x-api-key", "k"],
        ["accept", "application/json"],
      ]),
    ).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      "x-api-key": REDACTED,
      accept: "application/json",
    });
  });
});

describe("output", () => {
  const make = (tty: boolean, env: Record<string, string> = {}, color = true) => {
    const stdout = new TextSink(tty);
    const stderr = new TextSink(tty);
    const output = new Output({
      stdout,
      stderr,
      format: "table",
      quiet: false,
      color,
      env,
      secrets: new SecretRegistry(),
    });
    return { output, stdout, stderr };
  };
  it("untrusted escape sequences are shown escaped, graphsync's own colours still work", () => {
    const { output, stdout } = make(true, {}, true);
    output.print(`${output.out.green("started")} job scim.\u001b[8mhidden\u001b[0m \u001b]0;title\u0007`);
    expect(stdout.text).toBe("\u001b[32mstarted\u001b[39m job scim.\\x1b[8mhidden\\x1b[0m \\x1b]0;title\\x07\n");
  });

  it("colours only on a TTY, never with NO_COLOR or --no-color; FORCE_COLOR forces it", () => {
    for (const [tty, env, color, expected] of [
      [true, {}, true, true],
      [false, {}, true, false],
      [true, { NO_COLOR: "1" }, true, false],
      [true, {}, false, false],
      [true, { TERM: "dumb" }, true, false],
      [false, { FORCE_COLOR: "1" }, true, true],
      [true, { FORCE_COLOR: "1", NO_COLOR: "1" }, true, true],
      [true, { FORCE_COLOR: "0" }, true, false],
      [false, { FORCE_COLOR: "1" }, false, false],
    ] as const) {
      const { output, stdout } = make(tty, env, color);
      output.print(output.out.green("ok"));
      expect(stdout.text.includes("\u001b["), JSON.stringify({ tty, env, color })).toBe(expected);
    }
  });
  it("aligns tables on the plain text", () => {
    const { output, stdout } = make(true);
    output.table(
      [
        { header: "A", value: (r: string[]) => r[0] ?? "", style: (t) => output.out.red(t) },
        { header: "B", value: (r: string[]) => r[1] ?? "" },
      ],
      [
        ["x", "1"],
        ["long", "2"],
      ],
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping colour codes
    expect(stdout.text.replace(/\u001b\[[0-9;]*m/g, "")).toBe("A     B\nx     1\nlong  2\n");
  });
  it("writes a live progress line on a TTY and timestamped lines otherwise", () => {
    const tty = make(true);
    tty.output.progress("waiting", new Date(0));
    tty.output.info("done");
    expect(tty.stderr.text).toBe("\r\u001b[2Kwaiting\r\u001b[2Kdone\n");
    const pipe = make(false);
    pipe.output.progress("waiting", new Date(0));
    expect(pipe.stderr.text).toBe("1970-01-01T00:00:00.000Z waiting\n");
  });
});

describe("pool", () => {
  it("never has more than `concurrency` items in flight and reads lazily", async () => {
    let read = 0;
    let inFlight = 0;
    let peak = 0;
    let maxAhead = 0;
    let done = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        read++;
        maxAhead = Math.max(maxAhead, read - done);
        yield i;
      }
    }
    await runPool(source(), 4, async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      done++;
    });
    expect(done).toBe(100);
    expect(peak).toBe(4);
    expect(maxAhead).toBeLessThanOrEqual(4);
  });
  it("stops reading at an input error and rethrows it after the lanes finish", async () => {
    const handled: number[] = [];
    async function* source() {
      yield 1;
      yield 2;
      throw new Error("bad record");
    }
    await expect(runPool(source(), 2, async (n) => void handled.push(n))).rejects.toThrow("bad record");
    expect(handled.sort()).toEqual([1, 2]);
  });
  it("stops taking items when the signal aborts", async () => {
    const controller = new AbortController();
    const handled: number[] = [];
    async function* source() {
      for (let i = 0; i < 100; i++) yield i;
    }
    await runPool(
      source(),
      2,
      async (n) => {
        handled.push(n);
        if (n === 5) controller.abort();
      },
      controller.signal,
    );
    expect(handled.length).toBeLessThan(10);
  });
});

const job = (code: string, extra: Partial<NonNullable<SynchronizationJob["status"]>> = {}): SynchronizationJob =>
  ({ id: "scim.1", status: { code, ...extra } }) as SynchronizationJob;

describe("safe start", () => {
  it("starts Paused, Quarantine and NotRun jobs, with a note", () => {
    for (const code of ["Paused", "Quarantine", "NotRun"]) {
      expect(decideStart(job(code), false)).toMatchObject({ start: true });
    }
  });
  it("refuses a NotConfigured job (nothing to run yet) unless forced", () => {
    expect(decideStart(job("NotConfigured"), false)).toMatchObject({ start: false });
    expect(decideStart(job("NotConfigured"), true)).toMatchObject({ start: true });
  });
  it("refuses an Active job (explaining Microsoft's warning) unless forced", () => {
    const refused = decideStart(job("Active"), false);
    expect(refused).toMatchObject({ start: false, reason: "it is Active (already running)" });
    expect(refused.start === false && refused.hint).toContain("--force");
    expect(decideStart(job("Active"), true)).toMatchObject({ start: true });
  });
  it("refuses an unknown status unless forced", () => {
    expect(decideStart(job("Exploded"), false)).toMatchObject({ start: false });
    expect(decideStart({ id: "x" } as SynchronizationJob, false)).toMatchObject({ start: false });
    expect(decideStart(job("Exploded"), true)).toMatchObject({ start: true });
  });
});

describe("wait predicates", () => {
  const t = (iso: string) => ({ timeBegan: iso });
  it("running means Active with an execution that began after the one seen before the start", () => {
    const before = job("Paused", { lastExecution: t("2025-01-01T00:00:00Z") });
    expect(isRunning(job("Active", { lastExecution: t("2025-01-01T00:00:00Z") }), before)).toBe(false);
    expect(isRunning(job("Active", { lastExecution: t("2025-01-01T00:00:05Z") }), before)).toBe(true);
    expect(isRunning(job("Active", { lastExecution: t("0001-01-01T00:00:00Z") }), job("NotRun"))).toBe(false);
    expect(isRunning(job("Active", { lastExecution: t("2025-01-01T00:00:05Z") }), job("NotRun"))).toBe(true);
  });
  it("running also means an initial cycle whose progress moved after the start", () => {
    const p = (completedUnits: number, at: string) =>
      ({ progress: [{ completedUnits, totalUnits: 100, progressObservationDateTime: at }] }) as never;
    const before = job("Paused", p(40, "2025-01-01T00:00:00Z"));
    expect(isRunning(job("Active", p(40, "2025-01-01T00:00:09Z")), before)).toBe(false);
    expect(isRunning(job("Active", p(55, "2025-01-01T00:00:09Z")), before)).toBe(true);
    expect(isRunning(job("Paused", p(55, "2025-01-01T00:00:09Z")), before)).toBe(false);
    expect(isRunning(job("Active", p(1, "2025-01-01T00:00:09Z")), job("NotRun"))).toBe(true);
  });
  it("a failure is a new quarantine, not the one start is clearing", () => {
    const q = (iso: string) => ({ quarantine: { currentBegan: iso } }) as never;
    const before = job("Quarantine", q("2025-01-01T00:00:00Z"));
    expect(isNewlyQuarantined(job("Quarantine", q("2025-01-01T00:00:00Z")), before)).toBe(false);
    expect(isNewlyQuarantined(job("Quarantine", q("2025-01-02T00:00:00Z")), before)).toBe(true);
    expect(isNewlyQuarantined(job("Quarantine"), job("Paused"))).toBe(true);
  });
});

describe("option values", () => {
  it("validates --reset-scope against the spec's enum", () => {
    expect(parseResetScope("Watermark,Escrows, QuarantineState,Watermark")).toBe("Watermark, Escrows, QuarantineState");
    const bad = usage(() => parseResetScope("Watermark,Escrow"));
    expect(bad.message).toBe('invalid --reset-scope member "Escrow"');
    expect(bad.hint).toContain("did you mean Escrows?");
    for (const member of RESET_SCOPES) expect(bad.hint).toContain(member);
    expect(usage(() => parseResetScope("None")).message).toContain("do not use");
    expect(usage(() => parseResetScope("Watermark,,Escrows")).message).toContain("empty member");
  });
  it("parses --subject objectId[:type]", () => {
    expect(parseSubject("abc")).toEqual({ objectId: "abc", objectTypeName: "user" });
    expect(parseSubject("abc:group")).toEqual({ objectId: "abc", objectTypeName: "Group" });
    expect(parseSubject("abc:User")).toEqual({ objectId: "abc", objectTypeName: "User" });
    expect(usage(() => parseSubject("abc:device")).message).toBe(
      'invalid object type "device" in --subject "abc:device"',
    );
    expect(usage(() => parseSubject(":User")).message).toContain("no object id");
  });
  it("bounds --concurrency", () => {
    expect(parseConcurrency(undefined)).toBe(4);
    expect(parseConcurrency("64")).toBe(64);
    for (const bad of ["0", "65", "1.5", "x", "-1"]) expect(() => parseConcurrency(bad)).toThrow(CliError);
  });
});

describe("system clock", () => {
  it("sleeps, and an abort rejects with the signal's reason and leaves no timer behind", async () => {
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const reason = new Error("received SIGINT");
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    await expect(systemClock.sleep(1, controller.signal)).rejects.toBe(reason);
  });
});
