/**
 * @graphsync/types: the Microsoft Graph synchronization-job API as TypeScript types, generated from graphsync's
 * hand-written OpenAPI description (spec/openapi.yaml). `paths`, `components` and `operations` are what
 * openapi-fetch and similar tools consume; the friendly names below are what people write.
 */
import type { components, operations, paths } from "./generated/openapi.js";

export { SPEC_TITLE, SPEC_VERSION } from "./generated/meta.js";
// Job setup and schema (issue 18).
export {
  attributeFlowBehaviorValues,
  attributeFlowTypeValues,
  attributeMappingSourceTypeValues,
  attributeTypeValues,
  initiatorTypeValues,
  mutabilityValues,
  objectFlowTypesValues,
  provisioningActionValues,
  provisioningResultValues,
  provisioningStatusErrorCategoryValues,
  provisioningStepTypeValues,
  quarantineReasonValues,
  synchronizationJobRestartScopeValues,
  synchronizationScheduleStateValues,
  synchronizationSecretValues,
  synchronizationStatusCodeValues,
  synchronizationTaskExecutionResultValues,
} from "./generated/openapi.js";
export { secretBearingKeys } from "./secret-keys.js";
export type { components, operations, paths };

type Schemas = components["schemas"];

export type SynchronizationJob = Schemas["synchronizationJob"];
export type SynchronizationSchedule = Schemas["synchronizationSchedule"];
export type SynchronizationStatus = Schemas["synchronizationStatus"];
export type SynchronizationTaskExecution = Schemas["synchronizationTaskExecution"];
export type SynchronizationProgress = Schemas["synchronizationProgress"];
export type SynchronizationQuarantine = Schemas["synchronizationQuarantine"];
export type SynchronizationError = Schemas["synchronizationError"];
export type KeyValuePair = Schemas["keyValuePair"];
export type StringKeyStringValuePair = Schemas["stringKeyStringValuePair"];
export type StringKeyLongValuePair = Schemas["stringKeyLongValuePair"];
export type SynchronizationJobApplicationParameters = Schemas["synchronizationJobApplicationParameters"];
export type SynchronizationJobSubject = Schemas["synchronizationJobSubject"];
export type SynchronizationLinkedObjects = Schemas["synchronizationLinkedObjects"];
export type SynchronizationJobRestartCriteria = Schemas["synchronizationJobRestartCriteria"];

export type SynchronizationStatusCode = Schemas["synchronizationStatusCode"];
export type SynchronizationScheduleState = Schemas["synchronizationScheduleState"];
export type SynchronizationTaskExecutionResult = Schemas["synchronizationTaskExecutionResult"];
export type QuarantineReason = Schemas["quarantineReason"];
/** One member of the flags enum `synchronizationJobRestartScope`. */
export type SynchronizationJobRestartScope = Schemas["synchronizationJobRestartScope"];
/** A flags value on the wire: one member, or several separated by commas (`"Watermark, Escrows"`). */
export type SynchronizationJobRestartScopeFlags = Schemas["synchronizationJobRestartScopeFlags"];

/** The optional body of `start` (the founding document's `parameters`). */
export type StartSynchronizationJobBody = Schemas["startSynchronizationJobRequest"];
/** The body of start's `200 OK`, as the founding document shows it. `204` has none. */
export type StartSynchronizationJobResponse = Schemas["startSynchronizationJobResponse"];
export type RestartSynchronizationJobBody = Schemas["restartSynchronizationJobRequest"];
export type ProvisionOnDemandBody = Schemas["provisionOnDemandRequest"];
export type ProvisionOnDemandResponse = Schemas["stringKeyStringValuePair"];
export type SynchronizationJobCollection = Schemas["synchronizationJobCollectionResponse"];

/** One entry of the provisioning logs (`GET /auditLogs/provisioning`) and the types it holds. */
export type ProvisioningObjectSummary = Schemas["provisioningObjectSummary"];
export type ProvisioningObjectSummaryCollection = Schemas["provisioningObjectSummaryCollectionResponse"];
export type ProvisioningStatusInfo = Schemas["provisioningStatusInfo"];
export type ProvisioningErrorInfo = Schemas["provisioningErrorInfo"];
export type ProvisioningStep = Schemas["provisioningStep"];
export type ProvisionedIdentity = Schemas["provisionedIdentity"];
export type ProvisioningServicePrincipal = Schemas["provisioningServicePrincipal"];
export type ProvisioningSystem = Schemas["provisioningSystem"];
export type ModifiedProperty = Schemas["modifiedProperty"];
export type Initiator = Schemas["initiator"];
export type ProvisioningAction = Schemas["provisioningAction"];
export type ProvisioningResult = Schemas["provisioningResult"];
export type ProvisioningStatusErrorCategory = Schemas["provisioningStatusErrorCategory"];
export type ProvisioningStepType = Schemas["provisioningStepType"];
export type InitiatorType = Schemas["initiatorType"];

