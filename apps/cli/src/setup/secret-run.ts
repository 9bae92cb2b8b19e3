/** The secret inputs of a command line, read and registered for redaction; and how a list of them is shown. */
import type { CommandContext } from "../context.js";
import { listOption, type OptionValues, stringOption } from "../core.js";
import { textReader } from "./files.js";
import type { SecretPair } from "./graph-types.js";
import { collectSecrets, describeSource, type SecretEntry } from "./secret-inputs.js";

/** --set, --set-from-env and --from-file, checked; every value is registered so no output can show it. */
export async function secretsFromOptions(context: CommandContext, values: OptionValues): Promise<SecretEntry[]> {
  const entries = await collectSecrets(
    {
      set: listOption(values, "set"),
      setFromEnv: listOption(values, "set-from-env"),
      fromFile: stringOption(values, "from-file"),
    },
    { env: context.env, readText: textReader(context) },
  );
  registerValues(context, entries);
  return entries;
}

export function registerValues(context: CommandContext, entries: readonly SecretEntry[]): void {
  for (const entry of entries) context.secrets.add(entry.value);
}

/** "BaseAddress (from the command line), SecretToken (from env SCIM_TOKEN)": keys and sources, never values. */
export function keyList(entries: readonly SecretEntry[]): string {
  return entries.map((entry) => `${entry.key} ${describeSource(entry.source)}`).join(", ");
}

/** The body's pairs (the keys were checked against the enum when the entries were collected). */
export function pairsOf(entries: readonly SecretEntry[]): SecretPair[] {
  return entries.map(({ key, value }) => ({ key: key as SecretPair["key"], value }));
}
