/** Helpers the job commands share: ids from the options, dry-run printing, how a job looks in a table. */
import type { SynchronizationJob } from "@graphsync/types";
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";
import { CliError, type Column, ExitCode, type OptionValues, quote, stringOption } from "../core.js";
import { graphCall } from "../graph-call.js";
import { formatRequest } from "../http-log.js";

/** --sp, or with --emulator the demo tenant's service principal. */
export async function servicePrincipalOf(context: CommandContext, values: OptionValues): Promise<string> {
  const sp = stringOption(values, "sp");
  if (sp !== undefined) return sp;
  const name = stringOption(values, "sp-name");
  if (name !== undefined) return servicePrincipalNamed(context, name);
  if (context.settings.emulator) {
    const handle = await context.client();
    const demo = handle.emulator?.servicePrincipalId;
    if (demo) return demo;
  }
  throw new CliError(ExitCode.usage, "missing required option --sp", {
    hint: `write --sp <servicePrincipalId> (the service principal's object id)${context.settings.emulator ? "" : ", or add --emulator to try the demo tenant"}.`,
  });
}

/** The object id of the one service principal with this display name (Graph compares it ignoring case). */
async function servicePrincipalNamed(context: CommandContext, name: string): Promise<string> {
  const what = `could not look up service principal ${quote(name)}`;
  const found = await graphCall(context, what, {}, (client, signal) =>
    client.findServicePrincipals({ displayName: name }, signal),
  );
  const [first, second] = found;
  if (first && !second) return first.id;
  const listed = found.map((sp) => `${sp.id} (appId ${sp.appId ?? "-"})`).join(", ");
  throw new CliError(
    first ? ExitCode.failed : ExitCode.notFound,
    first
      ? `${found.length} service principals are named ${quote(name)}: ${listed}`
      : `no service principal is named ${quote(name)}`,
    {
      hint: first
        ? "pass the one you mean with --sp <object id>."
        : "the name must match exactly (case is ignored); 'az ad sp list --display-name <part>' finds similar ones.",
    },
  );
}

export function jobOf(values: OptionValues): string {
  const job = stringOption(values, "job");
  if (job === undefined) {
    throw new CliError(ExitCode.usage, "missing required option --job", {
      hint: "write --job <jobId>; 'graphsync jobs list --sp <id>' shows the ids.",
    });
  }
  return job;
}

/** Prints what --dry-run recorded. Nothing was sent. */
export function printDryRun(context: CommandContext, handle: ClientHandle, note?: string): void {
  const requests = handle.dryRun?.take() ?? [];
  const { output } = context;
  if (output.json) {
    output.printJson({ dryRun: true, ...(note ? { note } : {}), requests });
    return;
  }
  output.info(output.err.yellow(`dry run: nothing was sent. ${requests.length} request(s) graphsync would send:`));
  if (note) output.info(note);
  requests.forEach((request, i) => {
    if (i > 0) output.print();
    output.print(formatRequest(request));
  });
}

/** Runs each planned call against the recording transport; only the synthetic answer's errors are expected. */
export async function recordPlannedCalls(calls: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (const call of calls) {
    try {
      await call();
    } catch (error) {
      // The recording transport answers 204 to everything, which a read cannot use: that is expected. Bad input
      // (a ValidationError, raised before any request) is not, and is reported like in a real run.
      const cause = (error as { cause?: unknown }).cause;
      const synthetic =
        (error as Error).name === "GraphError" || (cause instanceof Error && cause.name === "GraphError");
      if (!synthetic) throw error;
    }
  }
}

export function statusText(job: SynchronizationJob): string {
  return job.status?.code ?? "unknown";
}

export function styleStatus(context: CommandContext, code: string): string {
  const style = context.output.out;
  switch (code) {
    case "Active":
      return style.green(code);
    case "Paused":
      return style.yellow(code);
    case "Quarantine":
      return style.red(code);
    default:
      return style.dim(code);
  }
}

/** A timestamp as people read it; real payloads say "0001-01-01T00:00:00Z" or "" for never. */
export function when(value: string | null | undefined): string {
  if (!value) return "-";
  const at = Date.parse(value);
  if (Number.isNaN(at) || at <= 0) return "-";
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function jobColumns(context: CommandContext): Column<SynchronizationJob>[] {
  return [
    { header: "JOB ID", value: (job) => job.id ?? "" },
    { header: "TEMPLATE", value: (job) => job.templateId ?? "" },
    { header: "STATUS", value: statusText, style: (text) => styleStatus(context, text) },
    { header: "SCHEDULE", value: (job) => job.schedule?.state ?? "-" },
    { header: "LAST EXECUTION", value: (job) => when(job.status?.lastExecution?.timeBegan) },
    { header: "RESULT", value: (job) => job.status?.lastExecution?.state ?? "-" },
  ];
}

export { quote };
