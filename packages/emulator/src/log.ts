/** Log entries are built from safe fields only, never headers or bodies, so no secret can reach a log. */

export interface LogEntry {
  level: "info" | "warn" | "error";
  /** "request", "ready", "closed", "error", "persist-error", "client-error". */
  event: string;
  message: string;
  method?: string;
  url?: string;
  status?: number;
  operation?: string;
  requestId?: string;
  durationMs?: number;
  faults?: string[];
}

export type LogOption = "silent" | "stderr" | ((entry: LogEntry) => void);

export type Logger = (entry: LogEntry) => void;

/** One line per entry: `12:00:01.123 POST /v1.0/… 204 3ms startSynchronizationJob request-id=…`. */
export function formatLogLine(entry: LogEntry): string {
  const time = new Date().toISOString().slice(11, 23);
  if (entry.event === "request") {
    const faults = entry.faults?.length ? ` faults=${entry.faults.join(",")}` : "";
    return `${time} ${entry.method ?? ""} ${entry.url ?? ""} ${entry.status ?? 0} ${entry.durationMs ?? 0}ms ${entry.operation ?? "-"} request-id=${entry.requestId ?? "-"}${faults}`;
  }
  return `${time} ${entry.level} ${entry.message}`;
}

export function createLogger(option: LogOption): Logger {
  if (option === "silent") return () => {};
  if (option === "stderr") return (entry) => process.stderr.write(`${formatLogLine(entry)}\n`);
  return (entry) => {
    try {
      option(entry);
    } catch {
      // A throwing log function must not break request handling.
    }
  };
}
