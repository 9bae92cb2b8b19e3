/**
 * One invocation: refuse secrets on argv, route to a command, parse its options, print help or run it, report the
 * outcome. Each command's implementation is imported only when it runs, so --help never loads the client, the
 * emulator or @azure/identity. `runCli` returns the exit code; only bin.ts exits the process.
 */
import { refuseSecretsOnArgv } from "./argv-secrets.js";
import type { CommandSpec } from "./command-spec.js";
import type { CommandContext, Runtime } from "./context.js";
import { CliError, ExitCode, Output, parseOptions, quote, SecretRegistry } from "./core.js";
import { commandTree } from "./declarations/index.js";
import { renderHelp } from "./help.js";
import { reportError } from "./report.js";
import { labelOf, optionsFor, type Route, route, rulesFor } from "./route.js";

export type { CommandModule, CommandSpec } from "./command-spec.js";
export { printable, SecretRegistry, systemClock } from "./core.js";

function needsCommand(found: Route): CliError {
  const label = labelOf(found.path);
  return new CliError(ExitCode.usage, `'${label}' needs a command`, {
    hint: `commands: ${Object.keys(found.spec.children ?? {}).join(", ")}. Run '${label} --help'.`,
  });
}

/** Exactly the declared positional arguments (none for most commands). */
function checkPositionals(spec: CommandSpec, positionals: readonly string[], label: string): void {
  const declared = spec.positionals ?? [];
  const usage = declared.map((p) => ` <${p.name}>`).join("");
  const extra = positionals[declared.length];
  if (extra !== undefined) {
    throw new CliError(ExitCode.usage, `unexpected argument ${quote(extra)} for '${label}'`, {
      hint: `'${label}' takes ${declared.length === 0 ? "only options" : `${usage.trim()} and options`}. Run '${label} --help'.`,
    });
  }
  const missing = declared.slice(positionals.length);
  if (missing.length > 0) {
    throw new CliError(ExitCode.usage, `missing ${missing.map((p) => `<${p.name}>`).join(" ")} for '${label}'`, {
      hint: `write '${label}${usage} [options]'; <${missing[0]?.name}>: ${missing[0]?.description}`,
    });
  }
}

/** Whether argv asks for JSON, read before parsing: a usage error with -o json is reported as JSON too. */
function asksForJson(argv: readonly string[]): boolean {
  return argv.some(
    (arg, i) =>
      ((arg === "-o" || arg === "--output") && argv[i + 1] === "json") || arg === "--output=json" || arg === "-o=json",
  );
}

function diagnostics(runtime: Runtime, argv: readonly string[], secrets: SecretRegistry): Output {
  // Until the options are parsed, diagnostics use the conservative defaults.
  return new Output({
    stdout: runtime.stdout,
    stderr: runtime.stderr,
    format: asksForJson(argv) ? "json" : "table",
    quiet: false,
    color: !argv.includes("--no-color"),
    env: runtime.env,
    secrets,
  });
}

/** Runs one invocation and returns its exit code. Never throws. */
export async function runCli(argv: readonly string[], runtime: Runtime): Promise<number> {
  const secrets = runtime.secrets ?? new SecretRegistry();
  secrets.add(runtime.env.GRAPHSYNC_TOKEN);
  secrets.add(runtime.env.AZURE_CLIENT_SECRET);
  secrets.add(runtime.env.AZURE_CLIENT_CERTIFICATE_PASSWORD);
  let output = diagnostics(runtime, argv, secrets);
  let context: CommandContext | undefined;
  try {
    refuseSecretsOnArgv(argv);
    const found = route(argv, commandTree);
    const label = labelOf(found.path);
    let parsed: ReturnType<typeof parseOptions>;
    try {
      parsed = parseOptions(found.rest, optionsFor(found.spec), label, rulesFor(found.spec));
    } catch (error) {
      // "graphsync jobs --sp x": the missing command is the real mistake, not the option.
      throw found.spec.children && found.rest.length > 0 ? needsCommand(found) : error;
    }
    if (parsed.help || (found.spec.children && found.rest.length === 0)) {
      const spec = found.spec.help ? { ...found.spec, ...(await found.spec.help()) } : found.spec;
      output.print(renderHelp({ ...found, spec, version: runtime.version, style: output.out }).trimEnd());
      return ExitCode.ok;
    }
    if (parsed.values.version === true) {
      output.print(runtime.version);
      return ExitCode.ok;
    }
    if (found.spec.children) throw needsCommand(found);
    checkPositionals(found.spec, parsed.positionals, label);
    if (!found.spec.load) throw new Error(`command '${label}' has no implementation`);
    const queryText = typeof parsed.values.query === "string" ? parsed.values.query : undefined;
    const query = queryText === undefined ? undefined : await (await import("./query.js")).compileQuery(queryText);
    const [{ createCommandContext }, module] = await Promise.all([import("./context.js"), found.spec.load()]);
    context = createCommandContext({ runtime, values: parsed.values, secrets, label, query });
    output = context.output;
    const code = await module.run(context, parsed.values, parsed.positionals);
    return typeof code === "number" ? code : ExitCode.ok;
  } catch (error) {
    return reportError(error, output, argv.includes("--verbose") || runtime.env.GRAPHSYNC_DEBUG === "1");
  } finally {
    if (context) await context.close();
  }
}
