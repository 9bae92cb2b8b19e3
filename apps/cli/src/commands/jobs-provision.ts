import type { SynchronizationJobSubject } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, listOption, type OptionValues, quote, stringOption } from "../core.js";
import { runJobCommand } from "./graph-command.js";

const OBJECT_TYPES = ["user", "User", "Worker", "Group"] as const;

/** `objectId[:type]`, the type defaulting to `user`. */
export function parseSubject(text: string): SynchronizationJobSubject {
  const colon = text.lastIndexOf(":");
  const objectId = (colon === -1 ? text : text.slice(0, colon)).trim();
  const type = colon === -1 ? "user" : text.slice(colon + 1).trim();
  if (objectId === "") {
    throw new CliError(ExitCode.usage, `--subject ${quote(text)} has no object id`, {
      hint: "write --subject <objectId>[:<type>].",
    });
  }
  // Exact spelling first (the API documents both user and User); otherwise the capitalised member.
  const canonical =
    OBJECT_TYPES.find((t) => t === type) ?? OBJECT_TYPES.slice(1).find((t) => t.toLowerCase() === type.toLowerCase());
  if (canonical === undefined) {
    throw new CliError(ExitCode.usage, `invalid object type ${quote(type)} in --subject ${quote(text)}`, {
      hint: `allowed types: ${OBJECT_TYPES.join(", ")} (default user).`,
    });
  }
  return { objectId, objectTypeName: canonical };
}

/** provisionOnDemand answers with JSON encoded in strings; show it decoded when it is. */
function decoded(text: string | null | undefined): unknown {
  if (typeof text !== "string") return text ?? null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const ruleId = stringOption(values, "rule") as string;
  const subjects = listOption(values, "subject").map(parseSubject);
  const parameters = [{ ruleId, subjects }];
  const { output } = context;
  await runJobCommand(context, values, {
    what: (jobId) => `could not provision on demand with job ${jobId}`,
    call: (client, { servicePrincipalId, jobId }, signal) =>
      client.provisionOnDemand(servicePrincipalId, jobId, parameters, signal),
    print(result, { servicePrincipalId, jobId }) {
      const key = decoded(result.key);
      const value = decoded(result.value);
      if (output.json) {
        output.printJson({ servicePrincipalId, jobId, ruleId, subjects, key, value });
        return;
      }
      if (output.quiet) return;
      const outcome = (key as { result?: string } | null)?.result;
      output.print(
        `${output.out.green("provisioned on demand")} ${subjects.length} subject(s) with rule ${ruleId}${outcome ? `: ${outcome}` : ""}`,
      );
      output.print(JSON.stringify({ key, value }, null, 2));
    },
  });
}
