// scripts/steps.mjs, the runner of `pnpm test`: a step that exits with its skip code is a WARNING in the summary
// (the run passes), or a failure when required (AUDIT_REQUIRED=1 in the GitHub workflows); any other failure
// stops the run with its status.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runSteps } from "../../../scripts/steps.mjs";

const node = (code) => [process.execPath, "-e", code];
const steps = [
  { name: "first", cmd: node("") },
  { name: "audit", cmd: node("console.log('audit:prod: SKIPPED, no advisories here'); process.exit(3)"), skipCode: 3 },
  { name: "last", cmd: node("") },
];
const quiet = (fn) => {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return fn();
  } finally {
    process.stdout.write = write;
  }
};

test("a skipped step is a warning in the summary, and the run goes on and passes", () => {
  const { status, summary } = quiet(() => runSteps(steps, { cwd: process.cwd() }));
  assert.equal(status, 0);
  const text = summary.join("\n");
  assert.match(text, /SKIPPED audit/);
  assert.match(text, /ok {6}last/);
  assert.match(text, /WARNING: audit did not run: audit:prod: SKIPPED, no advisories here/);
});

test("required, a skipped step fails the run and stops it", () => {
  const { status, summary } = quiet(() => runSteps(steps, { cwd: process.cwd(), required: true }));
  assert.equal(status, 1);
  const text = summary.join("\n");
  assert.match(text, /FAILED {2}audit/);
  assert.match(text, /not run last/);
  assert.match(text, /AUDIT_REQUIRED=1/);
});

test("a failing step stops the run with its status; a clean run has no warning", () => {
  const failing = [{ name: "broken", cmd: node("process.exit(4)") }, ...steps];
  assert.equal(quiet(() => runSteps(failing, { cwd: process.cwd() })).status, 4);
  const clean = quiet(() => runSteps([steps[0], steps[2]], { cwd: process.cwd() }));
  assert.equal(clean.status, 0);
  assert.doesNotMatch(clean.summary.join("\n"), /WARNING/);
});
