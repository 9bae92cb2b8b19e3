/**
 * The demo's upload step: a small HR export and its mapping, written to a temporary directory, sent with the real
 * `graphsync upload --wait` to the demo tenant's API-driven inbound provisioning job, and traced to each record's
 * outcome in the provisioning logs. Checkpoints and counts go to that directory too, not the user's state.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandContext } from "../context.js";
import { isCliError, type OptionValues } from "../core.js";

export const DEMO_WORKERS = [
  "WorkerID,FirstName,LastName,WorkerStatus,JobTitle,Dept,ManagerID",
  "DEMO-1001,Grace,Hopper,Active,Rear Admiral,Engineering,",
  "DEMO-1002,Ada,Lovelace,Active,Analyst,Engineering,DEMO-1001",
  // A manager that comes later in the file: references resolve in any order.
  "DEMO-1003,Alan,Turing,Active,Researcher,Research,DEMO-1004",
  "DEMO-1004,Katherine,Johnson,Active,Head of Research,Research,DEMO-1001",
  "DEMO-1005,Charles,Babbage,Leaver,Consultant,Engineering,DEMO-1001",
  // A last name with a space makes a userName the directory refuses: the failure the demo shows.
  "DEMO-1006,Guido,van Rossum,Active,Engineer,Engineering,DEMO-1004",
];

export const DEMO_MAPPING = {
  externalId: "WorkerID",
  userName: { $template: "{FirstName}.{LastName}@contoso.example" },
  name: { givenName: "FirstName", familyName: "LastName" },
  displayName: { $template: "{FirstName} {LastName}" },
  title: "JobTitle",
  active: { $column: "WorkerStatus", $equals: "Active" },
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Dept", manager: "ManagerID" },
};

/** Prints a step's title and command, as the demo's other steps do. */
export type Step = (title: string, command: string) => void;

/** The demo tenant's API-driven inbound provisioning job (Active, template API2AAD). */
export async function inboundJob(): Promise<{ servicePrincipalId: string; jobId: string }> {
  const { DEMO_TENANT } = await import("@graphsync/emulator");
  return DEMO_TENANT.jobs.inbound;
}

/** Runs the upload step in the demo's context (its embedded emulator). */
export async function runUploadDemo(demo: CommandContext, values: OptionValues, step: Step): Promise<void> {
  const { output } = demo;
  const s = output.out;
  const dir = await mkdtemp(join(tmpdir(), "graphsync-demo-upload-"));
  try {
    const from = join(dir, "workers.csv");
    const map = join(dir, "mapping.json");
    await writeFile(from, `${DEMO_WORKERS.join("\n")}\n`);
    await writeFile(map, `${JSON.stringify(DEMO_MAPPING, null, 2)}\n`);
    const { servicePrincipalId: sp, jobId: job } = await inboundJob();
    step(
      "Send an HR export to an inbound provisioning job, and follow each record to its outcome",
      `graphsync upload --sp ${sp} --job ${job} --from workers.csv --map mapping.json --wait`,
    );
    output.print(
      s.dim(`   workers.csv: ${DEMO_WORKERS.length - 1} workers (one has left: active=false), and mapping.json:`),
    );
    for (const line of JSON.stringify(DEMO_MAPPING, null, 1).split("\n")) output.print(s.dim(`     ${line}`));
    const { run } = await import("./upload.js");
    try {
      await run(demo, {
        ...values,
        sp,
        job,
        from,
        map,
        wait: true,
        timeout: "5m",
        duplicates: "error",
        "state-dir": join(dir, "state"),
      });
    } catch (error) {
      // Records the job failed are part of what the demo shows (exit code 1), not the end of it.
      if (!isCliError(error) || error.exitCode !== 1) throw error;
      output.print(
        `   ${s.yellow("exit code 1")}: ${error.message}. The failed-records file, ready to fix and upload again:`,
      );
      await printFailedFiles(demo, dir);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function printFailedFiles(demo: CommandContext, dir: string): Promise<void> {
  for (const name of (await readdir(dir)).filter((file) => file.includes(".failed-"))) {
    for (const line of (await readFile(join(dir, name), "utf8")).trimEnd().split(/\r?\n/)) {
      demo.output.print(demo.output.out.dim(`     ${line}`));
    }
  }
}
