/**
 * The command tree (declared once: parsing, help and dispatch all read it), routing, and the top-level error
 * handler. Each command's implementation is imported only when that command runs, so --help never loads the client,
 * the emulator or @azure/identity. `runCli` returns the exit code; only bin.ts exits the process.
 */

import type { ArgsDef, CommandDef } from "citty";
import { defineCommand, renderUsage } from "citty";
import { refuseSecretsOnArgv } from "./argv-secrets.js";
import type { CommandContext, Runtime } from "./context.js";
import {
  CliError,
  COMMON_OPTIONS,
  colorEnabled,
  ExitCode,
  GRAPH_OPTIONS,
  JOB_OPTION,
  type OptionDefs,
  type OptionValues,
  Output,
  parseOptions,
  quote,
  SecretRegistry,
  SP_OPTION,
  stripAnsi,
  suggest,
  UsageError,
} from "./core.js";

export { systemClock } from "./core.js";

export interface CommandModule {
  run(context: CommandContext, values: OptionValues, positionals: readonly string[]): Promise<void>;
}

export interface CommandSpec {
  name: string;
  description: string;
  options?: OptionDefs;
  /** Graph commands also take the auth/cloud/emulator options. */
  graph?: boolean;
  examples?: readonly string[];
  notes?: readonly string[];
  children?: Readonly<Record<string, CommandSpec>>;
  load?: () => Promise<CommandModule>;
}

const EMULATOR_HINT = "Try any jobs command without an Azure account by adding --emulator.";

