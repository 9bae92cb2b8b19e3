/** API-driven inbound provisioning to Microsoft Entra ID (template `API2AAD`): SCIM users posted to bulkUpload. */
import type { SynchronizationSchema } from "@graphsync/types";
import { directory, object, rule, scope } from "../build.js";
import { ENTRA_DIRECTORY, entraDirectory } from "./entra.js";

const API = "API";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

const apiUser = object(USER, [
  "externalId!anchor,required",
  "userName",
  "active:Boolean",
  "displayName",
  "nickName",
  "title",
  "userType",
  "name.givenName",
  "name.familyName",
  'emails[type eq "work"].value',
  'phoneNumbers[type eq "work"].value',
  'addresses[type eq "work"].locality',
  'addresses[type eq "work"].country',
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:costCenter`,
  `${ENTERPRISE}:division`,
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:organization`,
  `${ENTERPRISE}:manager:Reference!ref=${USER}`,
]);

export function api2aadSchema(): SynchronizationSchema {
  return {
    id: "API2AAD",
    version: "Date:2026-08-20T00:00:00Z, SchemaVersion:1",
    directories: [directory("API2AAD", API, [apiUser]), entraDirectory("API2AAD")],
    synchronizationRules: [
      rule("API2AAD", {
        name: "USER_INBOUND_USER",
        source: API,
        target: ENTRA_DIRECTORY,
        objectMappings: [
          {
            name: "Provision API urn:ietf:params:scim:schemas:core:2.0:User",
            source: USER,
            target: "User",
            flowTypes: "Add, Update",
            scope: [scope("Records with an employee id", [["externalId", "IS NOT NULL"]])],
            mappings: [
              ["employeeId", "[externalId]", { match: 1 }],
              ["accountEnabled", 'Switch([active], "False", "True", "True")'],
              ["givenName", "[name.givenName]"],
              ["surname", "[name.familyName]"],
              ["displayName", "[displayName]"],
              ["jobTitle", "[title]"],
              ["employeeType", "[userType]"],
              ["mail", '[emails[type eq "work"].value]'],
              ["telephoneNumber", '[phoneNumbers[type eq "work"].value]'],
              ["city", '[addresses[type eq "work"].locality]'],
              ["usageLocation", '[addresses[type eq "work"].country]'],
              ["department", `[${ENTERPRISE}:department]`],
              ["companyName", `[${ENTERPRISE}:organization]`],
              ["manager", `[${ENTERPRISE}:manager]`],
              [
                "userPrincipalName",
                'Join("@", NormalizeDiacritics(StripSpaces(Join(".", [name.givenName], [name.familyName]))), "contoso.com")',
                { flowType: "ObjectAddOnly" },
              ],
              [
                "mailNickname",
                'NormalizeDiacritics(StripSpaces(Join(".", [name.givenName], [name.familyName])))',
                { flowType: "ObjectAddOnly" },
              ],
            ],
          },
        ],
      }),
    ],
  };
}
