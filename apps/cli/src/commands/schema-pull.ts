import type { CommandContext } from "../context.js";
import { type OptionValues, stringOption } from "../core.js";
import { canonicalize, canonicalText } from "../schema/canonical.js";
import { writeOutput } from "../setup/files.js";
import type { SynchronizationSchema } from "../setup/graph-types.js";
import { runJobCommand } from "./graph-command.js";

/** "2 rule(s), 3 object mapping(s), 41 attribute mapping(s)": what a schema holds. */
export function schemaCounts(schema: SynchronizationSchema): string {
  const rules = Array.isArray(schema.synchronizationRules)
    ? (schema.synchronizationRules as Record<string, unknown>[])
    : [];
  const mappings = rules.flatMap((rule) =>
    Array.isArray(rule.objectMappings) ? (rule.objectMappings as Record<string, unknown>[]) : [],
  );
  const attributes = mappings.flatMap((m) => (Array.isArray(m.attributeMappings) ? m.attributeMappings : []));
  return `${rules.length} rule(s), ${mappings.length} object mapping(s), ${attributes.length} attribute mapping(s)`;
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const out = stringOption(values, "out");
  const { output } = context;
  await runJobCommand(context, values, {
    what: (jobId) => `could not read the schema of job ${jobId}`,
    call: (client, { servicePrincipalId, jobId }, signal) => client.getSchema(servicePrincipalId, jobId, signal),
    async print(schema, { jobId }) {
      const text = canonicalText(schema);
      if (out === undefined) {
        // The canonical text is the result of a table run too: it is meant for a file or a pipe.
        if (output.format === "table") output.print(text.trimEnd());
        else output.printJson(canonicalize(schema));
        return;
      }
      await writeOutput(out, text, { overwrite: true });
      output.info(`wrote the schema of job ${jobId} to ${out} (${schemaCounts(schema)})`);
    },
  });
}
