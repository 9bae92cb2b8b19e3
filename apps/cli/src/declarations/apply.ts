import { defineCommand } from "../command-spec.js";

export const apply = defineCommand({
  name: "apply",
  description: "Set jobs up from a setup file (YAML or JSON): plan, then with --yes apply only the differences.",
  graph: true,
  positionals: [{ name: "setup-file", description: "A setup.yaml or setup.json (- reads YAML from stdin)." }],
  options: {
    yes: { type: "boolean", description: "Apply the plan (without it, only the plan is printed)." },
    "backup-dir": {
      type: "string",
      description: "Where to save each job's schema before replacing it (default: the current directory).",
      valueHint: "dir",
    },
    resend: {
      type: "boolean",
      description: "Send the secrets even when the saved ones validate (after a rotation).",
    },
  },
  conflicts: [
    { options: ["yes", "dry-run"], hint: "without --yes apply only reads and prints the plan: that is the dry run." },
  ],
  load: () => import("../commands/apply.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["apply.apply"]),
});
