// Start-up benchmark: process start to exit, median of repeated runs (hyperfine-style, in one script so every figure
// comes from the same machine state), reported as a ratio to `node -e 0`.
//   graphsync --version, graphsync --help     target <= 1.3x
//   graphsync jobs start (running emulator)   target <= 2.0x
// Usage: pnpm --filter @graphsync/cli build && pnpm --filter @graphsync/cli bench [--runs N] [--check]
// --check exits 1 when a target is missed (for a manual gate; CI does not time anything).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 30;
const check = args.includes("--check");
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const node = process.execPath;

/** Runs a command to completion; resolves with its wall time in ms (spawn to exit) and its exit code. */
async function timed(argv, env = process.env) {
  const started = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), { stdio: "ignore", env });
  const [code] = await once(child, "exit");
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, code };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// The emulator runs in its own process (as a user would run it), so its work never shares this event loop.
const emulator = spawn(node, [bin, "emulator", "--port", "0", "--output", "json", "--quiet"], {
  stdio: ["ignore", "pipe", "inherit"],
});
let firstLine = "";
for await (const chunk of emulator.stdout) {
  firstLine += chunk;
  if (firstLine.includes("\n")) break;
}
const info = JSON.parse(firstLine.split("\n")[0]);
const { graphUrl, token, servicePrincipalId, pausedJobId: jobId } = info;
const env = { ...process.env, GRAPHSYNC_TOKEN: token, NO_COLOR: "1" };

/** Puts the job back to Paused (untimed), so every timed start does the full read + start. */
async function pause() {
  const url = `${graphUrl}/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${encodeURIComponent(jobId)}/pause`;
  const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 204) throw new Error(`pause answered ${response.status}`);
}

const cases = [
  { name: "node -e 0", argv: [node, "-e", "0"] },
  { name: "graphsync --version", argv: [node, bin, "--version"], target: 1.3 },
  { name: "graphsync --help", argv: [node, bin, "--help"], target: 1.3 },
  {
    name: "graphsync jobs start (emulator)",
    argv: [node, bin, "jobs", "start", "--sp", servicePrincipalId, "--job", jobId, "--base-url", graphUrl, "--quiet"],
    before: pause,
    target: 2.0,
  },
];

const times = cases.map(() => []);
for (let round = -3; round < runs; round++) {
  // Round-robin, so drift on the machine affects every case alike; the first rounds warm the file cache.
  for (const [i, c] of cases.entries()) {
    if (c.before) await c.before();
    const { ms, code } = await timed(c.argv, env);
    if (code !== 0) throw new Error(`${c.name} exited ${code}`);
    if (round >= 0) times[i].push(ms);
  }
}
emulator.kill("SIGTERM");
await once(emulator, "exit");

const base = median(times[0]);
let missed = false;
console.log(`median of ${runs} runs each, Node ${process.version}, ${process.platform}/${process.arch}\n`);
console.log(`${"command".padEnd(34)} ${"median".padStart(9)} ${"ratio".padStart(7)}  target`);
for (const [i, c] of cases.entries()) {
  const m = median(times[i]);
  const ratio = m / base;
  const verdict = c.target === undefined ? "" : ratio <= c.target ? `<= ${c.target}x ok` : `> ${c.target}x MISSED`;
  if (c.target !== undefined && ratio > c.target) missed = true;
  console.log(
    `${c.name.padEnd(34)} ${`${m.toFixed(1)}ms`.padStart(9)} ${`${ratio.toFixed(2)}x`.padStart(7)}  ${verdict}`,
  );
}
if (check && missed) process.exit(1);
