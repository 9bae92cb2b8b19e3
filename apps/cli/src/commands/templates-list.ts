import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";
import type { SynchronizationTemplate } from "../setup/graph-types.js";
import { runGraphCommand } from "./graph-command.js";
import { servicePrincipalOf } from "./shared.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const { output } = context;
  await runGraphCommand(context, {
    subject: { servicePrincipalId },
    what: `could not list the templates of service principal ${servicePrincipalId}`,
    call: (client, subject, signal) => client.listTemplates(subject.servicePrincipalId, signal),
    print(templates: SynchronizationTemplate[]) {
      if (output.json) return output.printJson(templates);
      if (templates.length === 0) {
        output.info(`service principal ${servicePrincipalId} has no synchronization templates`);
        return;
      }
      if (output.quiet) {
        for (const template of templates) output.print(template.id ?? "");
        return;
      }
      output.table(
        [
          { header: "TEMPLATE ID", value: (t: SynchronizationTemplate) => t.id ?? "" },
          { header: "FACTORY TAG", value: (t) => t.factoryTag ?? "-" },
          { header: "DEFAULT", value: (t) => (t.default ? "yes" : "no") },
          { header: "DESCRIPTION", value: (t) => t.description ?? "" },
        ],
        templates,
      );
    },
  });
}
