/**
 * `buildJob`: a complete synchronizationJob payload, as Graph returns it, from the few fields a tenant or a test
 * cares about. Unset status fields get what the service sends for a job that never ran.
 */
import type {
  KeyValuePair,
  SynchronizationJob,
  SynchronizationSchedule,
  SynchronizationStatus,
  SynchronizationStatusCode,
} from "@graphsync/types";
import { uuidFrom } from "./random.js";
import { MAX_TIMESPAN, NEVER } from "./time.js";

export interface JobInput {
  /** Default: `<templateId>.<32 hex>`, derived from the template id. */
  id?: string;
  templateId: string;
  /** The status; `code` defaults to NotRun, every other field to the never-ran value. */
  status?: Partial<SynchronizationStatus> & { code?: SynchronizationStatusCode };
  /**
   * Default: state Paused for a Paused job, Disabled (with the max TimeSpan) for NotConfigured and NotRun,
   * else Active; interval PT40M.
   */
  schedule?: Partial<SynchronizationSchedule>;
  synchronizationJobSettings?: KeyValuePair[];
}

function scheduleFor(code: SynchronizationStatusCode, schedule: Partial<SynchronizationSchedule> = {}) {
  const state = code === "Paused" ? "Paused" : code === "NotConfigured" || code === "NotRun" ? "Disabled" : "Active";
  return {
    expiration: null,
    interval: state === "Disabled" ? MAX_TIMESPAN : "PT40M",
    state,
    ...schedule,
  } as SynchronizationSchedule;
}

export function buildJob(input: JobInput): SynchronizationJob {
  const code = input.status?.code ?? "NotRun";
  return {
    id: input.id ?? `${input.templateId}.${uuidFrom(`job/${input.templateId}`).replaceAll("-", "")}`,
    templateId: input.templateId,
    schedule: scheduleFor(code, input.schedule),
    status: {
      code,
      countSuccessiveCompleteFailures: 0,
      escrowsPruned: false,
      lastExecution: null,
      lastSuccessfulExecution: null,
      lastSuccessfulExecutionWithExports: null,
      progress: [],
      quarantine: null,
      steadyStateFirstAchievedTime: NEVER,
      steadyStateLastAchievedTime: NEVER,
      synchronizedEntryCountByType: [],
      troubleshootingUrl: null,
      ...input.status,
    },
    synchronizationJobSettings: input.synchronizationJobSettings ?? [],
  };
}
