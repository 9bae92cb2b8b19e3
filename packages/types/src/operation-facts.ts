/** What a client needs to know of one operation at run time, generated from the spec (its route: `ROUTES`). */
export interface OperationFacts {
  readonly operationId: string;
  /** `x-idempotent`: whether a request that may have reached the service can be sent again. */
  readonly idempotent: boolean;
  /** The 2xx statuses the spec declares. */
  readonly success: readonly number[];
}
