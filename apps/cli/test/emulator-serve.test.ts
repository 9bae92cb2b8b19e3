/** `graphsync emulator --tls`: where its test CA is written (issue 15, item 2). */
import { lstatSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/main.js";
import { fakeRuntime, run } from "./helpers/runtime.js";

const cleanup: string[] = [];
afterAll(async () => {
  for (const path of cleanup) await rm(path, { recursive: true, force: true });
});

interface Seen {
  code: number;
  stdout: string;
  caFile: string;
  folderMode: number;
  fileIsLink: boolean;
  pem: string;
}

/** Runs `graphsync emulator` until its ready lines, looks at the CA file while it serves, then stops it. */
async function serveUntilReady(argv: string[], port = "0"): Promise<Seen> {
  const controller = new AbortController();
  const runtime = fakeRuntime({ signal: controller.signal });
  let seen: Omit<Seen, "code" | "stdout"> | undefined;
  const write = runtime.out.write.bind(runtime.out);
  runtime.out.write = (chunk: string) => {
    const caFile = /test CA\s+(\S+)/.exec(chunk)?.[1];
    if (caFile && !seen) {
      seen = {
        caFile,
        folderMode: statSync(dirname(caFile)).mode & 0o777,
        fileIsLink: lstatSync(caFile).isSymbolicLink(),
        pem: readFileSync(caFile, "utf8"),
      };
      controller.abort(new Error("received SIGINT"));
    }
    return write(chunk);
  };
  const code = await runCli(["emulator", "--port", port, "--tls", ...argv], runtime);
  if (!seen) throw new Error(`no test CA line in: ${runtime.out.text}${runtime.err.text}`);
  return { code, stdout: runtime.out.text, ...seen };
}

describe("graphsync emulator --tls writes its CA safely", () => {
  it("ignores a symlink planted at the old predictable path and writes into a fresh private folder", async () => {
    // The old name was predictable from the port: plant a link there for a free port, then serve on that port.
    const victim = await mkdtemp(join(tmpdir(), "graphsync-victim-"));
    cleanup.push(victim);
    const target = join(victim, "precious.txt");
    await writeFile(target, "do not overwrite");
    const first = await serveUntilReady([]);
    const port = /127\.0\.0\.1:(\d+)/.exec(first.stdout)?.[1] ?? "";
    const planted = join(tmpdir(), `graphsync-emulator-${port}-ca.pem`);
    cleanup.push(planted);
    await rm(planted, { force: true });
    await symlink(target, planted);

    const seen = await serveUntilReady([], port);
    expect(seen.stdout).toContain(`127.0.0.1:${port}`);
    expect(seen.code).toBe(0);
    expect(seen.caFile).not.toBe(planted);
    expect(dirname(seen.caFile)).toMatch(/graphsync-emulator-[^/]+$/);
    expect(dirname(dirname(seen.caFile))).toBe(tmpdir());
    expect(seen.folderMode).toBe(0o700);
    expect(seen.fileIsLink).toBe(false);
    expect(seen.pem).toContain("BEGIN CERTIFICATE");
    expect(seen.stdout).toContain(`NODE_EXTRA_CA_CERTS=${seen.caFile}`);
    expect(await readFile(target, "utf8")).toBe("do not overwrite");
    expect(await readlink(planted)).toBe(target);
    // Each run gets its own folder, removed when the emulator stops.
    expect(dirname(seen.caFile)).not.toBe(dirname(first.caFile));
    expect(() => statSync(dirname(seen.caFile))).toThrow(/ENOENT/);
  });

  it("--ca-out refuses to follow a symbolic link and names it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-caout-"));
    cleanup.push(dir);
    const target = join(dir, "precious.txt");
    await writeFile(target, "do not overwrite");
    const link = join(dir, "ca.pem");
    await symlink(target, link);
    const runtime = fakeRuntime({ signal: AbortSignal.abort(new Error("received SIGINT")) });
    const code = await runCli(["emulator", "--port", "0", "--tls", "--ca-out", link], runtime);
    expect(code).toBe(1);
    expect(runtime.err.text).toContain(`cannot write the CA certificate to "${link}" (it is a symbolic link`);
    expect(await readFile(target, "utf8")).toBe("do not overwrite");
  });

  it("--ca-out writes (and replaces) a regular file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-caout-"));
    cleanup.push(dir);
    const file = join(dir, "ca.pem");
    await writeFile(file, "old");
    const seen = await serveUntilReady(["--ca-out", file]);
    expect(seen.caFile).toBe(file);
    expect(seen.pem).toContain("BEGIN CERTIFICATE");
  });
});

describe("graphsync emulator takes graphsync-emulator's flags and prints its ready line", () => {
  const stopped = () => AbortSignal.abort(new Error("received SIGINT"));

  it("accepts every flag graphsync-emulator documents", async () => {
    const { USAGE } = await import("@graphsync/emulator");
    // --help and --version are the whole program's in graphsync.
    const flags = [...USAGE.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)]
      .map((match) => match[1])
      .filter((flag) => flag !== "--version" && flag !== "--help");
    expect(flags).toContain("--cors-origins");
    const help = await run(["emulator", "--help"]);
    for (const flag of flags) expect(help.stdout, flag).toContain(flag);
  });

  it("--auth jwt, --clock manual, --clock-start, --seed, --start-response, --cors-origins, --json", async () => {
    const result = await run(
      [
        ...["emulator", "--port", "0", "--auth", "jwt", "--clock", "manual", "--clock-start", "2026-01-01T00:00:00Z"],
        ...["--seed", "s", "--start-response", "200", "--cors-origins", "http://127.0.0.1:5173", "--json"],
      ],
      { signal: stopped() },
    );
    expect(result.code, result.stderr).toBe(0);
    const info = JSON.parse(result.stdout);
    expect(info).toMatchObject({ event: "ready", auth: "jwt", betaUrl: `${info.url}/beta` });
    expect(info.tokenUrl).toBeDefined();
    expect(Object.keys(info).slice(0, 8)).toEqual([
      "event",
      "url",
      "graphUrl",
      "betaUrl",
      "controlUrl",
      "tenantId",
      "servicePrincipalId",
      "auth",
    ]);
  });

  it("prints graphsync-emulator's ready line first", async () => {
    const result = await run(["emulator", "--port", "0"], { signal: stopped() });
    expect(result.stdout.split("\n")[0]).toMatch(
      /^graphsync emulator ready on (http:\/\/127\.0\.0\.1:\d+) \(Graph \1\/v1\.0, control \1\/_emulator\/health\)$/,
    );
  });

  it("refuses bad values of the shared flags with exit 2", async () => {
    const bad = async (argv: string[]) => run(["emulator", "--port", "0", ...argv], { signal: stopped() });
    expect((await bad(["--auth", "basic"])).stderr).toContain('invalid value "basic" for --auth');
    expect((await bad(["--clock-start", "2026-01-01T00:00:00Z"])).code).toBe(2);
    expect((await bad(["--clock", "manual", "--clock-start", "soon"])).stderr).toContain(
      'invalid --clock-start "soon"',
    );
    expect((await bad(["--jwt", "--auth", "bearer"])).code).toBe(2);
    const cors = await bad(["--cors-origins", "not an origin"]);
    expect(cors.code, cors.stderr).toBe(2);
  });
});
