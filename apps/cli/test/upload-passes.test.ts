/** upload's passes over the input (check, batches, failed records), pacing, state and sending: no server needed. */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Clock } from "../src/clock.js";
import { type CliError, isCliError } from "../src/errors.js";
import { Output } from "../src/output.js";
import { Pacer } from "../src/rate-pacer.js";
import { SecretRegistry } from "../src/redact.js";
import { readBatches } from "../src/upload/batches.js";
import { checkInput, type DuplicatePolicy } from "../src/upload/check.js";
import { csvField, writeFailedRecords } from "../src/upload/failed-file.js";
import { compileMapping, type Mapping } from "../src/upload/mapping.js";
import { outcomeOf } from "../src/upload/outcomes.js";
import { type SendOptions, sendAll } from "../src/upload/send.js";
import { checkpointPath, DailyBudget, readCheckpoint, stateDirectory, writeAtomically } from "../src/upload/state.js";
import { TextSink } from "./helpers/runtime.js";

const stream = (text: string) => Readable.from([Buffer.from(text)]);
const MAP = compileMapping({ externalId: "WorkerID", name: { givenName: "First" }, active: "Active" }) as Mapping;
const JSON_MAP = compileMapping({ externalId: "WorkerID", name: { givenName: "First" } }) as Mapping;

async function check(text: string, source = "people.csv", duplicates: DuplicatePolicy = "error", mapping = MAP) {
  return checkInput({ stream: stream(text), source, mapping, duplicates });
}

async function problemsOf(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isCliError(error)) throw new Error(`expected a CliError, got ${String(error)}`);
  return error;
}

/** A clock whose sleep moves time forward at once (nothing waits for real). */
function manualClock(start = 1_000_000): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    async sleep(ms) {
      slept.push(ms);
      now += ms;
    },
  };
}

function quietOutput(): Output {
  return new Output({
    stdout: new TextSink(),
    stderr: new TextSink(),
    format: "table",
    quiet: true,
    color: false,
    env: {},
    secrets: new SecretRegistry(),
  });
}

