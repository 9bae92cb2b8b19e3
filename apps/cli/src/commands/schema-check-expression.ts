import type { CommandContext } from "../context.js";
import { CliError, ExitCode, type OptionValues } from "../core.js";
import type { Json } from "../schema/canonical.js";
import { sourceText } from "../schema/diff.js";
import { runJobCommand } from "./graph-command.js";

export async function run(
  context: CommandContext,
  values: OptionValues,
  positionals: readonly string[],
): Promise<void> {
  const expression = positionals[0] as string;
  const { output } = context;
  await runJobCommand(context, values, {
    what: (jobId) => `could not check the expression with job ${jobId}'s schema`,
    call: (client, { servicePrincipalId, jobId }, signal) =>
      client.parseExpression(servicePrincipalId, jobId, expression, signal),
    print(result) {
      if (output.json) output.printJson(result);
      if (!result.parsingSucceeded) {
        throw new CliError(
          ExitCode.failed,
          `the expression does not parse: ${result.error?.message ?? "the service gave no reason"}`,
          {
            details: result.error?.code ? [`code: ${result.error.code}`] : [],
            hint: "'graphsync schema check-expression --help'; Microsoft's reference lists the functions (Join, Switch, …).",
          },
        );
      }
      if (output.json) return;
      output.print(`${output.out.green("parses:")} ${sourceText(result.parsedExpression as Json | undefined)}`);
      if (result.parsedExpression) output.print(JSON.stringify(result.parsedExpression, null, 2));
      if (result.evaluationResult?.length) output.print(`evaluates to: ${result.evaluationResult.join(", ")}`);
    },
  });
}
