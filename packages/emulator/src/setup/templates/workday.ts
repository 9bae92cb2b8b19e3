/** Workday to Microsoft Entra ID user provisioning (template `Workday`): workers become cloud-only users. */
import type { SynchronizationSchema } from "@graphsync/types";
import { directory, object, rule, scope } from "../build.js";
import { ENTRA_DIRECTORY, entraDirectory } from "./entra.js";

const WORKDAY = "Workday";

const worker = object("User", [
  "WorkerID!anchor,required",
  "UserID",
  "FirstName",
  "LastName",
  "PreferredFirstName",
  "PreferredLastName",
  "JobTitle",
  "Department",
  "Company",
  "City",
  "CountryReferenceTwoLetter",
  "Email",
  "WorkerType",
  "Active:Boolean",
  "StatusHireDate:DateTime",
  "StatusTerminationDate:DateTime",
  "Manager:Reference!ref=User",
]);

export function workdaySchema(): SynchronizationSchema {
  return {
    id: "Workday",
    version: "Date:2026-08-20T00:00:00Z, SchemaVersion:1",
    directories: [directory("Workday", WORKDAY, [worker]), entraDirectory("Workday")],
    synchronizationRules: [
      rule("Workday", {
        name: "USER_INBOUND_USER",
        source: WORKDAY,
        target: ENTRA_DIRECTORY,
        objectMappings: [
          {
            name: "Synchronize Workday Worker to Microsoft Entra ID User",
            source: "User",
            target: "User",
            flowTypes: "Add, Update",
            scope: [
              scope("Employees and contingent workers", [
                ["WorkerType", "REGEX MATCH", "(Employee|Contingent_Worker)"],
              ]),
            ],
            mappings: [
              ["employeeId", "[WorkerID]", { match: 1 }],
              ["accountEnabled", 'Switch([Active], , "1", "True", "0", "False")'],
              ["givenName", "Coalesce([PreferredFirstName], [FirstName])"],
              ["surname", "Coalesce([PreferredLastName], [LastName])"],
              [
                "displayName",
                'Join(" ", Coalesce([PreferredFirstName], [FirstName]), Coalesce([PreferredLastName], [LastName]))',
              ],
              ["jobTitle", "[JobTitle]"],
              ["department", "[Department]"],
              ["companyName", "[Company]"],
              ["city", "[City]"],
              ["usageLocation", "[CountryReferenceTwoLetter]"],
              ["employeeType", "[WorkerType]"],
              ["manager", "[Manager]"],
              ["employeeHireDate", 'FormatDateTime([StatusHireDate], , "yyyy-MM-ddzzz", "yyyy-MM-ddTHH:mm:ssZ")'],
              [
                "userPrincipalName",
                'Join("@", NormalizeDiacritics(StripSpaces(ToLower(Join(".", [PreferredFirstName], [PreferredLastName])))), "contoso.com")',
                { flowType: "ObjectAddOnly" },
              ],
            ],
          },
        ],
      }),
    ],
  };
}