describe("the checking pass", () => {
  it("reads CSV with a BOM, CRLF and quoted headers, and counts batches of 50", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${i + 1},"Name, ${i}",true`);
    const plan = await check(`\ufeff"WorkerID","First",Active\r\n${rows.join("\r\n")}\r\n`);
    expect(plan).toMatchObject({ format: "csv", records: 120, uploads: 120, batches: 3, dropped: 0 });
    expect(plan.header).toEqual(["WorkerID", "First", "Active"]);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports every problem with file and line, capped, with the total", async () => {
    const rows = [
      "1,Ada,true",
      ",NoId,true", // line 3: externalId missing
      "3,Bob,maybe", // line 4: not a boolean
      "1,Ada again,false", // line 5: duplicate of line 2
      ...Array.from({ length: 30 }, (_, i) => `${100 + i},X,nope`),
    ];
    const error = await problemsOf(check(`WorkerID,First,Active\n${rows.join("\n")}\n`));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("people.csv: 33 problem(s) in 34 record(s); nothing was sent");
    expect(error.details[0]).toBe(
      "people.csv, line 3: externalId is missing or empty (every record needs one: it is how the job matches the user)",
    );
    expect(error.details[1]).toBe(
      'people.csv, line 4: active: "maybe" in column "Active" is not a boolean (true or false)',
    );
    expect(error.details).toHaveLength(21);
    expect(error.details.at(-1)).toBe("… and 13 more");
    expect(error.hint).toMatch(/--duplicates last/);
  });

  it("lists each repeated externalId with its lines; --duplicates last keeps the last and counts the dropped", async () => {
    const text = "WorkerID,First,Active\n1,A,true\n2,B,true\n1,A2,true\n1,A3,false\n";
    const error = await problemsOf(check(text));
    expect(error.details).toEqual(['people.csv, line 2: externalId "1" is repeated, on lines 2, 4, 5']);
    const plan = await check(text, "people.csv", "last");
    expect(plan).toMatchObject({ records: 4, uploads: 2, dropped: 2, batches: 1 });
    const batches = [];
    for await (const batch of readBatches({ stream: stream(text), source: "people.csv", mapping: MAP, plan })) {
      batches.push(batch);
    }
    expect(batches).toHaveLength(1);
    expect(batches[0]?.externalIds).toEqual(["2", "1"]);
    expect(batches[0]?.users[1]).toMatchObject({ externalId: "1", name: { givenName: "A3" }, active: false });
  });

  it("refuses a header without a mapped column (did you mean) before reading the records", async () => {
    const error = await problemsOf(check("WorkerId,First,Active\n1,A,true\n"));
    expect(error.message).toMatch(/^people.csv, line 1 \(the header\): 1 problem/);
    expect(error.details).toEqual([
      'the mapping reads column "WorkerID", which the file does not have (did you mean "WorkerId"?)',
    ]);
  });

  it("reads a JSON array and NDJSON; bad records are reported with their lines", async () => {
    const json = '[\n{"WorkerID": "1", "First": "A"},\n{"WorkerID": "2"}\n]';
    expect(await check(json, "people.json", "error", JSON_MAP)).toMatchObject({
      format: "json",
      records: 2,
      batches: 1,
    });
    const ndjson = '{"WorkerID": "1"}\n\n{"WorkerID": 2}\n[1]\n{"First": "x"}\n';
    const error = await problemsOf(check(ndjson, "stdin", "error", JSON_MAP));
    expect(error.details).toEqual([
      'stdin, line 3: externalId: column "WorkerID" holds number "2", not a string',
      "stdin, line 4: a record must be a JSON object",
      "stdin, line 5: externalId is missing or empty (every record needs one: it is how the job matches the user)",
    ]);
  });

  it("without --map, a JSON record is a SCIM user, checked as one", async () => {
    const ndjson =
      '{"externalId": "1", "name": {"givenName": "A"}}\n{"externalId": "2", "nickNme": "x", "NickName": 3}\n';
    const error = await problemsOf(
      checkInput({ stream: stream(ndjson), source: "people.ndjson", mapping: undefined, duplicates: "error" }),
    );
    expect(error.details).toEqual([
      'people.ndjson, line 2: unknown SCIM attribute "nickNme" (did you mean "nickName"?)',
      'people.ndjson, line 2: nickName: takes a string, got number "3"',
    ]);
  });

  it("yields batches of at most 50 in input order, the same every time", async () => {
    const rows = Array.from({ length: 101 }, (_, i) => `w${i},N${i},true`).join("\n");
    const text = `WorkerID,First,Active\n${rows}\n`;
    const plan = await check(text);
    const read = async () => {
      const out = [];
      for await (const b of readBatches({ stream: stream(text), source: "people.csv", mapping: MAP, plan }))
        out.push(b);
      return out;
    };
    const first = await read();
    expect(first.map((b) => b.users.length)).toEqual([50, 50, 1]);
    expect(first[2]?.externalIds).toEqual(["w100"]);
    expect(await read()).toEqual(first);
  });
});

describe("the failed-records file", () => {
  it("writes the failed records in the input's own format and columns", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-failed-"));
    const text = 'WorkerID,First,Active\n1,"Lovelace, Ada",true\n2,B,true\n3,C,false\n';
    const plan = await check(text);
    const path = join(dir, "out.csv");
    const written = await writeFailedRecords({
      stream: stream(text),
      source: "people.csv",
      mapping: MAP,
      plan,
      failed: new Set(["1", "3"]),
      path,
    });
    expect(written).toBe(2);
    const again = await readFile(path, "utf8");
    expect(again).toBe('WorkerID,First,Active\r\n1,"Lovelace, Ada",true\r\n3,C,false\r\n');
    // It is an input graphsync accepts as it is.
    expect(await check(again)).toMatchObject({ records: 2 });

    const json = '[{"WorkerID": "1"}, {"WorkerID": "2", "First": "B"}]';
    const jsonPlan = await check(json, "p.json", "error", JSON_MAP);
    const jsonPath = join(dir, "out.json");
    await writeFailedRecords({
      stream: stream(json),
      source: "p.json",
      mapping: JSON_MAP,
      plan: jsonPlan,
      failed: new Set(["2"]),
      path: jsonPath,
    });
    expect(JSON.parse(await readFile(jsonPath, "utf8"))).toEqual([{ WorkerID: "2", First: "B" }]);
  });

  it("quotes CSV fields only when needed", () => {
    expect(["a", 'say "hi"', "x,y", " pad", "line\nbreak", undefined].map(csvField)).toEqual([
      "a",
      '"say ""hi"""',
      '"x,y"',
      '" pad"',
      '"line\nbreak"',
      "",
    ]);
  });
});

describe("pacing", () => {
  it("lets at most 40 requests through in any 5 seconds", async () => {
    const clock = manualClock();
    const pacer = new Pacer({ limit: 40, windowMs: 5000, clock });
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      await pacer.acquire();
      times.push(clock.now());
    }
    for (let i = 40; i < times.length; i++)
      expect((times[i] as number) - (times[i - 40] as number)).toBeGreaterThanOrEqual(5000);
    // No slower than it must be: 100 requests take two full windows.
    expect((times.at(-1) as number) - (times[0] as number)).toBe(10_000);
  });
});

describe("state", () => {
  it("lives under XDG_STATE_HOME, else ~/.local/state, else %LOCALAPPDATA% on Windows", () => {
    expect(stateDirectory({ XDG_STATE_HOME: "/x" }, "linux")).toBe("/x/graphsync");
    expect(stateDirectory({ HOME: "/home/a" }, "linux")).toBe("/home/a/.local/state/graphsync");
    expect(stateDirectory({ LOCALAPPDATA: "C:\\L", HOME: "/h" }, "win32")).toMatch(/^C:\\L.graphsync$/);
  });

  it("counts a job's requests over 24 hours, across runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-state-"));
    const budget = new DailyBudget(dir, "sp", "job");
    await budget.load();
    const t0 = Date.UTC(2026, 0, 1);
    budget.add(t0, 100);
    budget.add(t0 + 3_600_000, 5);
    await budget.save(t0 + 3_600_000);
    const again = new DailyBudget(dir, "sp", "job");
    await again.load();
    expect(again.used(t0 + 3_600_000)).toBe(105);
    expect(again.used(t0 + 24 * 3_600_000 + 60_000)).toBe(5);
    const other = new DailyBudget(dir, "sp", "other-job");
    await other.load();
    expect(other.used(t0)).toBe(0);
  });

  it("reads back only the checkpoint of the same input, options, service principal and job", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-state-"));
    const key = { servicePrincipalId: "sp", jobId: "job", inputHash: "h", optionsHash: "-:error" };
    const path = checkpointPath(dir, key);
    await writeAtomically(path, { ...key, version: 1, accepted: 3, batches: 5, done: false });
    expect(await readCheckpoint(path, key)).toMatchObject({ accepted: 3 });
    expect(checkpointPath(dir, { ...key, inputHash: "other" })).not.toBe(path);
    await writeFile(path, "{ torn");
    expect(await readCheckpoint(path, key)).toBeUndefined();
  });
});

describe("sending", () => {
  const throttled = (retryAfterMs?: number) =>
    Object.assign(new Error("429"), { name: "GraphError", status: 429, retryAfterMs });

  async function setup(post: SendOptions["post"], budgetLimit = 6000) {
    const clock = manualClock();
    const dir = await mkdtemp(join(tmpdir(), "graphsync-send-"));
    const budget = new DailyBudget(dir, "sp", "job");
    const accepted: number[] = [];
    const options: SendOptions = {
      clock,
      signal: new AbortController().signal,
      output: quietOutput(),
      pacer: new Pacer({ limit: 40, windowMs: 5000, clock }),
      budget,
      budgetLimit,
      maxAttempts: 3,
      maxRetryAfterMs: 120_000,
      post,
      accepted: async (batch) => {
        accepted.push(batch.index);
      },
      describe: (batch) => `batch ${batch.index + 1}`,
    };
    return { clock, budget, accepted, options };
  }

  async function* batches(n: number) {
    for (let index = 0; index < n; index++) yield { index, users: [], externalIds: [] };
  }

  it("retries a 429 after its Retry-After, paced, counting every attempt in the budget", async () => {
    let calls = 0;
    const { clock, budget, accepted, options } = await setup(async (batch) => {
      calls++;
      if (batch.index === 1 && calls === 2) throw throttled(700);
    });
    const result = await sendAll(options, batches(3), 0);
    expect(result).toEqual({ sent: 3, requests: 4 });
    expect(accepted).toEqual([0, 1, 2]);
    expect(clock.slept).toEqual([700]);
    expect(budget.used(clock.now())).toBe(4);
  });

  it("skips the batches a checkpoint says were accepted", async () => {
    const sent: number[] = [];
    const { accepted, options } = await setup(async (batch) => {
      sent.push(batch.index);
    });
    await sendAll(options, batches(5), 3);
    expect(sent).toEqual([3, 4]);
    expect(accepted).toEqual([3, 4]);
  });

  it("gives up with the service's error when still throttled after the last attempt", async () => {
    const { accepted, options } = await setup(async (batch) => {
      if (batch.index === 1) throw throttled(100);
    });
    await expect(sendAll(options, batches(3), 0)).rejects.toMatchObject({ status: 429 });
    expect(accepted).toEqual([0]);
  });

  it("stops before the request that would pass the daily budget", async () => {
    const { accepted, options } = await setup(async () => {}, 2);
    const error = await problemsOf(sendAll(options, batches(3), 0));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/stopped before batch 3: the job has had 2 of its 2 bulkUpload requests/);
    expect(accepted).toEqual([0, 1]);
  });

  it("does not retry a 400 (the service refused the batch as it is)", async () => {
    let calls = 0;
    const { options } = await setup(async () => {
      calls++;
      throw Object.assign(new Error("400"), { name: "GraphError", status: 400 });
    });
    await expect(sendAll(options, batches(1), 0)).rejects.toMatchObject({ status: 400 });
    expect(calls).toBe(1);
  });
});

describe("outcomes", () => {
  it("groups log entries into created, updated, disabled, skipped and failed", () => {
    const entry = (action: string, status: string, error?: object) =>
      ({
        id: "x",
        activityDateTime: "2026-01-01T00:00:00Z",
        provisioningAction: action,
        provisioningStatusInfo: { status, ...(error ? { errorInformation: error } : {}) },
      }) as never;
    expect(outcomeOf(entry("create", "success"), "1").outcome).toBe("created");
    expect(outcomeOf(entry("update", "warning"), "1").outcome).toBe("updated");
    expect(outcomeOf(entry("disable", "success"), "1").outcome).toBe("disabled");
    expect(outcomeOf(entry("other", "skipped"), "1").outcome).toBe("skipped");
    expect(
      outcomeOf(entry("create", "failure", { reason: "bad UPN", recommendedAction: "fix it" }), "1"),
    ).toMatchObject({ outcome: "failed", reason: "bad UPN", recommendedAction: "fix it" });
  });
});

describe("a mapped JSON field", () => {
  it("that no record has is reported", async () => {
    const error = await problemsOf(check('{"WorkerID": "1"}\n', "p.ndjson"));
    expect(error.details).toContain('p.ndjson, line 1: the mapping reads field "Active", which no record has');
  });
});
