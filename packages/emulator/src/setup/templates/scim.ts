/** A non-gallery SCIM 2.0 application (template `scim`): Entra ID users and groups provisioned out to it. */
import type { SynchronizationSchema } from "@graphsync/types";
import { directory, object, rule, scope } from "../build.js";
import { ENTRA_DIRECTORY, entraDirectory } from "./entra.js";

const SCIM = "customappsso";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

const scimUser = object(USER, [
  "id!anchor,ro",
  "userName!required",
  "active:Boolean",
  "displayName",
  "title",
  'emails[type eq "work"].value',
  "preferredLanguage",
  "name.givenName",
  "name.familyName",
  "name.formatted",
  'addresses[type eq "work"].locality',
  'addresses[type eq "work"].country',
  'phoneNumbers[type eq "work"].value',
  'phoneNumbers[type eq "mobile"].value',
  "externalId",
  'roles[primary eq "True"].value',
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager:Reference!ref=${USER}`,
]);

const scimGroup = object(GROUP, [
  "id!anchor,ro",
  "displayName!required",
  "externalId",
  `members:Reference!multi,ref=${USER}`,
]);

export function scimSchema(): SynchronizationSchema {
  return {
    id: "scim",
    version: "Date:2026-08-20T00:00:00Z, SchemaVersion:1",
    directories: [entraDirectory("scim"), directory("scim", SCIM, [scimUser, scimGroup])],
    synchronizationRules: [
      rule("scim", {
        name: "USER_GROUP_OUTBOUND",
        source: ENTRA_DIRECTORY,
        target: SCIM,
        objectMappings: [
          {
            name: "Provision Microsoft Entra ID Users",
            source: "User",
            target: USER,
            scope: [
              scope("Enabled members", [
                ["accountEnabled", "IS TRUE"],
                ["userType", "NOT EQUALS", "Guest"],
              ]),
            ],
            mappings: [
              ["userName", "[userPrincipalName]", { match: 1 }],
              ["active", 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'],
              ["displayName", "[displayName]"],
              ["title", "[jobTitle]"],
              ['emails[type eq "work"].value', "[mail]"],
              ["preferredLanguage", "[preferredLanguage]"],
              ["name.givenName", "[givenName]"],
              ["name.familyName", "[surname]"],
              ["name.formatted", 'Join(" ", [givenName], [surname])'],
              ['addresses[type eq "work"].locality', "[city]"],
              ['addresses[type eq "work"].country', "[country]"],
              ['phoneNumbers[type eq "work"].value', "[telephoneNumber]"],
              ['phoneNumbers[type eq "mobile"].value', "[mobile]"],
              ["externalId", "[mailNickname]"],
              ['roles[primary eq "True"].value', "SingleAppRoleAssignment([appRoleAssignments])"],
              [`${ENTERPRISE}:employeeNumber`, "[employeeId]"],
              [`${ENTERPRISE}:department`, "[department]"],
              [`${ENTERPRISE}:manager`, "[manager]"],
            ],
          },
          {
            name: "Provision Microsoft Entra ID Groups",
            source: "Group",
            target: GROUP,
            mappings: [
              ["displayName", "[displayName]", { match: 1 }],
              ["externalId", "[objectId]"],
              ["members", "[members]"],
            ],
          },
        ],
      }),
    ],
  };
}