export const commandTree: CommandSpec = {
  name: "graphsync",
  description: "Start, inspect and manage Microsoft Graph synchronization (provisioning) jobs.",
  options: { version: { type: "boolean", alias: "v", description: "Print the version." } },
  examples: [
    "graphsync demo                                   # a real flow on an embedded emulator, no account needed",
    "graphsync jobs list --sp <servicePrincipalId>",
    "graphsync jobs start --sp <servicePrincipalId> --job <jobId> --wait",
    "graphsync jobs start --from jobs.csv --concurrency 8 --output json",
  ],
  notes: [
    "Exit codes: 0 success, 1 operation failed, 2 usage error, 3 authentication/authorization, 4 not found,",
    "5 throttled or timed out, 130 interrupted.",
  ],
  children: {
    jobs: {
      name: "jobs",
      description: "List, inspect, start, pause, restart and provision synchronization jobs.",
      examples: [
        "graphsync jobs list --sp 11111111-2222-3333-4444-555555555555",
        "graphsync jobs start --sp <spId> --job scim.e4bbf44533ea4eabb17027f3a92e92aa --wait --timeout 5m",
        "graphsync jobs list --emulator",
      ],
      notes: [EMULATOR_HINT],
      children: {
        list: {
          name: "list",
          description: "List the synchronization jobs of a service principal.",
          graph: true,
          options: { sp: SP_OPTION },
          examples: [
            "graphsync jobs list --sp 11111111-2222-3333-4444-555555555555",
            "graphsync jobs list --sp <spId> --output json | jq '.[].status.code'",
            "graphsync jobs list --sp <spId> --quiet          # job ids only, one per line",
            "graphsync jobs list --emulator",
          ],
          load: () => import("./commands/jobs-list.js"),
        },
        get: {
          name: "get",
          description: "Show one synchronization job: status, schedule, last execution, quarantine.",
          graph: true,
          options: { sp: SP_OPTION, job: JOB_OPTION },
          examples: [
            "graphsync jobs get --sp <spId> --job <jobId>",
            "graphsync jobs get --sp <spId> --job <jobId> --output json",
          ],
          load: () => import("./commands/jobs-get.js"),
        },
        start: {
          name: "start",
          description: "Start (resume) a Paused or Quarantine job; safe by default. Or many, with --from.",
          graph: true,
          options: {
            sp: SP_OPTION,
            job: JOB_OPTION,
            from: {
              type: "string",
              description:
                "Start many: a CSV (header servicePrincipalId,jobId), JSON array or NDJSON file, or - for stdin.",
              valueHint: "file|-",
            },
            concurrency: {
              type: "string",
              description: "With --from: how many jobs are handled at once, 1-64 (default 4).",
              valueHint: "n",
            },
            force: {
              type: "boolean",
              description: "Start even when the job is Active (Microsoft warns this can make the service stop it).",
            },
            wait: { type: "boolean", description: "After starting, follow the job until it runs or is quarantined." },
            timeout: {
              type: "string",
              description: "With --wait: give up after this long (exit 5), e.g. 30s, 10m, 1h (default 10m).",
              valueHint: "duration",
            },
          },
          examples: [
            "graphsync jobs start --sp <spId> --job <jobId>",
            "graphsync jobs start --sp <spId> --job <jobId> --wait --timeout 5m",
            "graphsync jobs start --sp <spId> --job <jobId> --dry-run     # print the requests, send nothing",
            "graphsync jobs start --from jobs.csv --concurrency 8 --output json > results.ndjson",
            "graphsync jobs list --sp <spId> -o json | jq -c '.[] | {servicePrincipalId: \"<spId>\", jobId: .id}' | graphsync jobs start --from -",
            "graphsync jobs start --emulator --job <jobId> --wait",
          ],
          notes: [
            "Safe start: the job is read first. Paused and Quarantine jobs are started (that is what start is for),",
            "a NotRun job too (its first run). An Active job is not started (exit 1) unless --force: Microsoft warns",
            "that repeated starts on a running job can make the service stop it. A NotConfigured job is not started",
            "either (exit 1; set up its provisioning first) unless --force. With --from, each record is handled the",
            "same way; malformed input stops the run with exit 2 (a file is checked completely before anything is sent).",
          ],
          load: () => import("./commands/jobs-start.js"),
        },
        pause: {
          name: "pause",
          description: "Pause a job; all progress is kept and a later start continues from there.",
          graph: true,
          options: { sp: SP_OPTION, job: JOB_OPTION },
          examples: ["graphsync jobs pause --sp <spId> --job <jobId>"],
          load: () => import("./commands/jobs-pause.js"),
        },
        restart: {
          name: "restart",
          description: "Restart a job: re-process everything, resetting what --reset-scope names.",
          graph: true,
          options: {
            sp: SP_OPTION,
            job: JOB_OPTION,
            "reset-scope": {
              type: "string",
              description:
                "Comma-separated: Watermark, Escrows, QuarantineState, Full, ForceDeletes (portal default when omitted).",
              valueHint: "scopes",
            },
          },
          examples: [
            "graphsync jobs restart --sp <spId> --job <jobId>",
            "graphsync jobs restart --sp <spId> --job <jobId> --reset-scope Watermark,Escrows,QuarantineState",
          ],
          load: () => import("./commands/jobs-restart.js"),
        },
        provision: {
          name: "provision",
          description: "Provision users or groups now (provisionOnDemand), with a synchronization rule.",
          graph: true,
          options: {
            sp: SP_OPTION,
            job: JOB_OPTION,
            rule: { type: "string", description: "Synchronization rule id.", valueHint: "ruleId", required: true },
            subject: {
              type: "string",
              description:
                "Object to provision, objectId[:type] (type user, User, Worker or Group; default user). Repeatable.",
              valueHint: "objectId[:type]",
              multiple: true,
              required: true,
            },
          },
          examples: [
            "graphsync jobs provision --sp <spId> --job <jobId> --rule <ruleId> --subject 8d1f…:user",
            "graphsync jobs provision --sp <spId> --job <jobId> --rule <ruleId> --subject <id>:Group --subject <id2>",
          ],
          notes: ["Microsoft rate-limits provisionOnDemand to 5 requests per 10 seconds; the client waits as told."],
          load: () => import("./commands/jobs-provision.js"),
        },
      },
    },
    emulator: {
      name: "emulator",
      description: "Run a local Microsoft Graph emulator with a demo tenant (for scripts and tests; Ctrl-C stops it).",
      options: {
        port: {
          type: "string",
          description: "Port to listen on (0 picks a free one).",
          valueHint: "port",
          default: "4010",
        },
        host: { type: "string", description: "Address to listen on.", valueHint: "address", default: "127.0.0.1" },
        state: {
          type: "string",
          description: "Keep the emulator's state in this JSON file across runs.",
          valueHint: "file",
        },
        tls: {
          type: "boolean",
          description: "Serve HTTPS with a generated test CA (written to a file; its path is printed).",
        },
        "ca-out": { type: "string", description: "With --tls: write the test CA (PEM) here.", valueHint: "file" },
        jwt: {
          type: "boolean",
          description:
            "Require real tokens from the emulator's token endpoint (app roles checked) instead of any bearer token.",
        },
      },
      examples: ["graphsync emulator --port 4010", "graphsync emulator --state ./emulator-state.json --tls"],
      load: () => import("./commands/emulator.js"),
    },
    demo: {
      name: "demo",
      description: "A real flow on an embedded emulator, no Azure account: list jobs, start a paused one, wait.",
      examples: ["graphsync demo", "graphsync demo --no-color | tee demo.txt"],
      load: () => import("./commands/demo.js"),
    },
  },
};

