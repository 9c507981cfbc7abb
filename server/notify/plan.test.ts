// Who is told what, and in which words: pure, no database.
import { describe, expect, it } from 'vitest';
import { queueOf } from '../../testkit/entries.ts';
import { LANGUAGES, type Entry } from '../../shared/schemas.ts';
import { planNotifications, type PlanInput } from './notifier.ts';
import { NOTIFICATION_KINDS, messageText, templateParameters } from './messages.ts';
import { normalizePhone, retryDelay } from './outbox.ts';
import type { StoredSubscription } from './subscriptions.ts';
import { planReminders } from './reminders.ts';
import { isReminder } from '../../shared/reminders.ts';
import { booking } from '../../testkit/appointments.ts';

const CLINIC = '0190a8a0-0000-7000-8000-000000000001';
const sub = (lang: StoredSubscription['lang']): StoredSubscription => ({
  target: { endpoint: 'https://push.example/s', keys: { p256dh: 'p', auth: 'a' } },
  lang,
});

function input(entries: Entry[], over: Partial<PlanInput> = {}): PlanInput {
  return {
    settings: { name: 'Cabinet Dr Ben Ali', languages: ['ar', 'fr'], defaultConsultationMinutes: 10 },
    doctors: [{ id: 'doc-1', room: '3B', active: true }],
    entries,
    timeZone: 'Africa/Tunis',
    subscriptions: new Map(),
    ahead: 1,
    smsEnabled: true,
    whatsappEnabled: false,
    now: Date.now(),
    ...over,
  };
}

describe('planNotifications', () => {
  it('when patients wait, then only those within NOTIFY_AHEAD of the front are told, by push if subscribed, else by SMS if they gave a phone', () => {
    const q = queueOf(4, CLINIC).map((e, i) => ({ ...e, phone: i === 1 ? '+216 20 000 001' : null }));
    const plan = planNotifications(
      input(q, {
        subscriptions: new Map([
          [q[0]!.id, sub('en')],
          [q[3]!.id, sub('fr')],
        ]),
      }),
    );
    expect(plan.map((m) => [m.entryId, m.kind, m.channel])).toEqual([
      [q[0]!.id, 'next', 'push'],
      [q[1]!.id, 'next', 'sms'],
    ]);
    expect(plan[1]!.target).toEqual({ phone: '+216 20 000 001' });
    expect(planNotifications(input(q, { ahead: 0 })).map((m) => m.entryId)).toEqual([]); // q[0] has no way to be reached
    expect(
      planNotifications(input(q, { ahead: 3, smsEnabled: false, subscriptions: new Map([[q[3]!.id, sub('fr')]]) })).map((m) => m.entryId),
    ).toEqual([q[3]!.id]);
  });

  it("when a patient is called, then the message names the doctor's room, in the subscription's language or else the clinic's first", () => {
    const [a, b] = queueOf(2, CLINIC);
    const called = [
      { ...a!, status: 'called' as const, doctorId: 'doc-1', phone: '+216 1' },
      { ...b!, status: 'called' as const, doctorId: null },
    ];
    const plan = planNotifications(input(called, { subscriptions: new Map([[b!.id, sub('en')]]) }));
    expect(plan.map((m) => [m.kind, m.body])).toEqual([
      ['called', `Cabinet Dr Ben Ali: التذكرة ${a!.ticket}، حان دورك. يرجى التوجه إلى القاعة 3B.`],
      ['called', `Cabinet Dr Ben Ali: ticket ${b!.ticket}, it is your turn.`],
    ]);
  });

  it('when entries are finished, cancelled, no-shows or deleted, then nobody is told anything', () => {
    const q = queueOf(4, CLINIC).map((e) => ({ ...e, phone: '+216 2' }));
    const gone = [
      { ...q[0]!, status: 'done' as const },
      { ...q[1]!, status: 'cancelled' as const },
      { ...q[2]!, status: 'no_show' as const },
      { ...q[3]!, _deleted: true },
    ];
    expect(planNotifications(input(gone))).toEqual([]);
  });

  it("when any message is written, then it carries the ticket (a reminder: the slot's time), the clinic and the room, and never the patient's name or phone", () => {
    const names = ['Leila Mansour', 'Hedi Gharbi'];
    const q = queueOf(2, CLINIC).map((e, i) => ({ ...e, name: names[i]!, phone: `+216 98 76${i} 432` }));
    for (const lang of LANGUAGES) {
      const bodies = [
        ...planNotifications(input(q, { settings: { name: 'Clinique El Amen', languages: [lang], defaultConsultationMinutes: 10 } })),
        ...planNotifications(
          input(
            q.map((e) => ({ ...e, status: 'called' as const, doctorId: 'doc-1' })),
            { settings: { name: 'Clinique El Amen', languages: [lang], defaultConsultationMinutes: 10 } },
          ),
        ),
      ].map((m) => m.body);
      expect(bodies).toHaveLength(4);
      for (const body of bodies) {
        expect(body).toContain('Clinique El Amen');
        for (const n of names) expect(body).not.toContain(n);
        expect(body).not.toMatch(/\d{3} ?\d{3}/);
      }
    }
    for (const lang of LANGUAGES)
      for (const kind of NOTIFICATION_KINDS) {
        const text = messageText(kind, lang, {
          clinic: 'C',
          ticket: 'A-014',
          room: kind === 'called' ? '2' : null,
          wait: null,
          link: null,
          when: 'lundi 9 mars, 09:00',
        });
        expect(text).toContain(isReminder(kind) ? 'lundi 9 mars, 09:00' : 'A-014');
        if (kind === 'called') expect(text).toContain('2');
      }
  });
});

