// Runs gates in order, stopping at the first that fails (as `a && b && …` does), and returns the summary to print:
// each step's result and time, and a WARNING for each step that could not run (it exited with its `skipCode`).
// `required: true` makes such a skip fail the run (the GitHub workflows set AUDIT_REQUIRED=1).
import { spawnSync } from "node:child_process";

/**
 * @param {{ name: string, cmd: string[], skipCode?: number }[]} steps
 * @param {{ cwd: string | URL, required?: boolean, env?: NodeJS.ProcessEnv }} options
 * @returns {{ status: number, summary: string[] }}
 */
export function runSteps(steps, { cwd, required = false, env = process.env }) {
  const results = [];
  let status = 0;
  for (const step of steps) {
    const started = performance.now();
    // The output of a step that may be skipped is captured (and echoed) so the summary can quote its reason.
    const capture = step.skipCode !== undefined;
    const r = spawnSync(step.cmd[0], step.cmd.slice(1), {
      cwd,
      env,
      stdio: capture ? ["inherit", "pipe", "inherit"] : "inherit",
      encoding: "utf8",
    });
    if (capture) process.stdout.write(r.stdout ?? "");
    if (r.error) console.error(`${step.name}: ${r.error.message}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const code = r.status ?? 1;
    if (code === 0) {
      results.push({ step, seconds, mark: "ok" });
      continue;
    }
    if (code === step.skipCode) {
      const reason = (r.stdout ?? "").trim().split("\n").pop() ?? "";
      results.push({ step, seconds, mark: required ? "FAILED" : "SKIPPED", reason });
      if (!required) continue;
      status = 1;
    } else {
      results.push({ step, seconds, mark: "FAILED" });
      status = code;
    }
    break;
  }
  return { status, summary: summarize(steps, results, required) };
}

function summarize(steps, results, required) {
  const lines = ["", "summary:"];
  for (const { step, seconds, mark } of results) lines.push(`  ${mark.padEnd(7)} ${step.name} (${seconds} s)`);
  for (const step of steps.slice(results.length)) lines.push(`  not run ${step.name}`);
  for (const { step, reason } of results.filter((r) => r.reason !== undefined)) {
    lines.push("", `WARNING: ${step.name} did not run: ${reason}`);
    lines.push(
      required
        ? "         AUDIT_REQUIRED=1: a check that did not run fails the run."
        : "         The run passes without it; CI on GitHub (AUDIT_REQUIRED=1) fails instead.",
    );
  }
  return lines;
}
