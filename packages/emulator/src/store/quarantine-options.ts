/** The control API's quarantine request, checked: bad input is an EmulatorOptionsError naming the field. */
import type { QuarantineReason, SynchronizationError } from "@graphsync/types";
import { quarantineReasonValues } from "@graphsync/types";
import { EmulatorOptionsError } from "../errors.js";
import { componentSchema } from "../spec.js";
import type { SpecValidator } from "../validate.js";

const DEFAULT_QUARANTINE_ERROR: SynchronizationError = {
  code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
  message: "Failed to validate the credentials of the target system.",
  tenantActionable: true,
};

export function quarantineOptions(
  options: { reason?: QuarantineReason; error?: SynchronizationError },
  validator: SpecValidator,
): { reason: QuarantineReason; error: SynchronizationError } {
  const reason = options.reason ?? "EncounteredQuarantineException";
  if (!(quarantineReasonValues as readonly string[]).includes(reason)) {
    throw new EmulatorOptionsError(
      "reason",
      `${JSON.stringify(reason)} is not allowed: use one of ${quarantineReasonValues.join(", ")}`,
    );
  }
  const error = options.error ?? DEFAULT_QUARANTINE_ERROR;
  const problems = validator.validate(componentSchema("synchronizationError"), error);
  if (problems[0]) throw new EmulatorOptionsError(`error.${problems[0].path}`.replace(/\.$/, ""), problems[0].message);
  return { reason, error };
}
