import type { CommandContext } from "../context.js";
import { CliError, ExitCode, type OptionValues } from "../core.js";
import { graphCall } from "../graph-call.js";
import { describeSource } from "../setup/secret-inputs.js";
import { keyList, pairsOf, secretsFromOptions } from "../setup/secret-run.js";
import { servicePrincipalOf } from "./shared.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const entries = await secretsFromOptions(context, values);
  if (entries.length === 0) {
    throw new CliError(ExitCode.usage, "no secrets given", {
      hint: "give --set KEY=value, --set-from-env KEY=ENV_NAME or --from-file <json>; 'graphsync secrets set --help' lists the keys.",
    });
  }
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const { output } = context;
  if (context.settings.dryRun) {
    // Not the recording transport: its request dump would carry the values. Keys and sources only.
    if (output.json) {
      const keys = entries.map((e) => ({ key: e.key, source: describeSource(e.source).slice(1, -1) }));
      output.printJson({ dryRun: true, servicePrincipalId, method: "PUT", keys });
      return;
    }
    output.info(output.err.yellow("dry run: nothing was sent. graphsync would save these secrets (values not shown):"));
    output.print(
      `PUT ${(await context.client()).baseUrl}/servicePrincipals/${servicePrincipalId}/synchronization/secrets`,
    );
    for (const entry of entries) output.print(`  ${entry.key} ${describeSource(entry.source)}`);
    return;
  }
  await graphCall(
    context,
    `could not save the secrets of service principal ${servicePrincipalId}`,
    { servicePrincipalId },
    (client, signal) => client.putSecrets(servicePrincipalId, pairsOf(entries), signal),
  );
  if (output.json) output.printJson({ servicePrincipalId, action: "secrets-saved", keys: entries.map((e) => e.key) });
  else if (!output.quiet)
    output.print(
      `${output.out.green("saved")} ${entries.length} secret(s) on service principal ${servicePrincipalId}: ${keyList(entries)}`,
    );
}