/** The body of bulkUpload (`application/scim+json`): a SCIM BulkRequest of 1 to 50 operations. */
export type ScimBulkRequest = Schemas["scimBulkRequest"];
/** One operation of a BulkRequest: `POST` of one SCIM user to `/Users`, with the client's `bulkId`. */
export type ScimBulkOperation = Schemas["scimBulkOperation"];
/** A SCIM user: core attributes, the enterprise extension and any custom extension under its URN. */
export type ScimUser = Schemas["scimUser"];
export type ScimName = Schemas["scimName"];
export type ScimMultiValued = Schemas["scimMultiValued"];
export type ScimAddress = Schemas["scimAddress"];
export type ScimEnterpriseUser = Schemas["scimEnterpriseUser"];
/** A directory user (`GET /users`), with the properties inbound provisioning's default mappings fill. */
export type User = Schemas["user"];
export type UserCollection = Schemas["userCollectionResponse"];
export type EmployeeOrgData = Schemas["employeeOrgData"];
export type DirectoryObject = Schemas["directoryObject"];
/** Job setup: templates, creation, credentials and secrets. */
export type SynchronizationTemplate = Schemas["synchronizationTemplate"];
export type SynchronizationTemplateCollection = Schemas["synchronizationTemplateCollectionResponse"];
export type SynchronizationMetadataEntry = Schemas["synchronizationMetadataEntry"];
export type CreateSynchronizationJobBody = Schemas["createSynchronizationJobRequest"];
export type ValidateCredentialsBody = Schemas["validateCredentialsRequest"];
export type SynchronizationSecretsBody = Schemas["synchronizationSecretsRequest"];
/** A key of the synchronization secrets (BaseAddress, SecretToken, …). */
export type SynchronizationSecret = Schemas["synchronizationSecret"];
export type SynchronizationSecretKeyStringValuePair = Schemas["synchronizationSecretKeyStringValuePair"];

/** A job's schema (attribute mappings) and what it holds. */
export type SynchronizationSchema = Schemas["synchronizationSchema"];
export type DirectoryDefinition = Schemas["directoryDefinition"];
export type ObjectDefinition = Schemas["objectDefinition"];
export type AttributeDefinition = Schemas["attributeDefinition"];
export type SynchronizationRule = Schemas["synchronizationRule"];
export type ObjectMapping = Schemas["objectMapping"];
export type AttributeMapping = Schemas["attributeMapping"];
export type AttributeMappingSource = Schemas["attributeMappingSource"];
export type AttributeMappingSourceType = Schemas["attributeMappingSourceType"];
export type AttributeType = Schemas["attributeType"];
export type Mutability = Schemas["mutability"];
export type AttributeFlowBehavior = Schemas["attributeFlowBehavior"];
export type AttributeFlowType = Schemas["attributeFlowType"];
/** One member of the flags enum `objectFlowTypes`; on the wire several are joined with commas. */
export type ObjectFlowTypes = Schemas["objectFlowTypes"];
export type ObjectFlowTypesFlags = Schemas["objectFlowTypesFlags"];
export type SynchronizationFilter = Schemas["filter"];
export type FilterGroup = Schemas["filterGroup"];
export type FilterClause = Schemas["filterClause"];
export type FilterOperand = Schemas["filterOperand"];
export type ParseExpressionBody = Schemas["parseExpressionRequest"];
export type ParseExpressionResponse = Schemas["parseExpressionResponse"];
export type ExpressionInputObject = Schemas["expressionInputObject"];
export type StringKeyObjectValuePair = Schemas["stringKeyObjectValuePair"];
export type PublicError = Schemas["publicError"];
export type AttributeMappingFunctionSchema = Schemas["attributeMappingFunctionSchema"];
export type AttributeMappingParameterSchema = Schemas["attributeMappingParameterSchema"];
export type FilterOperatorSchema = Schemas["filterOperatorSchema"];

/** The Graph error body: `{ error: { code, message, target?, details?, innerError? } }`. */
export type GraphErrorBody = Schemas["odataError"];
export type GraphMainError = Schemas["mainError"];
export type GraphErrorDetails = Schemas["errorDetails"];
export type GraphInnerError = Schemas["InnerError"];

/** The operationIds of the spec. */
export type OperationId = keyof operations;
