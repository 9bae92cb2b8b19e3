/**
 * Bulk start's results: one line (or NDJSON object) per record as soon as it is known, counters for the summary, and
 * the run's exit code from those counters. Only counters are kept, so memory stays flat however many records.
 */
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, formatDuration } from "../core.js";

/**
 * `already-running`: with --skip-running, an Active job (done, exit 0). `interrupted`: Ctrl-C arrived while this
 * record was in flight (its message says whether start may have been sent).
 */
export type ItemOutcome = "started" | "already-running" | "refused" | "failed" | "interrupted";

export interface ItemResult {
  type: "result";
  line: number;
  /** The record's position in the input: unique, where `line` repeats for records on one line. */
  record: number;
  servicePrincipalId: string;
  jobId: string;
  outcome: ItemOutcome;
  previousStatus: string | null;
  /** For refused and failed items: why; for a start confirmed by reading the job back, that. */
  message?: string;
  /** True when the start's answer was lost and reading the job back showed it running. */
  confirmedByReading?: boolean;
  exitCode?: number;
  requestId?: string;
}

export interface Summary {
  type: "summary";
  total: number;
  started: number;
  alreadyRunning: number;
  refused: number;
  failed: number;
  interrupted: number;
  /** Of `started`: those whose answer was lost, confirmed by reading the job back. */
  confirmedByReading: number;
  elapsedMs: number;
  /** True when Ctrl-C or an input error stopped the run before the end of the input. */
  stopped: boolean;
}

const SUMMARY_KEY = {
  started: "started",
  "already-running": "alreadyRunning",
  refused: "refused",
  failed: "failed",
  interrupted: "interrupted",
} as const satisfies Record<ItemOutcome, keyof Summary>;

export class BulkResults {
  readonly summary: Summary = {
    type: "summary",
    total: 0,
    started: 0,
    alreadyRunning: 0,
    refused: 0,
    failed: 0,
    interrupted: 0,
    confirmedByReading: 0,
    elapsedMs: 0,
    stopped: false,
  };
  /** The first record that failed authentication: every later one would fail the same way. */
  authFailure: ItemResult | undefined;
  readonly #context: CommandContext;
  readonly #onAuthFailure: () => void;

  constructor(context: CommandContext, onAuthFailure: () => void) {
    this.#context = context;
    this.#onAuthFailure = onAuthFailure;
  }

  report(result: ItemResult): void {
    if (result.exitCode === ExitCode.auth && !this.authFailure) {
      this.authFailure = result;
      this.#onAuthFailure();
    }
    const { summary } = this;
    summary.total++;
    summary[SUMMARY_KEY[result.outcome]]++;
    if (result.confirmedByReading) summary.confirmedByReading++;
    const { output } = this.#context;
    if (output.json) {
      output.printJsonLine(result);
      return;
    }
    const done = result.outcome === "started" || result.outcome === "already-running";
    if (output.quiet && done) return;
    const style = output.out;
    const mark = {
      started: style.green("started"),
      "already-running": style.green("already-running"),
      refused: style.yellow("refused"),
      failed: style.red("failed "),
      interrupted: style.red("interrupted"),
    }[result.outcome];
    const was = `was ${result.previousStatus ?? "unknown"}`;
    const detail =
      result.outcome === "started"
        ? `${was}${result.confirmedByReading ? `; ${result.message}` : ""}`
        : result.outcome === "already-running"
          ? "Active: left alone (--skip-running)"
          : (result.message ?? "");
    output.print(`line ${result.line}  ${mark}  ${result.servicePrincipalId}  ${result.jobId}  ${detail}`);
  }

  printSummary(): void {
    const { output } = this.#context;
    const { summary } = this;
    if (output.json) {
      output.printJsonLine(summary);
      return;
    }
    const s = output.err;
    const count = (n: number, label: string, paint: (text: string) => string) =>
      n ? paint(`${n} ${label}`) : `${n} ${label}`;
    const parts = [
      s.green(`${summary.started} started`) +
        (summary.confirmedByReading ? ` (${summary.confirmedByReading} confirmed by reading the job)` : ""),
      ...(summary.alreadyRunning ? [s.green(`${summary.alreadyRunning} already running`)] : []),
      count(summary.refused, "refused", s.yellow),
      count(summary.failed, "failed", s.red),
      ...(summary.interrupted ? [s.red(`${summary.interrupted} interrupted`)] : []),
    ];
    output.info(
      `${summary.stopped ? "stopped" : "done"}: ${parts.join(", ")} of ${summary.total} in ${formatDuration(summary.elapsedMs)}`,
    );
  }

  /** The run's outcome as an error (nothing when every record started or was already running). */
  finalError(aborted: boolean, inputError: unknown): CliError | unknown {
    const { summary } = this;
    if (aborted) {
      return new CliError(ExitCode.interrupted, `stopped after ${summary.total} record(s)`, {
        hint: "each record read so far is reported above; the records after them were not read and not started.",
      });
    }
    if (this.authFailure) {
      return new CliError(
        ExitCode.auth,
        `stopped after ${summary.total} record(s): line ${this.authFailure.line} failed authentication: ${this.authFailure.message ?? ""}`,
        {
          hint: "every later record would fail the same way, so none was read or started; fix the credential or the permissions, then rerun (started jobs are left alone unless --force).",
        },
      );
    }
    if (inputError) {
      if (inputError instanceof CliError && summary.total > 0) {
        return new CliError(
          ExitCode.usage,
          `${inputError.message} (the ${summary.total} record(s) before it were handled; nothing after it was started)`,
          { hint: inputError.hint },
        );
      }
      return inputError;
    }
    if (summary.refused + summary.failed > 0) {
      return new CliError(
        ExitCode.failed,
        `${summary.refused + summary.failed} of ${summary.total} job(s) not started`,
        {
          hint:
            summary.refused > 0
              ? "each refused record says why above; --force starts an Active job anyway, --skip-running counts it as done (see 'graphsync jobs start --help')."
              : "each failed record says why above; rerunning the same input with --skip-running starts only the jobs that are not running yet.",
        },
      );
    }
    return undefined;
  }
}
