/**
 * The demo's monitoring part: `graphsync health` over the demo tenant (whose quarantined and paused jobs make it
 * exit 6, as cron would see), then the latest failure of its job with entry-level errors and `graphsync explain` on
 * that user. Real commands on the demo's embedded emulator, like the steps before.
 */
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, isCliError, type OptionValues } from "../core.js";

export interface MonitorDemo {
  /** The demo's context (its embedded emulator). */
  demo: CommandContext;
  values: OptionValues;
  /** Prints a numbered step's title and command. */
  step(n: number, title: string, command: string): void;
  /** The first step's number. */
  first: number;
}

/** The newest failed entry of the demo tenant's job with entry-level errors, and the user it is about. */
async function latestFailure(demo: CommandContext) {
  const { DEMO_TENANT } = await import("@graphsync/emulator");
  const { servicePrincipalId, jobId } = DEMO_TENANT.jobs.activeWithErrors;
  const handle = await demo.client();
  const query = { servicePrincipalId, jobId, status: "failure" } as const;
  for await (const entry of handle.listProvisioningLogs(query, 1, demo.signal)) {
    const user = entry.sourceIdentity?.displayName || entry.sourceIdentity?.id;
    return user ? { servicePrincipalId, jobId, user } : undefined;
  }
  return undefined;
}

/** Runs the steps; returns the number the next step takes. */
export async function showMonitoring(input: MonitorDemo): Promise<number> {
  const { demo, values, step } = input;
  const { output } = demo;
  const s = output.out;
  let n = input.first;
  step(n++, "Check the health of every job, as a cron job would", "graphsync health");
  const { run: health } = await import("./health.js");
  try {
    await health(demo, { ...values });
  } catch (error) {
    if (!isCliError(error, ExitCode.unhealthy)) throw error;
    output.print(`   ${s.yellow("exit code 6")}: ${error.message} (the demo tenant has paused and quarantined jobs)`);
  }

  const failed = await latestFailure(demo);
  if (!failed) throw new CliError(ExitCode.failed, "the demo tenant's logs hold no failure to explain");
  const ids = `--sp ${failed.servicePrincipalId} --job ${failed.jobId}`;
  step(n++, "Find the latest failure of a job with errors", `graphsync logs ${ids} --status failure --top 1`);
  const { run: logs } = await import("./logs.js");
  await logs(demo, { ...values, sp: failed.servicePrincipalId, job: failed.jobId, status: "failure", top: "1" });
  const user = /[\s"'$`\\]/.test(failed.user) ? JSON.stringify(failed.user) : failed.user;
  step(n++, "Explain what happened to that user, step by step", `graphsync explain ${ids} --user ${user}`);
  const { run: explain } = await import("./explain.js");
  await explain(demo, { ...values, sp: failed.servicePrincipalId, job: failed.jobId, user: failed.user });
  return n;
}