describe('planNotifications with WhatsApp', () => {
  const wa = (over: Partial<PlanInput> = {}) => ({ whatsappEnabled: true, ...over });

  it('when a patient opted in to WhatsApp and gave a phone, then they get WhatsApp instead of SMS; without the opt-in or a phone, not; a push subscription still comes first', () => {
    const q = queueOf(4, CLINIC).map((e, i) => ({
      ...e,
      phone: i === 2 ? null : `+216 20 000 00${i}`,
      whatsapp: i !== 1,
      language: 'en' as const,
    }));
    const plan = planNotifications(input(q, wa({ ahead: 3, subscriptions: new Map([[q[3]!.id, sub('fr')]]) })));
    expect(plan.filter((m) => m.kind === 'next').map((m) => [m.entryId, m.channel])).toEqual([
      [q[0]!.id, 'whatsapp'],
      [q[1]!.id, 'sms'],
      [q[3]!.id, 'push'],
    ]);
    // WhatsApp not configured: the opted-in patient falls back to SMS.
    expect(planNotifications(input(q, { ahead: 3 })).find((m) => m.entryId === q[0]!.id)?.channel).toBe('sms');
  });

  it('when an opted-in patient joins, then "joined" carries the wait and the day their link is signed for, in their language; "next" follows when they are near the front', () => {
    const q = queueOf(3, CLINIC).map((e) => ({ ...e, phone: '+216 20 000 001', whatsapp: true, language: 'en' as const }));
    const plan = planNotifications(input(q, wa()));
    expect(plan.map((m) => [m.entryId, m.kind])).toEqual([
      [q[0]!.id, 'joined'],
      [q[0]!.id, 'next'],
      [q[1]!.id, 'joined'],
      [q[1]!.id, 'next'],
      [q[2]!.id, 'joined'],
    ]);
    const joined = plan.filter((m) => m.kind === 'joined').map((m) => m.target);
    // Ten minutes a patient (the setting), one doctor: the wait grows with those ahead.
    expect(joined.map((t) => ('facts' in t ? t.facts.wait : null))).toEqual([
      { low: 0, high: 0 },
      { low: 10, high: 15 },
      { low: 20, high: 30 },
    ]);
    expect(joined[0]).toMatchObject({ phone: '+216 20 000 001', lang: 'en', ticket: { day: q[0]!.day, timeZone: 'Africa/Tunis' } });
    expect(plan[0]!.body).toBe(`Cabinet Dr Ben Ali: you are in the queue, ticket ${q[0]!.ticket}. Estimated wait 0–0 min.`);
  });

  it('when a patient is cancelled, then only an opted-in one is told, by WhatsApp; a call is told once per call', () => {
    const [a, b, c] = queueOf(3, CLINIC);
    const plan = planNotifications(
      input(
        [
          { ...a!, status: 'cancelled' as const, phone: '+216 1', whatsapp: true, language: 'fr' as const },
          { ...b!, status: 'cancelled' as const, phone: '+216 2', whatsapp: false, language: 'fr' as const },
          { ...c!, status: 'called' as const, calledAt: 1_700_000_000_000, phone: '+216 3', whatsapp: true, language: 'ar' as const },
        ],
        wa(),
      ),
    );
    expect(plan.map((m) => [m.entryId, m.kind, m.channel, m.occasion])).toEqual([
      [a!.id, 'cancelled', 'whatsapp', 0],
      [c!.id, 'called', 'whatsapp', 1_700_000_000_000],
    ]);
    expect(plan[0]!.body).toBe(`Cabinet Dr Ben Ali : ticket ${a!.ticket}, votre visite est annulée.`);
  });

  it('when a template is filled, then each kind has its parameters in order, none empty', () => {
    const f = { clinic: 'C', ticket: 'A-014', room: null, wait: { low: 5, high: 10 }, link: 'https://q.tn/patient.html#t=x' };
    expect(templateParameters('joined', f)).toEqual(['C', 'A-014', '5–10', 'https://q.tn/patient.html#t=x']);
    expect(templateParameters('next', f)).toEqual(['C', 'A-014']);
    expect(templateParameters('called', f)).toEqual(['C', 'A-014', '-']);
    expect(templateParameters('called', { ...f, room: '3B' })).toEqual(['C', 'A-014', '3B']);
    expect(templateParameters('cancelled', f)).toEqual(['C', 'A-014']);
  });
});

