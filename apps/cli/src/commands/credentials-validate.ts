import type { CommandContext } from "../context.js";
import { booleanOption, CliError, ExitCode, type OptionValues, stringOption } from "../core.js";
import { graphCall } from "../graph-call.js";
import { rejectedCredentials } from "../setup/credential-errors.js";
import type { CredentialsRequest } from "../setup/graph-types.js";
import { keyList, pairsOf, secretsFromOptions } from "../setup/secret-run.js";
import { printDryRun, servicePrincipalOf } from "./shared.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const saved = booleanOption(values, "saved");
  const jobId = stringOption(values, "job");
  const templateId = stringOption(values, "template");
  const entries = saved ? [] : await secretsFromOptions(context, values);
  if (!saved && entries.length === 0) {
    throw new CliError(ExitCode.usage, "no credentials given", {
      hint: "give --set KEY=value, --set-from-env KEY=ENV_NAME or --from-file <json>, or --saved to check the saved ones.",
    });
  }
  if (jobId === undefined && templateId === undefined) {
    throw new CliError(ExitCode.usage, "say what the credentials are for: --job <jobId> or --template <templateId>");
  }
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const request: CredentialsRequest = saved
    ? { useSavedCredentials: true }
    : { ...(templateId ? { templateId } : {}), credentials: pairsOf(entries) };
  const what = saved ? "the saved credentials" : `the credentials (${keyList(entries)})`;
  const handle = await context.client();
  const call = () =>
    graphCall(context, `could not validate ${what}`, { servicePrincipalId, jobId }, (client, signal) =>
      client.validateCredentials(servicePrincipalId, jobId, request, signal),
    );
  if (handle.dryRun) {
    await call().catch(() => undefined);
    printDryRun(context, handle, "credential values are never shown");
    return;
  }
  try {
    await call();
  } catch (error) {
    // A 400 is the service's answer "these do not work": exit 1 with its reason, not a generic failure.
    const reason = rejectedCredentials(error);
    if (reason !== undefined) {
      throw new CliError(ExitCode.failed, `${what} are not valid: ${reason}`, {
        details: (error as CliError).details.slice(1),
        hint: saved
          ? "save working ones with 'graphsync secrets set'."
          : "fix them, then save them with 'graphsync secrets set'.",
        cause: (error as CliError).cause,
      });
    }
    throw error;
  }
  const { output } = context;
  if (output.json) output.printJson({ servicePrincipalId, jobId: jobId ?? null, valid: true });
  else if (!output.quiet) output.print(`${output.out.green("valid:")} the service accepted ${what}`);
}
