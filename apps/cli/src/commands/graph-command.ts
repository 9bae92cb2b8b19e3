/**
 * The skeleton of a command that makes one Graph call: resolve the ids, make the call (or, with --dry-run, record
 * and print it), print the result. `jobs list/get/pause/restart/provision` are this plus their own call and printing.
 */
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import { graphCall } from "../graph-call.js";
import type { Subject } from "../graph-errors.js";
import { jobOf, printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

export interface GraphCommand<T, S extends Subject> {
  /** The ids the call is about (for the 404 hint, and handed to `call` and `print`). */
  subject: S;
  /** "could not pause job X": what an error message starts with. */
  what: string;
  call(client: ClientHandle, subject: S, signal: AbortSignal): Promise<T>;
  print(result: T, subject: S): void | Promise<void>;
}

export async function runGraphCommand<T, S extends Subject>(
  context: CommandContext,
  command: GraphCommand<T, S>,
): Promise<void> {
  const { subject } = command;
  const invoke = () =>
    graphCall(context, command.what, subject, (client, signal) => command.call(client, subject, signal));
  const handle = await context.client();
  if (handle.dryRun) {
    await recordPlannedCalls([invoke]);
    printDryRun(context, handle);
    return;
  }
  await command.print(await invoke(), subject);
}

export interface JobIds {
  servicePrincipalId: string;
  jobId: string;
}

/** One call on one job: `--sp` (or the emulator's) and `--job`. */
export async function runJobCommand<T>(
  context: CommandContext,
  values: OptionValues,
  command: Omit<GraphCommand<T, JobIds>, "subject" | "what"> & { what(jobId: string): string },
): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const subject = { servicePrincipalId, jobId: jobOf(values) };
  await runGraphCommand(context, { ...command, subject, what: command.what(subject.jobId) });
}