describe('outbox helpers', () => {
  it('when a send keeps failing, then the delay doubles up to the cap, with jitter of at most a quarter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000, 5000, 1))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelay(3, 1000, 5000, 0)).toBe(3000);
  });

  it('when a phone number is written with spaces and brackets, then the provider gets digits and the plus', () => {
    expect(normalizePhone('+216 (20) 123-456')).toBe('+21620123456');
  });
});

describe('planReminders', () => {
  const H = 3_600_000;
  const settings = { name: 'Clinique El Amen', timeZone: 'Africa/Tunis', languages: ['ar' as const] };
  const start = Date.UTC(2026, 2, 10, 8, 0);
  const soon = (over: Parameters<typeof booking>[3]) => booking(CLINIC, 'doc-1', start, { now: start - 48 * H, ...over });

  it('when a reminder is due, then WhatsApp for an opt-in, SMS otherwise, none without a phone or a channel, in the booking language, with no name and no link', () => {
    const a = soon({ name: 'Leila Mansour', phone: '+216 98 765 432', whatsapp: true, language: 'fr' });
    const b = soon({ name: 'Hedi Gharbi', phone: '+216 98 765 433', whatsapp: false, language: null });
    const c = soon({ phone: null });
    const now = start - 30 * 60_000;
    const both = planReminders(settings, [a, b, c], { smsEnabled: true, whatsappEnabled: true }, now);
    expect(both.map((m) => [m.entryId, m.kind, m.channel])).toEqual([
      [a.id, 'remind_hour', 'whatsapp'],
      [b.id, 'remind_hour', 'sms'],
    ]);
    // The booking's language, else the clinic's first.
    expect(both[0]!.body).toContain('Clinique El Amen : votre rendez-vous est dans une heure');
    expect(both[1]!.body).toContain('موعدك بعد ساعة');
    for (const m of both) expect(m.body).not.toMatch(/Leila|Hedi|765|book\.html/);
    expect(planReminders(settings, [a, b], { smsEnabled: true, whatsappEnabled: false }, now).map((m) => m.channel)).toEqual([
      'sms',
      'sms',
    ]);
    expect(planReminders(settings, [a, b], { smsEnabled: false, whatsappEnabled: false }, now)).toEqual([]);
  });
});
