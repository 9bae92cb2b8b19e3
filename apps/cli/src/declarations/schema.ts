/** The `schema` group: a job's attribute mappings as a file: pull, diff, apply, check an expression. */
import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

const IDS = { sp: SP_OPTION, "sp-name": SP_NAME_OPTION, job: JOB_OPTION } as const;
const FILE = { name: "file", description: "A schema file, as 'graphsync schema pull' writes it (- reads stdin)." };

const pull = defineCommand({
  name: "pull",
  description: "Write a job's schema as stable, sorted, diffable JSON.",
  graph: true,
  options: {
    ...IDS,
    out: { type: "string", description: "Write to this file (default: stdout).", valueHint: "file" },
  },
  conflicts: [SP_CONFLICT],
  load: () => import("../commands/schema-pull.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["schema.pull"]),
});

const diff = defineCommand({
  name: "diff",
  description: "Compare a schema file with a job's schema (exit 0 no difference, 1 differences).",
  graph: true,
  options: IDS,
  positionals: [FILE],
  conflicts: [SP_CONFLICT],
  load: () => import("../commands/schema-diff.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["schema.diff"]),
});

const apply = defineCommand({
  name: "apply",
  description: "Replace a job's schema with a file (PUT of the whole document), after a backup.",
  graph: true,
  options: {
    ...IDS,
    yes: { type: "boolean", description: "Apply: the job restarts with an initial cycle." },
    backup: {
      type: "string",
      description: "Where to save the current schema first (default: ./<jobId>.schema-backup-<UTC time>.json).",
      valueHint: "file",
    },
  },
  positionals: [FILE],
  conflicts: [
    SP_CONFLICT,
    { options: ["yes", "dry-run"], hint: "without --yes nothing is changed: that is the dry run." },
  ],
  load: () => import("../commands/schema-apply.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["schema.apply"]),
});

const checkExpression = defineCommand({
  name: "check-expression",
  description: "Parse an attribute-mapping expression with the service (parseExpression).",
  graph: true,
  options: {
    ...IDS,
    input: {
      type: "string",
      multiple: true,
      description: "name=value: a source attribute's value to evaluate the expression with. Repeatable.",
      valueHint: "name=value",
    },
  },
  positionals: [{ name: "expression", description: "e.g. 'Join(\" \", [givenName], [surname])'." }],
  conflicts: [SP_CONFLICT],
  load: () => import("../commands/schema-check-expression.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["schema.checkExpression"]),
});

export const schema = defineCommand({
  name: "schema",
  description: "A job's schema (attribute mappings) as code: pull, diff, apply, check expressions.",
  examples: [
    "graphsync schema pull --sp <spId> --job <jobId> --out schema.json",
    "graphsync schema diff --sp <spId> --job <jobId> schema.json",
    "graphsync schema apply --sp <spId> --job <jobId> schema.json --yes",
  ],
  children: { pull, diff, apply, "check-expression": checkExpression },
});
