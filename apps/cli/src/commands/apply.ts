import type { CommandContext } from "../context.js";
import { booleanOption, CliError, ExitCode, type OptionValues, stringOption } from "../core.js";
import { loadSetup } from "../setup/apply-load.js";
import { observe } from "../setup/apply-observe.js";
import { executePlans } from "../setup/apply-run.js";
import { changeCount, planLines, planTarget, type TargetPlan } from "../setup/plan.js";
import { tenantContexts } from "../setup/tenants.js";

function planDocument(plans: readonly TargetPlan[], applied: boolean, done: readonly string[] = []) {
  return {
    changes: changeCount(plans),
    applied,
    jobs: plans.map((plan) => ({
      where: plan.target.where,
      servicePrincipalId: plan.servicePrincipalId,
      tenant: plan.target.tenant ?? null,
      templateId: plan.target.templateId,
      jobId: plan.jobId ?? null,
      steps: plan.steps.map(({ kind, sign, text }) => ({ kind, sign, text })),
    })),
    done,
  };
}

export async function run(
  context: CommandContext,
  values: OptionValues,
  positionals: readonly string[],
): Promise<number> {
  const file = positionals[0] as string;
  if (context.settings.dryRun) {
    throw new CliError(ExitCode.usage, "apply takes no --dry-run", {
      hint: "without --yes, apply only reads and prints the plan.",
    });
  }
  const loaded = await loadSetup(context, file);
  const contextFor = tenantContexts(context);
  const resend = booleanOption(values, "resend");
  const plans: TargetPlan[] = [];
  for (const item of loaded) {
    const scoped = contextFor(item.target.tenant);
    const { servicePrincipalId, observation } = await observe(scoped, item, resend);
    plans.push(planTarget({ target: item.target, servicePrincipalId, observation, secrets: item.secrets, resend }));
  }
  const { output } = context;
  const changes = changeCount(plans);
  if (!output.json) for (const line of planLines(plans)) output.print(line);
  if (changes === 0) {
    if (output.json) output.printJson(planDocument(plans, false));
    output.info(`No changes: the ${plans.length} job(s) of ${file} are set up as it says.`);
    return ExitCode.ok;
  }
  if (!booleanOption(values, "yes")) {
    if (output.json) output.printJson(planDocument(plans, false));
    output.info(`Plan: ${changes} change(s). Nothing was changed: run 'graphsync apply ${file} --yes' to apply it.`);
    return ExitCode.failed;
  }
  const backupDir = stringOption(values, "backup-dir") ?? ".";
  const done = await executePlans({ contextFor, plans, loaded, file, backupDir });
  if (output.json) output.printJson(planDocument(plans, true, done));
  else if (!output.quiet) {
    output.print(output.out.green(`Applied ${changes} change(s):`));
    for (const line of done) output.print(`  ${line}`);
  }
  return ExitCode.ok;
}
