import { CliError, ExitCode } from "./core.js";

/**
 * Refuses secrets on the command line. argv is readable by every local user (`ps`, /proc/<pid>/cmdline) and lands in
 * shell history and CI logs, so graphsync takes secrets only from the environment or from a file. The check runs
 * before anything else and never echoes the value it refuses.
 */

/** Option names that may contain these words are file paths, not secrets. */
const ALLOWED_SECRET_WORD_OPTIONS = new Set(["client-secret-file", "certificate-file"]);
const SECRET_OPTION_WORDS = /secret|token|passw|pwd|api-?key|credential|bearer|certificate-password/i;
/** A JWT (an access token), or an Entra client secret (they contain `Q~` after a short prefix). */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/,
  /^[A-Za-z0-9_.-]{3,5}Q~[A-Za-z0-9_.~-]{30,}$/,
  /^bearer\s+\S+/i,
];

const WHERE = [
  "secrets on the command line are visible to other users (ps) and kept in shell history and CI logs.",
  "Use the environment instead: GRAPHSYNC_TOKEN for a raw access token, AZURE_CLIENT_SECRET (or --client-secret-file <path>)",
  "for a client secret, AZURE_CLIENT_CERTIFICATE_PATH (or --certificate-file <path>) and AZURE_CLIENT_CERTIFICATE_PASSWORD",
  "for a certificate. If the value was a real secret, treat it as exposed and rotate it.",
].join("\n  ");

export function refuseSecretsOnArgv(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === "--") break;
    if (token.startsWith("--")) {
      const name = token.slice(2).split("=", 1)[0] ?? "";
      if (!ALLOWED_SECRET_WORD_OPTIONS.has(name) && SECRET_OPTION_WORDS.test(name)) {
        throw new CliError(ExitCode.usage, `refusing --${name}: graphsync never takes a secret on the command line`, {
          hint: WHERE,
        });
      }
    }
    const value = token.includes("=") && token.startsWith("-") ? token.slice(token.indexOf("=") + 1) : token;
    if (SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value))) {
      throw new CliError(
        ExitCode.usage,
        `refusing argument ${i + 1}: it looks like an access token or a client secret`,
        {
          hint: WHERE,
        },
      );
    }
  }
}
