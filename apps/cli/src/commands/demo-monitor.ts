/**
 * The demo's monitoring part: `graphsync health` over the demo tenant (whose quarantined and paused jobs make it
 * exit 6, as cron would see), then a user provisioned on demand and `graphsync explain` on it. Real commands on the
 * demo's embedded emulator, like the steps before.
 */
import type { CommandContext } from "../context.js";
import { ExitCode, isCliError, type OptionValues } from "../core.js";

export interface MonitorDemo {
  /** The demo's context (its embedded emulator). */
  demo: CommandContext;
  values: OptionValues;
  servicePrincipalId: string;
  /** A job of the demo service principal that is running now (started by the demo). */
  jobId: string;
  /** Prints a numbered step's title and command. */
  step(n: number, title: string, command: string): void;
  /** The first step's number. */
  first: number;
}

/** An object of the demo tenant to provision on demand, and a synchronization rule id for it. */
const DEMO_USER = "8d1f6b1c-4c8e-4b5c-9f1e-2a3b4c5d6e7f";
const DEMO_RULE = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";

/** Runs the steps; returns the number the next step takes. */
export async function showMonitoring(input: MonitorDemo): Promise<number> {
  const { demo, values, servicePrincipalId: sp, jobId, step } = input;
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

  const ids = `--sp ${sp} --job ${jobId}`;
  step(n++, "Provision a user now", `graphsync jobs provision ${ids} --rule ${DEMO_RULE} --subject ${DEMO_USER}:User`);
  // The same call as that command, with its answer cut to one line (the command prints the whole JSON).
  const handle = await demo.client();
  const subjects = [{ objectId: DEMO_USER, objectTypeName: "User" }];
  const answer = await handle.provisionOnDemand(sp, jobId, [{ ruleId: DEMO_RULE, subjects }], demo.signal);
  const result = /"result"\s*:\s*"(\w+)"/.exec(answer.key ?? "")?.[1] ?? "done";
  output.print(`${s.green("provisioned on demand")} 1 subject(s) with rule ${DEMO_RULE}: ${result}`);

  step(n++, "Explain what happened to that user, step by step", `graphsync explain ${ids} --user ${DEMO_USER}`);
  const { run: explain } = await import("./explain.js");
  await explain(demo, { ...values, sp, job: jobId, user: DEMO_USER });
  return n;
}
