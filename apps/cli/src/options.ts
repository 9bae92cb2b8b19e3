/** The options every command shares. Declared once: the parser, the help and the README use these. */
import type { Conflict, OptionDefs } from "./args.js";
import { OUTPUT_FORMATS } from "./output.js";

/** The --auth modes, each an @azure/identity credential (see auth.ts). */
export const AUTH_MODES = [
  "default",
  "env",
  "azure-cli",
  "client-secret",
  "certificate",
  "managed-identity",
  "device-code",
] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const CLOUDS = ["global", "usgov", "usgovdod", "china"] as const;
export const API_VERSIONS = ["v1.0", "beta"] as const;

/** Output options: on every command. */
export const COMMON_OPTIONS = {
  output: {
    type: "string",
    alias: "o",
    description:
      "Result format: a table for people, JSON for scripts (NDJSON, one line per item, for bulk), tsv (values only, tab-separated, as az prints them), or none.",
    valueHint: OUTPUT_FORMATS.join("|"),
    choices: OUTPUT_FORMATS,
    default: "table",
  },
  query: {
    type: "string",
    description:
      "Filter the JSON result with a JMESPath expression, as az --query does, e.g. \"[?status.code=='Paused'].id\" (implies --output json unless tsv).",
    valueHint: "JMESPath",
  },
  quiet: { type: "boolean", alias: "q", description: "Print only results and errors (no progress or notes)." },
  color: {
    type: "boolean",
    default: true,
    description: "No colour. Colour is only ever used on a terminal, and never when NO_COLOR is set.",
  },
  verbose: {
    type: "boolean",
    description: "Show the HTTP exchange (tokens redacted) and, on a crash, the stack. Also GRAPHSYNC_DEBUG=1.",
  },
} as const satisfies OptionDefs;

/** Options of the commands that call Microsoft Graph. */
export const GRAPH_OPTIONS = {
  emulator: {
    type: "boolean",
    description: "Run against an embedded, in-process emulator with a demo tenant: no Azure account needed.",
  },
  "dry-run": {
    type: "boolean",
    description: "Print the exact request(s) (method, URL, headers with the token redacted, body) and send nothing.",
  },
  auth: {
    type: "string",
    description: "How to get an Entra token (default: GRAPHSYNC_TOKEN if set, else 'default').",
    valueHint: "mode",
    choices: AUTH_MODES,
  },
  tenant: { type: "string", description: "Entra tenant id (or AZURE_TENANT_ID).", valueHint: "tenantId" },
  "client-id": { type: "string", description: "App (client) id (or AZURE_CLIENT_ID).", valueHint: "appId" },
  "client-secret-file": {
    type: "string",
    description: "File holding the client secret for --auth client-secret (or AZURE_CLIENT_SECRET).",
    valueHint: "path",
  },
  "certificate-file": {
    type: "string",
    description: "PEM certificate with its key for --auth certificate (or AZURE_CLIENT_CERTIFICATE_PATH).",
    valueHint: "path",
  },
  cloud: {
    type: "string",
    description: "National cloud: Graph root and token authority.",
    valueHint: CLOUDS.join("|"),
    choices: CLOUDS,
    default: "global",
  },
  "api-version": {
    type: "string",
    description: "Graph API version (default v1.0; not with --base-url, which includes it).",
    valueHint: API_VERSIONS.join("|"),
    choices: API_VERSIONS,
  },
  "base-url": {
    type: "string",
    description: "Graph root URL including the version, e.g. http://127.0.0.1:4010/v1.0 (an emulator).",
    valueHint: "url",
  },
  "authority-host": {
    type: "string",
    description: "Token authority, e.g. the emulator's https://127.0.0.1:4010 (turns off instance discovery).",
    valueHint: "url",
  },
} as const satisfies OptionDefs;

/** Graph options that contradict each other. */
export const GRAPH_CONFLICTS: readonly Conflict[] = [
  {
    options: ["api-version", "base-url"],
    hint: "the base URL includes the version, e.g. --base-url http://127.0.0.1:4010/v1.0.",
  },
  {
    options: ["emulator", "base-url"],
    hint: "--emulator runs its own emulator; to use one that is already running, pass only --base-url.",
  },
];

export const SP_OPTION = {
  type: "string",
  description:
    "Service principal: its object id, or its appId (looked up when the object id is not found). Defaults to the demo one with --emulator.",
  valueHint: "servicePrincipalId|appId",
} as const;
export const SP_NAME_OPTION = {
  type: "string",
  description: "Service principal by display name, exact (case ignored); needs Application.Read.All.",
  valueHint: "name",
} as const;
/** --sp and --sp-name name the same thing. */
export const SP_CONFLICT = {
  options: ["sp", "sp-name"],
  hint: "name the service principal once: --sp <object id or appId>, or --sp-name <display name>.",
} as const;
export const JOB_OPTION = {
  type: "string",
  description: "Synchronization job id, e.g. scim.e4bbf44533ea4eabb17027f3a92e92aa.",
  valueHint: "jobId",
} as const;