function optionsFor(spec: CommandSpec): OptionDefs {
  return { ...(spec.options ?? {}), ...(spec.graph ? GRAPH_OPTIONS : {}), ...COMMON_OPTIONS };
}

/** All options that take a value, anywhere in the tree: lets routing skip `--output json` before the command. */
function valueOptions(spec: CommandSpec, into = new Set<string>()): Set<string> {
  for (const [name, def] of Object.entries(optionsFor(spec))) {
    if (def.type === "string") {
      into.add(`--${name}`);
      if (def.alias) into.add(`-${def.alias}`);
    }
  }
  for (const child of Object.values(spec.children ?? {})) valueOptions(child, into);
  return into;
}

export interface Route {
  spec: CommandSpec;
  path: string[];
  rest: string[];
}

export function route(argv: readonly string[], tree: CommandSpec = commandTree): Route {
  const takesValue = valueOptions(tree);
  let spec = tree;
  const path: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (token.startsWith("-") && token !== "-") {
      rest.push(token);
      if (takesValue.has(token) && i + 1 < argv.length) rest.push(argv[++i] as string);
      continue;
    }
    const children = spec.children;
    if (children) {
      const child = children[token];
      if (child) {
        spec = child;
        path.push(token);
        continue;
      }
      const label = ["graphsync", ...path].join(" ");
      const names = Object.keys(children);
      const guess = suggest(token, names);
      throw new UsageError(`unknown command ${quote(token)} for '${label}'`, {
        hint: `${guess ? `did you mean '${label} ${guess}'? ` : ""}commands: ${names.join(", ")}. Run '${label} --help'.`,
      });
    }
    rest.push(token);
  }
  return { spec, path, rest };
}

function toCittyArgs(options: OptionDefs): ArgsDef {
  const args: ArgsDef = {};
  for (const [name, def] of Object.entries(options)) {
    if (def.hidden) continue;
    args[name] =
      def.type === "boolean"
        ? {
            type: "boolean",
            description: def.description,
            ...(def.alias ? { alias: def.alias } : {}),
            ...(def.default === true ? { default: true, negativeDescription: `Turn off --${name}.` } : {}),
          }
        : {
            type: "string",
            description: def.description,
            ...(def.alias ? { alias: def.alias } : {}),
            ...(def.valueHint ? { valueHint: def.valueHint } : {}),
            ...(typeof def.default === "string" ? { default: def.default } : {}),
            ...(def.required ? { required: true } : {}),
          };
  }
  return args;
}

function toCitty(spec: CommandSpec, version: string): CommandDef {
  return defineCommand({
    meta: { name: spec.name, description: spec.description, version },
    args: toCittyArgs(optionsFor(spec)),
    ...(spec.children
      ? {
          subCommands: Object.fromEntries(
            Object.entries(spec.children).map(([name, child]) => [
              name,
              defineCommand({ meta: { name, description: child.description } }),
            ]),
          ),
        }
      : {}),
  });
}

/** Help text: citty's generated usage (from the same declarations the parser uses), then examples and notes. */
export async function renderHelp(route: Pick<Route, "spec" | "path">, version: string): Promise<string> {
  const parentName = ["graphsync", ...route.path.slice(0, -1)].join(" ");
  const parent = route.path.length > 0 ? defineCommand({ meta: { name: parentName } }) : undefined;
  let text = await renderUsage(toCitty(route.spec, version), parent);
  if (route.spec.examples?.length) {
    text += `\n\nEXAMPLES\n\n${route.spec.examples.map((line) => `  ${line}`).join("\n")}`;
  }
  if (route.spec.notes?.length) text += `\n\n${route.spec.notes.join("\n")}`;
  // citty pads every column, the last one too.
  return `${text.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n")}\n`;
}

