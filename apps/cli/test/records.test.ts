import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CliError, ExitCode } from "../src/errors.js";
import { splitJsonArray, splitLines } from "../src/json-stream.js";
import { type JobRecord, MAX_RECORD_BYTES, openInput, readRecords } from "../src/records.js";

const SP = "11111111-2222-3333-4444-555555555555";

/** Feeds the text in small chunks, so every boundary case (BOM, CRLF, multi-byte characters) is split somewhere. */
function chunked(text: string | Uint8Array, size = 5): Readable {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts.map((part) => Buffer.from(part)));
}

async function records(text: string | Uint8Array, source: string, size?: number): Promise<JobRecord[]> {
  const out: JobRecord[] = [];
  for await (const record of readRecords(chunked(text, size), source)) out.push(record);
  return out;
}

async function failure(text: string | Uint8Array, source: string, size?: number): Promise<CliError> {
  try {
    await records(text, source, size);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    return error as CliError;
  }
  throw new Error("expected the input to be refused");
}

describe("CSV", () => {
  it("tolerates a BOM, CRLF, blank lines, spaces and aliased, reordered headers", async () => {
    const text = `\ufeffjob , SP\r\n\r\nscim.1,${SP}\r\n   \r\n scim.2 , ${SP} \r\n`;
    expect(await records(text, "jobs.csv")).toEqual([
      { servicePrincipalId: SP, jobId: "scim.1", line: 3 },
      { servicePrincipalId: SP, jobId: "scim.2", line: 5 },
    ]);
  });

  it("refuses unknown or missing columns, naming line 1", async () => {
    const unknown = await failure(`servicePrincipalId,jobId,extra\n${SP},j,x\n`, "a.csv");
    expect(unknown.message).toBe('a.csv, line 1: unknown column "extra" in the header');
    const missing = await failure(`servicePrincipalId\n${SP}\n`, "a.csv");
    expect(missing.message).toBe("a.csv, line 1: the header has no jobId column");
    const headerless = await failure(`${SP},scim.1\n`, "a.csv");
    expect(headerless.message).toContain("line 1: unknown column");
  });

  it("refuses a record with the wrong number of fields, naming its line", async () => {
    const error = await failure(`sp,job\n${SP},a\n\n${SP}\n`, "a.csv");
    expect(error.message).toBe("a.csv, line 4: expected 2 fields (servicePrincipalId,jobId), got 1");
  });

  it("refuses an empty field", async () => {
    expect((await failure(`sp,job\n${SP},""\n`, "a.csv")).message).toContain("line 2: jobId is missing");
  });

  it("refuses a 10 MB line without buffering it", async () => {
    const error = await failure(`sp,job\n${SP},${"x".repeat(10 * 1024 * 1024)}\n`, "big.csv", 64 * 1024);
    expect(error.message).toBe(`big.csv, line 2: a record is longer than ${MAX_RECORD_BYTES} bytes`);
  });

  it("accepts a header with no records", async () => {
    expect(await records("servicePrincipalId,jobId\n", "a.csv")).toEqual([]);
  });
});

describe("JSON", () => {
  it("reads a JSON array across chunk boundaries, with line numbers", async () => {
    const text = `\ufeff[\r\n  {"servicePrincipalId": "${SP}", "jobId": "a,]}\\"b"},\r\n\r\n  {"sp": "${SP}", "job": "é.2"}\r\n]\r\n`;
    expect(await records(text, "jobs.json", 3)).toEqual([
      { servicePrincipalId: SP, jobId: 'a,]}"b', line: 2 },
      { servicePrincipalId: SP, jobId: "é.2", line: 4 },
    ]);
  });

  it("reads NDJSON (file.json starting with '{', or stdin) with CRLF and blank lines", async () => {
    const text = `{"sp":"${SP}","job":"a"}\r\n\r\n{"sp":"${SP}","job":"b"}`;
    expect((await records(text, "jobs.json")).map((r) => [r.jobId, r.line])).toEqual([
      ["a", 1],
      ["b", 3],
    ]);
    expect((await records(text, "stdin")).length).toBe(2);
  });

  it("names the line of a bad record", async () => {
    expect((await failure(`[{"sp":"${SP}","job":"a"},\n{"sp":"${SP}"}]`, "x.json")).message).toBe(
      "x.json, line 2: jobId is missing",
    );
    expect((await failure(`[{"sp":"${SP}","job":"a"},\n{"sp":"${SP}","job":"b","x":1}]`, "x.json")).message).toBe(
      'x.json, line 2: unknown field "x"',
    );
    expect((await failure(`[{"sp":"${SP}","job":"a"},\n 3]`, "x.json")).message).toBe(
      "x.json, line 2: a record must be a JSON object",
    );
    expect((await failure(`{"sp":"${SP}","job":"a"}\n{"sp":`, "x.ndjson")).message).toMatch(
      /^x\.ndjson, line 2: not valid JSON/,
    );
    expect((await failure(`[{"sp":"${SP}","job":"a"}`, "x.json")).message).toContain("before the array is closed");
    expect((await failure(`[{"sp":"${SP}","job":"a"},]`, "x.json")).message).toContain("expected a record");
    expect((await failure(`[{"sp":"${SP}","job":"a"}] x`, "x.json")).message).toContain("after the closing");
  });

  it("refuses a 10 MB record in an array or in NDJSON", async () => {
    const big = "x".repeat(10 * 1024 * 1024);
    expect((await failure(`[{"sp":"${SP}","job":"${big}"}]`, "x.json", 65536)).message).toContain("longer than");
    expect((await failure(`{"sp":"${SP}","job":"${big}"}\n`, "x.ndjson", 65536)).message).toContain(
      "line 1: a record is longer",
    );
  });

  it("refuses empty input", async () => {
    expect((await failure("  \r\n", "stdin")).message).toBe("stdin: the input is empty");
  });
});

describe("splitters (property)", () => {
  const collect = async (it: AsyncIterable<{ text: string }>) => {
    const out: unknown[] = [];
    for await (const item of it) out.push(JSON.parse(item.text));
    return out;
  };
  async function* pieces(text: string, cuts: number[]): AsyncGenerator<string> {
    let last = 0;
    for (const cut of [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)) {
      yield text.slice(last, cut);
      last = cut;
    }
    yield text.slice(last);
  }

  it("splitJsonArray returns exactly the elements of any JSON array, however it is chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        async (values, cuts, pretty) => {
          const text = JSON.stringify(values, null, pretty ? 2 : undefined);
          const expected = JSON.parse(text);
          expect(await collect(splitJsonArray(pieces(text, cuts), 1 << 20))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("splitLines returns every non-blank line of NDJSON, however it is chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (values, cuts) => {
          const text = values.map((v) => JSON.stringify(v)).join("\r\n");
          expect(await collect(splitLines(pieces(text, cuts), 1 << 20))).toEqual(
            values.map((v) => JSON.parse(JSON.stringify(v))),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("openInput", () => {
  it("refuses a missing file and a directory as usage errors", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-records-"));
    await expect(openInput(join(dir, "nope.csv"), Readable.from([]))).rejects.toThrow(/no such file/);
    await expect(openInput(dir, Readable.from([]))).rejects.toThrow(/is a directory/);
    const file = join(dir, "ok.csv");
    await writeFile(file, `sp,job\n${SP},a\n`);
    const { stream, source } = await openInput(file, Readable.from([]));
    const out: JobRecord[] = [];
    for await (const record of readRecords(stream, source)) out.push(record);
    expect(out).toHaveLength(1);
  });
});
