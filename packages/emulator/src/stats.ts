/** What the emulator saw (request log, operation counts, contract checks), all bounded so a long run does not grow. */
import type { OperationId } from "./spec.js";

export interface RequestRecord {
  /** Emulator clock time, ISO 8601. */
  at: string;
  method: string;
  /** Path and query as received (capped at 500 characters). Never includes headers. */
  url: string;
  /** The spec operation, the authority endpoint, or undefined for an unknown route. */
  operation: string | undefined;
  /** 0 when the connection was dropped before an answer. */
  status: number;
  requestId: string;
  clientRequestId: string | undefined;
  durationMs: number;
  /** The fault rule ids that fired on this request. */
  faults: string[];
  /** "graph" or "authority" (token endpoint and discovery). */
  kind: "graph" | "authority";
}

export interface ContractViolation {
  at: string;
  operation: string | undefined;
  status: number;
  method: string;
  url: string;
  requestId: string;
  /** What did not match the spec. */
  problems: string[];
}

export class RequestLog {
  private entries: RequestRecord[] = [];
  private graphCount = 0;
  private authorityCount = 0;
  private readonly perOperation = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** Graph requests received (unknown routes, throttled and dropped ones included). */
  get count(): number {
    return this.graphCount;
  }

  /** Requests to the token endpoint and discovery documents. */
  get authorityRequests(): number {
    return this.authorityCount;
  }

  add(record: RequestRecord): void {
    if (record.kind === "graph") this.graphCount++;
    else this.authorityCount++;
    const key = record.operation ?? "(unknown route)";
    this.perOperation.set(key, (this.perOperation.get(key) ?? 0) + 1);
    this.entries.push(record);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** The most recent requests (at most `capacity`), oldest first. */
  list(): RequestRecord[] {
    return this.entries.map((entry) => ({ ...entry, faults: [...entry.faults] }));
  }

  /** Requests received per operation (authority endpoints by name; unknown routes as "(unknown route)"). */
  byOperation(): Record<string, number> {
    return Object.fromEntries(this.perOperation);
  }

  summary(): { graph: number; authority: number; byOperation: Record<string, number> } {
    return { graph: this.graphCount, authority: this.authorityCount, byOperation: this.byOperation() };
  }

  clear(): void {
    this.entries = [];
    this.graphCount = 0;
    this.authorityCount = 0;
    this.perOperation.clear();
  }
}

export class OperationCounts {
  private readonly counts = new Map<OperationId, number>();
  add(operation: OperationId): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }
  get(operation: OperationId): number {
    return this.counts.get(operation) ?? 0;
  }
  all(): Partial<Record<OperationId, number>> {
    return Object.fromEntries(this.counts);
  }
  clear(): void {
    this.counts.clear();
  }
}

export class ContractStats {
  /** Responses validated against the spec. */
  validated = 0;
  /** Violations found (all of them, even beyond the kept list). */
  violationCount = 0;
  private kept: ContractViolation[] = [];

  constructor(private readonly capacity = 100) {}

  record(violation: ContractViolation): void {
    this.violationCount++;
    if (this.kept.length < this.capacity) this.kept.push(violation);
  }

  /** The first violations (at most 100). */
  get violations(): ContractViolation[] {
    return this.kept.map((v) => ({ ...v, problems: [...v.problems] }));
  }

  summary(): { validated: number; violationCount: number; violations: ContractViolation[] } {
    return { validated: this.validated, violationCount: this.violationCount, violations: this.violations };
  }
}