function labelOf(path: readonly string[]): string {
  return ["graphsync", ...path].join(" ");
}

function debugEnabled(runtime: Runtime, argv: readonly string[]): boolean {
  return argv.includes("--verbose") || runtime.env.GRAPHSYNC_DEBUG === "1";
}

/** Runs one invocation and returns its exit code. Never throws. */
export async function runCli(argv: readonly string[], runtime: Runtime): Promise<number> {
  const secrets = runtime.secrets ?? new SecretRegistry();
  secrets.add(runtime.env.GRAPHSYNC_TOKEN);
  secrets.add(runtime.env.AZURE_CLIENT_SECRET);
  secrets.add(runtime.env.AZURE_CLIENT_CERTIFICATE_PASSWORD);
  // Until the options are parsed, diagnostics use the conservative defaults.
  let output = new Output({
    stdout: runtime.stdout,
    stderr: runtime.stderr,
    format: "table",
    quiet: false,
    color: !argv.includes("--no-color"),
    env: runtime.env,
    secrets,
  });
  let context: CommandContext | undefined;
  try {
    refuseSecretsOnArgv(argv);
    const found = route(argv);
    const label = labelOf(found.path);
    const needsCommand = () =>
      new UsageError(`'${label}' needs a command`, {
        hint: `commands: ${Object.keys(found.spec.children ?? {}).join(", ")}. Run '${label} --help'.`,
      });
    let parsed: ReturnType<typeof parseOptions>;
    try {
      parsed = parseOptions(found.rest, optionsFor(found.spec), label);
    } catch (error) {
      // "graphsync jobs --sp x": the missing command is the real mistake, not the option.
      throw found.spec.children && found.rest.length > 0 ? needsCommand() : error;
    }
    if (parsed.help || (found.spec.children && found.rest.length === 0)) {
      const help = await renderHelp(found, runtime.version);
      const color = colorEnabled(runtime.stdout, parsed.values["no-color"] !== true, runtime.env);
      output.print((color ? help : stripAnsi(help)).replace(/[ \t]+$/gm, "").trimEnd());
      return ExitCode.ok;
    }
    if (parsed.values.version === true) {
      output.print(runtime.version);
      return ExitCode.ok;
    }
    if (found.spec.children) throw needsCommand();
    if (parsed.positionals.length > 0) {
      throw new UsageError(`unexpected argument ${quote(parsed.positionals[0] as string)} for '${label}'`, {
        hint: `'${label}' takes only options. Run '${label} --help'.`,
      });
    }
    const { createCommandContext } = await import("./context.js");
    context = createCommandContext(runtime, parsed.values, secrets, label);
    output = context.output;
    const load = found.spec.load;
    if (!load) throw new Error(`command '${label}' has no implementation`);
    const module = await load();
    await module.run(context, parsed.values, parsed.positionals);
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, output, debugEnabled(runtime, argv));
  } finally {
    if (context) await context.close();
  }
}

function reportError(error: unknown, output: Output, debug: boolean): number {
  const style = output.err;
  if (error instanceof CliError) {
    if (error.exitCode === ExitCode.interrupted) {
      output.error(`${style.yellow("interrupted:")} ${error.message}`);
    } else {
      output.error(`${style.red("error:")} ${error.message}`);
    }
    for (const line of error.details) output.error(`  ${line}`);
    if (error.hint) output.error(`${style.dim("hint:")} ${error.hint}`);
    if (debug && error.cause instanceof Error && error.cause.stack) output.error(style.dim(error.cause.stack));
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  output.error(`${style.red("error:")} unexpected ${err.name}: ${err.message}`);
  if (debug) {
    if (err.stack) output.error(style.dim(err.stack));
  } else {
    output.error(
      `${style.dim("hint:")} this is a bug in graphsync. Rerun with --verbose (or GRAPHSYNC_DEBUG=1) for details and report it.`,
    );
  }
  return ExitCode.failed;
}
