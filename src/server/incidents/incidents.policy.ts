import type { MembershipRole } from '../accounts/roles.js';
import type { MobilityRelation } from '../mobilities/mobilities.policy.js';

export type IncidentRights = { report: boolean; readLog: boolean; mediate: boolean; close: boolean };

/**
 * What each relation to a mobility allows with its incidents. Everyone around the learner may report;
 * only the sending organisation's coaches and admins and the accompanying person on the spot follow the
 * mediation. A reporter always sees their own report and its status (checked in the service).
 */
export const incidentRightsByRelation = {
  manager: { report: true, readLog: true, mediate: true, close: true },
  reader: { report: true, readLog: false, mediate: false, close: false },
  coordinator: { report: false, readLog: false, mediate: false, close: false },
  participant: { report: true, readLog: false, mediate: false, close: false },
  guardian: { report: true, readLog: false, mediate: false, close: false },
  host_contact: { report: true, readLog: false, mediate: false, close: false },
  tutor: { report: true, readLog: false, mediate: false, close: false },
  host_family: { report: true, readLog: false, mediate: false, close: false },
  accompanying: { report: true, readLog: true, mediate: true, close: false },
} as const satisfies Record<MobilityRelation, IncidentRights>;

/** Who edits the organisation's on-call contact. */
export const onCallEditorRoles = ['org_admin'] as const satisfies readonly MembershipRole[];

/** A check-in signals trouble when a score is this low or lower, or when the learner asks to talk. */
export const lowCheckinScore = 2;
