/** `graphsync emulator --tls`: where its test CA is written (issue 15, item 2). */
import { lstatSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/main.js";
import { fakeRuntime } from "./helpers/runtime.js";

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
