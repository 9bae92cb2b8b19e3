/**
 * The error codes the emulator's entries carry, from Microsoft's provisioning-log error table ("How to analyze the
 * provisioning logs", its cross-tenant synchronization table and the provision-on-demand skip reasons).
 */
import type { ProvisioningErrorInfo } from "@graphsync/types";

export type EntryProblem = "updateRejected" | "duplicateTarget" | "outOfScope" | "redundant";

/** What an entry's problem looks like, for a job writing into `target` (an app's name, or Microsoft Entra ID). */
export function errorInfo(
  problem: EntryProblem,
  options: { inbound: boolean; who: string; target: string },
): ProvisioningErrorInfo {
  const { inbound, who, target } = options;
  switch (problem) {
    case "updateRejected":
      return inbound
        ? {
            errorCode: "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService",
            errorCategory: "nonServiceFailure",
            reason:
              `Failed to update User '${who}' in Microsoft Entra ID: the operation failed in Microsoft Graph because of ` +
              "Source of Authority enforcement. Properties: Mail, showInAddressList.",
            additionalDetails: null,
            recommendedAction:
              "Update the property where the object originated (for example Exchange), or remove it from the attribute mappings.",
          }
        : {
            errorCode: "SystemForCrossDomainIdentityManagementBadRequest",
            errorCategory: "nonServiceFailure",
            reason:
              `Failed to update User '${who}' in ${target}: the SCIM endpoint answered 400 Bad Request ` +
              "(the value of 'emails[type eq \"work\"].value' is not valid).",
            additionalDetails: "StatusCode: BadRequest",
            recommendedAction:
              "Correct the attribute value in the source or the attribute mapping; if the value is valid, ask the application's developer why the SCIM endpoint refuses it.",
          };
    case "duplicateTarget":
      return {
        errorCode: "DuplicateTargetEntries",
        errorCategory: "nonServiceFailure",
        reason: `The operation couldn't be completed because more than one User in ${target} was found with the configured matching attributes of '${who}'.`,
        additionalDetails: null,
        recommendedAction:
          "Remove the duplicate user from the target application, or reconfigure the matching attributes in the attribute mappings.",
      };
    case "outOfScope":
      return {
        errorCode: "NotEffectivelyEntitled",
        errorCategory: "nonServiceFailure",
        reason: `User '${who}' was skipped: it is not assigned to the application or does not pass the scoping filter.`,
        additionalDetails: "SkipReason: NotEffectivelyEntitled; IsActive: True; Assigned to the application: False",
        recommendedAction:
          "If you did not expect the object to be skipped, assign the object to the application or change the scoping filter.",
      };
    case "redundant":
      return {
        errorCode: "RedundantExport",
        errorCategory: "nonServiceFailure",
        reason: `The state of User '${who}' in both the source and target systems already match.`,
        additionalDetails: null,
        recommendedAction: null,
      };
  }
}
