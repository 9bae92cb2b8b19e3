import { synchronizationJobRestartScopeValues } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, type OptionValues, quote, stringOption, suggest } from "../core.js";
import { runJobCommand } from "./graph-command.js";

/** Members the reference documents as "do not use". */
const DO_NOT_USE = new Set(["None", "ConnectorDataStore"]);
export const RESET_SCOPES: readonly string[] = synchronizationJobRestartScopeValues.filter((m) => !DO_NOT_USE.has(m));

/** Checks `--reset-scope` against the spec's enum before anything is sent; returns Graph's wire form. */
export function parseResetScope(text: string): string {
  const members = text.split(",").map((member) => member.trim());
  const seen: string[] = [];
  for (const member of members) {
    if (member === "") {
      throw new CliError(ExitCode.usage, `--reset-scope ${quote(text)} has an empty member`, {
        hint: `write members separated by commas, e.g. Watermark,Escrows. Allowed: ${RESET_SCOPES.join(", ")}.`,
      });
    }
    if (DO_NOT_USE.has(member)) {
      throw new CliError(
        ExitCode.usage,
        `--reset-scope member ${quote(member)} is documented by Microsoft as "do not use"`,
        {
          hint: `allowed: ${RESET_SCOPES.join(", ")}.`,
        },
      );
    }
    if (!RESET_SCOPES.includes(member)) {
      const guess = suggest(member, RESET_SCOPES);
      throw new CliError(ExitCode.usage, `invalid --reset-scope member ${quote(member)}`, {
        hint: `${guess ? `did you mean ${guess}? ` : ""}allowed (case-sensitive, comma-separated): ${RESET_SCOPES.join(", ")}.`,
      });
    }
    if (!seen.includes(member)) seen.push(member);
  }
  return seen.join(", ");
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const scopeText = stringOption(values, "reset-scope");
  const resetScope = scopeText === undefined ? undefined : parseResetScope(scopeText);
  const { output } = context;
  await runJobCommand(context, values, {
    what: (jobId) => `could not restart job ${jobId}`,
    call: (client, { servicePrincipalId, jobId }, signal) =>
      client.restartJob(servicePrincipalId, jobId, resetScope, signal),
    print(_, { servicePrincipalId, jobId }) {
      if (output.json) {
        output.printJson({ servicePrincipalId, jobId, action: "restarted", resetScope: resetScope ?? null });
      } else if (!output.quiet) {
        output.print(
          `${output.out.green("restarted")} job ${jobId}${resetScope ? ` (reset: ${resetScope})` : " (reset like the portal's Restart provisioning)"}`,
        );
      }
    },
  });
}
