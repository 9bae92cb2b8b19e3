import type { SynchronizationJobSubject } from "@graphsync/types";
import type { CommandContext } from "../context.js";
import { listOption, type OptionValues, quote, stringOption, UsageError } from "../core.js";
import { graphCall } from "../graph-call.js";
import { jobOf, printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

const OBJECT_TYPES = ["user", "User", "Worker", "Group"] as const;

/** `objectId[:type]`, the type defaulting to `user`. */
export function parseSubject(text: string): SynchronizationJobSubject {
  const colon = text.lastIndexOf(":");
  const objectId = (colon === -1 ? text : text.slice(0, colon)).trim();
  const type = colon === -1 ? "user" : text.slice(colon + 1).trim();
  if (objectId === "") {
    throw new UsageError(`--subject ${quote(text)} has no object id`, { hint: "write --subject <objectId>[:<type>]." });
  }
  // Exact spelling first (the API documents both user and User); otherwise the capitalised member.
  const canonical =
    OBJECT_TYPES.find((t) => t === type) ?? OBJECT_TYPES.slice(1).find((t) => t.toLowerCase() === type.toLowerCase());
  if (canonical === undefined) {
    throw new UsageError(`invalid object type ${quote(type)} in --subject ${quote(text)}`, {
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
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const jobId = jobOf(values);
  const parameters = [{ ruleId, subjects }];
  const provision = () =>
    graphCall(
      context,
      `could not provision on demand with job ${jobId}`,
      { servicePrincipalId, jobId },
      (client, signal) => client.provisionOnDemand(servicePrincipalId, jobId, parameters, signal),
    );
  const handle = await context.client();
  if (handle.dryRun) {
    await recordPlannedCalls([provision]);
    printDryRun(context, handle);
    return;
  }
  const result = await provision();
  const key = decoded(result.key);
  const value = decoded(result.value);
  const { output } = context;
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
}
