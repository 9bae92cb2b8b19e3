import type { CommandContext } from "../context.js";
import { ExitCode, type OptionValues } from "../core.js";
import { graphCall } from "../graph-call.js";
import { diffSchemas, hasDifferences, summary } from "../schema/diff.js";
import { readSchemaFile } from "../schema/file.js";
import { diffDocument, printDiff } from "../schema/print.js";
import { jobOf, servicePrincipalOf } from "./shared.js";

export async function run(
  context: CommandContext,
  values: OptionValues,
  positionals: readonly string[],
): Promise<number> {
  const path = positionals[0] as string;
  const desired = await readSchemaFile(context, path);
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const jobId = jobOf(values);
  const current = await graphCall(
    context,
    `could not read the schema of job ${jobId}`,
    { servicePrincipalId, jobId },
    (client, signal) => client.getSchema(servicePrincipalId, jobId, signal),
  );
  const diff = diffSchemas(current, desired);
  const { output } = context;
  if (output.json) output.printJson(diffDocument(diff));
  else if (hasDifferences(diff)) {
    output.info(`job ${jobId} (-) → ${path} (+):`);
    printDiff(output, diff);
  }
  output.info(hasDifferences(diff) ? `${summary(diff)}` : `no differences between job ${jobId}'s schema and ${path}`);
  return hasDifferences(diff) ? ExitCode.failed : ExitCode.ok;
}
