/** `pnpm example:browser`'s arguments: every problem named at once, exit 2, no stack trace; a port in use is clear. */
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { serveScript } from "./example.js";

const run = promisify(execFile);

async function fails(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const error = await run(process.execPath, [serveScript, ...args]).then(
    () => undefined,
    (caught: { code: number; stderr: string; stdout: string }) => caught,
  );
  if (!error) throw new Error(`serve.mjs ${args.join(" ")} succeeded`);
  return error;
}

it("names every bad argument at once and exits 2", async () => {
  const { code, stderr, stdout } = await fails(["--port", "80a", "--emulator-port", "70000", "--tenant", "contoso"]);
  expect(code).toBe(2);
  expect(stdout).toBe("");
  expect(stderr).toContain("--port: '80a' is not a port: use a whole number from 0 to 65535");
  expect(stderr).toContain("--emulator-port: '70000' is not a port");
  expect(stderr).toContain("--tenant: only with --client-id");
  expect(stderr).not.toMatch(/\n\s+at /);
});

it("an unknown option and a port in use are usage errors, not crashes", async () => {
  const unknown = await fails(["--sp-id", "x"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("Unknown option '--sp-id'");
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  const port = (busy.address() as { port: number }).port;
  try {
    const inUse = await fails(["--port", String(port)]);
    expect(inUse.code).toBe(2);
    expect(inUse.stderr).toContain(`--port: ${port} is in use: choose another, or 0`);
    expect(inUse.stderr).not.toMatch(/\n\s+at /);
  } finally {
    busy.close();
  }
});
