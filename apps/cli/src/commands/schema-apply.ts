import type { CommandContext } from "../context.js";
import { booleanOption, ExitCode, type OptionValues, stringOption } from "../core.js";
import { backupPath, readSchema, replaceSchema } from "../schema/apply-schema.js";
import { diffSchemas, hasDifferences, summary } from "../schema/diff.js";
import { readSchemaFile } from "../schema/file.js";
import { diffDocument, printDiff } from "../schema/print.js";
import { jobOf, printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

const RESTART = "the service restarts the job with an initial cycle: every object in scope is evaluated again";

export async function run(
  context: CommandContext,
  values: OptionValues,
  positionals: readonly string[],
): Promise<number> {
  const path = positionals[0] as string;
  const desired = await readSchemaFile(context, path);
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const target = { servicePrincipalId, jobId: jobOf(values) };
  const { output } = context;
  const handle = await context.client();
  if (handle.dryRun) {
    await recordPlannedCalls([() => readSchema(context, target)]);
    printDryRun(context, handle, "without --yes, schema apply only reads the job's schema and shows the differences");
    return ExitCode.ok;
  }
  const current = await readSchema(context, target);
  const diff = diffSchemas(current, desired);
  if (!hasDifferences(diff)) {
    if (output.json) output.printJson({ ...(diffDocument(diff) as object), applied: false });
    else output.info(`no differences: job ${target.jobId}'s schema already matches ${path}; nothing sent`);
    return ExitCode.ok;
  }
  if (!output.json) {
    output.info(`job ${target.jobId} (-) → ${path} (+):`);
    printDiff(output, diff);
  }
  if (!booleanOption(values, "yes")) {
    if (output.json) output.printJson({ ...(diffDocument(diff) as object), applied: false });
    output.info(
      `${summary(diff)}. Not applied: ${RESTART}. Rerun with --yes to apply (the current schema is backed up first).`,
    );
    return ExitCode.failed;
  }
  const backup = stringOption(values, "backup") ?? backupPath(target.jobId, context.clock.now());
  await replaceSchema(context, { target, current, desired, backup });
  if (output.json) output.printJson({ ...(diffDocument(diff) as object), applied: true, backup });
  else if (!output.quiet)
    output.print(
      `${output.out.green("applied")} ${path} to job ${target.jobId} (${summary(diff)}); read back and verified. ${RESTART[0]?.toUpperCase()}${RESTART.slice(1)}.`,
    );
  return ExitCode.ok;
}
