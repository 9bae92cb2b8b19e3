/** provisionOnDemand's answer: JSON encoded as strings; an object is created the first time, then skipped. */
import type { SynchronizationJobApplicationParameters } from "@graphsync/types";
import { GraphHttpError } from "../errors.js";

/** Object ids remembered per job: the oldest are forgotten beyond this. */
const PROVISIONED_CAP = 10_000;

export function firstSubject(parameters: SynchronizationJobApplicationParameters[]) {
  const subjects = parameters.flatMap((p) => p.subjects ?? []);
  const subject = subjects[0];
  if (!subject?.objectId) {
    throw GraphHttpError.badRequest(
      "parameters[0].subjects: at least one subject with an objectId is required.",
      "parameters[0].subjects",
    );
  }
  return { subject: { ...subject, objectId: subject.objectId }, subjects };
}

/** Remembers the subjects; true when the first one was provisioned before. */
export function remember(provisioned: string[], parameters: SynchronizationJobApplicationParameters[]): boolean {
  const { subject, subjects } = firstSubject(parameters);
  if (provisioned.includes(subject.objectId)) return true;
  for (const s of subjects) if (s.objectId && !provisioned.includes(s.objectId)) provisioned.push(s.objectId);
  if (provisioned.length > PROVISIONED_CAP) provisioned.splice(0, provisioned.length - PROVISIONED_CAP);
  return false;
}

export function provisionAnswer(options: {
  jobId: string;
  now: number;
  known: boolean;
  parameters: SynchronizationJobApplicationParameters[];
}): { key: string; value: string } {
  const { known, parameters } = options;
  const { subject } = firstSubject(parameters);
  const objectId = subject.objectId;
  const type = subject.objectTypeName ?? "User";
  const key = known
    ? {
        result: "Skipped",
        details: {
          errorCode: "RedundantExport",
          errorMessage: `The state of the ${type.toLowerCase()} in both the source and target systems already match.`,
        },
      }
    : { result: "Success", details: {} };
  const steps = [
    {
      name: "EntryImport",
      type: "Import",
      status: "Success",
      description: `Retrieved ${objectId} from the source system.`,
    },
    { name: "EntrySynchronizationScoping", type: "Scoping", status: "Success", description: `${type} is in scope.` },
    {
      name: "EntryExportUpdate",
      type: "Export",
      status: known ? "Skipped" : "Success",
      description: known ? "No changes to export." : `${type} was created in the target system.`,
    },
  ];
  const value = {
    action: known ? "Other" : "Create",
    provisioningSteps: steps,
    reportableIdentifier: objectId,
    ruleId: parameters[0]?.ruleId ?? null,
    objectTypeName: type,
    jobId: options.jobId,
    timestamp: new Date(options.now).toISOString(),
  };
  return { key: JSON.stringify(key), value: JSON.stringify(value) };
}
