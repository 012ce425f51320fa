import ical from 'ical-generator';
import type { Database } from '../db/client.js';
import type { networkMeetings } from '../db/schema/index.js';
import type { Viewer } from '../accounts/viewer.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { columnsOf, managedSpace, spaceOfRecord, spacesOf } from './spaces.js';
import type { MeetingInput } from './meetings.schema.js';
import * as repository from './meetings.repository.js';

export type Meeting = typeof networkMeetings.$inferSelect;

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export async function visibleMeetings(db: Database, viewer: Viewer) {
  const spaces = await spacesOf(db, viewer);
  const rows = await repository.meetingsOfSpaces(
    db,
    spaces.map((space) => space.id),
    viewer.personId,
  );
  return {
    spaces,
    rows: rows.map((row) => ({ ...row, space: spaces.find((space) => space.id === (row.meeting.networkId ?? row.meeting.consortiumId))! })),
  };
}

export async function createMeeting(db: Database, actor: Actor, input: MeetingInput) {
  const space = await managedSpace(db, actor.viewer, input.space);
  const { space: _space, ...values } = input;
  return db.transaction(async (tx) => {
    const meeting = await repository.insertMeeting(tx, {
      ...columnsOf(space),
      ...values,
      createdById: actor.viewer.personId,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'meeting.created',
      entityType: 'meeting',
      entityId: meeting.id,
      requestId: actor.requestId,
      details: { space: space.kind, spaceId: space.id, startsAt: values.startsAt.toISOString() },
    });
    return meeting;
  });
}

/** A meeting of one of the viewer's spaces. Only its organisers see who registered. */
export async function meetingFor(db: Database, viewer: Viewer, meetingId: string) {
  if (!isUuid(meetingId)) throw notFound();
  const meeting = await repository.findMeeting(db, meetingId);
  if (!meeting) throw notFound();
  const space = await spaceOfRecord(db, viewer, meeting);
  const registrations = await repository.registrationsOf(db, meeting.id);
  return {
    meeting,
    space,
    isOrganiser: space.isManager,
    isRegistered: registrations.some((registration) => registration.personId === viewer.personId),
    registrationCount: registrations.length,
    registrations: space.isManager ? registrations : [],
  };
}

export async function changeRegistration(db: Database, actor: Actor, meetingId: string, change: 'register' | 'unregister') {
  const { meeting } = await meetingFor(db, actor.viewer, meetingId);
  if (meeting.startsAt <= actor.now) throw new AppError('conflict', 'network.meetings.error.started');
  await db.transaction(async (tx) => {
    const changed =
      change === 'register'
        ? await repository.insertRegistration(tx, meeting.id, actor.viewer.personId, actor.now)
        : await repository.deleteRegistration(tx, meeting.id, actor.viewer.personId);
    if (!changed) throw new AppError('conflict');
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: `meeting.${change === 'register' ? 'registered' : 'unregistered'}`,
      entityType: 'meeting',
      entityId: meeting.id,
      requestId: actor.requestId,
    });
  });
}

async function organisedMeeting(db: Database, viewer: Viewer, meetingId: string) {
  const found = await meetingFor(db, viewer, meetingId);
  if (!found.isOrganiser) throw notFound();
  return found;
}

/** Attendance is taken once the meeting has begun, among the people who registered. */
export async function recordAttendance(db: Database, actor: Actor, meetingId: string, presentIds: string[]) {
  const { meeting, registrations } = await organisedMeeting(db, actor.viewer, meetingId);
  if (meeting.startsAt > actor.now) throw new AppError('conflict', 'network.meetings.error.notStarted');
  const present = presentIds.filter((id) => registrations.some((registration) => registration.personId === id));
  await db.transaction(async (tx) => {
    await repository.setAttendance(tx, meeting.id, present);
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'meeting.attendance_recorded',
      entityType: 'meeting',
      entityId: meeting.id,
      requestId: actor.requestId,
      details: { present: present.length, registered: registrations.length },
    });
  });
}

export async function saveMinutes(db: Database, actor: Actor, meetingId: string, minutesMarkdown: string) {
  const { meeting } = await organisedMeeting(db, actor.viewer, meetingId);
  await db.transaction(async (tx) => {
    await repository.updateMeeting(tx, meeting.id, { minutesMarkdown, updatedAt: actor.now });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'meeting.minutes_saved',
      entityType: 'meeting',
      entityId: meeting.id,
      requestId: actor.requestId,
    });
  });
}

/** The meeting as an iCalendar invite (RFC 5545), times in UTC, with a link back to its page. */
export function inviteOf(meeting: Meeting, spaceName: string, baseUrl: string, now: Date): string {
  const calendar = ical({ name: spaceName, prodId: { company: 'Passerelle', product: 'network-meetings' } });
  const pageUrl = `${baseUrl}/meetings/${meeting.id}`;
  calendar.createEvent({
    id: `${meeting.id}@passerelle`,
    stamp: now,
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: meeting.title,
    description: `${meeting.agendaMarkdown}\n\n${meeting.onlineUrl ?? ''}\n${pageUrl}`.trim(),
    location: meeting.place ?? meeting.onlineUrl,
    url: meeting.onlineUrl ?? pageUrl,
  });
  return calendar.toString();
}
