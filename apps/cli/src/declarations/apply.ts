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
  examples: [
    "graphsync apply setup.yaml           # the plan: what would change",
    "graphsync apply setup.yaml --yes     # apply it; a second run changes nothing",
    "graphsync apply setup.yaml --yes --resend   # after rotating a secret",
  ],
  notes: [
    "A setup file lists service principals, each with the job's template and, optionally, its secrets, schema file and",
    "whether it should run:",
    "",
    "  servicePrincipals:",
    "    - id: 11111111-2222-3333-4444-555555555555   # object id (or appId)",
    "      tenant: contoso.onmicrosoft.com           # optional: sign in to this tenant for it",
    "      template: scim                            # the job's template id",
    "      job: scim.0123…                           # optional: the job, when several share the template",
    "      secrets:                                  # env:NAME or file:path; a value inline only for keys",
    "        BaseAddress: https://scim.example.com/scim  #   that carry no secret",
    "        SecretToken: env:SCIM_TOKEN",
    "      schema: schema.json                       # optional, relative to the setup file ('schema pull' writes one)",
    "      run: true                                 # optional: true starts the job, false pauses it",
    "",
    "Order per job: create the job, check the credentials, save the secrets, replace the schema (after a backup), start.",
    "Secrets cannot be read back, so they are sent only for a new job, when the saved credentials no longer validate,",
    "or with --resend; graphsync keeps no copy or fingerprint of them.",
    "Exit codes: 0 applied, or nothing to change; 1 changes planned but not applied (no --yes), or a step failed (the",
    "error says which, what was done, and that running apply again continues); 2 the file is wrong (nothing sent).",
  ],
  load: () => import("../commands/apply.js"),
});
