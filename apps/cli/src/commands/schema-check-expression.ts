import type { CommandContext } from "../context.js";
import { CliError, ExitCode, listOption, type OptionValues, quote } from "../core.js";
import type { Json } from "../schema/canonical.js";
import { sourceText } from "../schema/diff.js";
import { runJobCommand } from "./graph-command.js";

/** `--input name=value` pairs: attribute values the service evaluates the expression with. */
export function testInputOf(pairs: readonly string[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const bad = pairs.find((pair) => pair.indexOf("=") <= 0);
  if (bad !== undefined) {
    throw new CliError(ExitCode.usage, `--input ${quote(bad)} is not name=value`, {
      hint: "write --input givenName=Adele (an attribute of the source object and a value); repeatable.",
    });
  }
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
}

export async function run(
  context: CommandContext,
  values: OptionValues,
  positionals: readonly string[],
): Promise<void> {
  const expression = positionals[0] as string;
  const testInput = testInputOf(listOption(values, "input"));
  const { output } = context;
  await runJobCommand(context, values, {
    what: (jobId) => `could not check the expression with job ${jobId}'s schema`,
    call: (client, { servicePrincipalId, jobId }, signal) =>
      client.parseExpression(servicePrincipalId, jobId, expression, testInput, signal),
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
      if (testInput && result.evaluationSucceeded === false)
        output.print(output.out.yellow("could not evaluate it with --input"));
      if (result.evaluationResult?.length) output.print(`evaluates to: ${result.evaluationResult.join(", ")}`);
    },
  });
}
