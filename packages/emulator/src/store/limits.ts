/** provisionOnDemand: 5 requests per 10 seconds per job (reference §2). */
export const PROVISION_LIMIT = 5;
export const PROVISION_WINDOW_MS = 10_000;
