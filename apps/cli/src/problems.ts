/** Collecting every usage problem of a command line before reporting them together (one fix, not one per run). */
import { CliError, ExitCode } from "./errors.js";

export interface Problem {
  message: string;
  hint?: string | undefined;
}

export class Problems {
  readonly #list: Problem[] = [];

  /** Runs `check`; a usage error it throws is kept (and undefined returned), anything else is rethrown. */
  check<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== ExitCode.usage) throw error;
      this.#list.push({ message: error.message, hint: error.hint });
      return undefined;
    }
  }

  /** One problem is thrown as it is; several as one usage error listing each with its hint. */
  throwIfAny(): void {
    const [first] = this.#list;
    if (first === undefined) return;
    if (this.#list.length === 1) throw new CliError(ExitCode.usage, first.message, { hint: first.hint });
    throw new CliError(ExitCode.usage, `${this.#list.length} problems with the command line`, {
      details: this.#list.map((p) => `${p.message}${p.hint ? ` (${p.hint.replace(/\.$/, "")})` : ""}`),
    });
  }
}
