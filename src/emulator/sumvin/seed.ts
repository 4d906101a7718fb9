import { createHash } from 'node:crypto';
import { fileUrl } from './attachments.js';
import type { JsonObject, MessageInput, SumvinStore } from './store.js';

/**
 * Deterministic demo data. The same seed gives the same ids, titles, texts and parts; timestamps
 * are laid out backwards from the clock's `now` at seeding (newest session first, a few hours apart,
 * messages one to three minutes apart). Assistant turns cycle through the Vercel AI SDK UI part kinds
 * (text, reasoning, `tool-*`, `dynamic-tool`, `source-url`, `file`, `step-start`).
 */

export interface SumvinSeed {
  users: string[];
  sessionsPerUser: number;
  messagesPerSession: number;
}

function hex(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function seedSessionId(user: string, index: number): string {
  return `cs-${hex('session', user, index).slice(0, 32)}`;
}

function uuidFrom(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Topic {
  title: string | null;
  questions: string[];
  answers: string[];
  tool: { name: string; input: JsonObject; output: JsonObject };
  source: { url: string; title: string };
}

const TOPICS: Topic[] = [
  {
    title: 'Weekend trip to Lisbon',
    questions: [
      'I have three days in Lisbon next month. What should I not miss?',
      'What will the weather be like?',
      'Can you suggest a budget for food per day?',
      'Is the Alfama district walkable with a small child?',
    ],
    answers: [
      'Start with Belém for the tower and the pastries, spend an evening in Bairro Alto, and keep a morning for Sintra.',
      'Expect mild days around 22°C with a chance of rain on the second afternoon.',
      'Around 45 EUR per person per day covers a pastry breakfast, a tasca lunch and a sit-down dinner.',
      'Yes, but the streets are steep and cobbled; a carrier works better than a stroller.',
    ],
    tool: { name: 'getWeather', input: { city: 'Lisbon', days: 3 }, output: { tempC: 22, condition: 'partly cloudy', rainChance: 0.3 } },
    source: { url: 'https://www.visitlisboa.com/en', title: 'Visit Lisboa' },
  },
  {
    title: 'Monthly budget review',
    questions: [
      'How much did I spend on groceries in March?',
      'Is that more than February?',
      'Set a limit of 400 for groceries next month.',
      'Which subscriptions could I cancel?',
    ],
    answers: [
      'You spent 386.40 on groceries in March across 14 transactions.',
      'Yes, about 9% more than February, mostly from two larger shops at the end of the month.',
      'Done: a 400 monthly grocery budget starts on the 1st, with an alert at 80%.',
      'Two streaming services overlap in content; cancelling one would save 10.99 a month.',
    ],
    tool: { name: 'getSpending', input: { category: 'groceries', month: '2025-03' }, output: { total: 386.4, currency: 'EUR', count: 14 } },
    source: { url: 'https://en.wikipedia.org/wiki/Personal_budget', title: 'Personal budget' },
  },
  {
    title: null,
    questions: [
      'Summarise the attached receipt.',
      'Which items were on discount?',
      'Add it to my expenses.',
      'Thanks!',
    ],
    answers: [
      'The receipt is from a hardware store: 6 items, 72.15 in total, paid by card.',
      'The paint roller and the masking tape were 20% off.',
      'Added as a home-improvement expense dated today.',
      'You are welcome. Anything else about this purchase?',
    ],
    tool: { name: 'addExpense', input: { amount: 72.15, category: 'home' }, output: { id: 'exp_20931', status: 'created' } },
    source: { url: 'https://en.wikipedia.org/wiki/Receipt', title: 'Receipt' },
  },
  {
    title: 'Learning TypeScript generics',
    questions: [
      'Explain TypeScript generics with a short example.',
      'What does `extends keyof T` mean?',
      'How do I make a generic function with a default type?',
      'Can generics be used with classes too?',
    ],
    answers: [
      'A generic lets a function keep the type of its input: `function first<T>(xs: T[]): T | undefined { return xs[0]; }`.',
      '`K extends keyof T` limits K to the property names of T, so `obj[key]` is type-safe.',
      'Give the type parameter a default: `function make<T = string>(v?: T) { ... }`.',
      'Yes: `class Box<T> { constructor(public value: T) {} }` works the same way.',
    ],
    tool: { name: 'searchDocs', input: { query: 'typescript generics default type' }, output: { hits: 3 } },
    source: { url: 'https://www.typescriptlang.org/docs/handbook/2/generics.html', title: 'Generics - TypeScript Handbook' },
  },
  {
    title: 'Card declined at checkout',
    questions: [
      'My card was declined at an online shop just now. Why?',
      'Can you raise the online limit for today?',
      'Try the payment again please.',
    ],
    answers: [
      'The payment hit your daily online limit of 250; the shop asked for 289.99.',
      'I raised today’s online limit to 400. It goes back to 250 tomorrow.',
      'The retry went through: 289.99 was authorised.',
    ],
    tool: { name: 'getCardStatus', input: { last4: '4421' }, output: { status: 'active', dailyOnlineLimit: 250, spentToday: 0 } },
    source: { url: 'https://en.wikipedia.org/wiki/Authorization_hold', title: 'Authorization hold' },
  },
];

function pick<T>(list: T[], n: number): T {
  return list[((n % list.length) + list.length) % list.length]!;
}

interface SeedFile {
  id: string;
  filename: string;
  mediaType: string;
  bytes: Buffer;
}

function seedFile(user: string, sessionIndex: number): SeedFile {
  const id = `att-${uuidFrom(hex('file', user, sessionIndex))}`;
  const text = `HARDWARE & CO\nPaint roller      8.40\nMasking tape      3.20\nBrushes (3)      12.90\nWhite paint 5L   39.95\nSandpaper         4.10\nDrop cloth        3.60\nTOTAL            72.15\n`;
  return { id, filename: `receipt-${sessionIndex + 1}.txt`, mediaType: 'text/plain', bytes: Buffer.from(text, 'utf8') };
}

function assistantParts(kind: number, topic: Topic, answer: string, callId: string, file: SeedFile | null, base: string): JsonObject[] {
  switch (kind % 6) {
    case 0:
      return [{ type: 'text', text: answer, state: 'done' }];
    case 1:
      return [
        { type: 'reasoning', text: 'The user wants a concise, practical answer; lead with the key fact.', state: 'done' },
        { type: 'text', text: answer, state: 'done' },
      ];
    case 2:
      return [
        { type: 'step-start' },
        {
          type: `tool-${topic.tool.name}`,
          toolCallId: callId,
          state: 'output-available',
          input: topic.tool.input,
          output: topic.tool.output,
        },
        { type: 'step-start' },
        { type: 'text', text: answer, state: 'done' },
      ];
    case 3:
      return [
        {
          type: 'dynamic-tool',
          toolName: topic.tool.name,
          toolCallId: callId,
          state: 'output-available',
          input: topic.tool.input,
          output: topic.tool.output,
        },
        { type: 'text', text: answer, state: 'done' },
      ];
    case 4:
      return [
        { type: 'text', text: answer, state: 'done' },
        { type: 'source-url', sourceId: `src-${callId.slice(5, 13)}`, url: topic.source.url, title: topic.source.title },
      ];
    default:
      if (file) {
        return [
          { type: 'text', text: answer, state: 'done' },
          { type: 'file', mediaType: file.mediaType, url: fileUrl(base, file.id, file.filename), filename: file.filename },
        ];
      }
      return [
        {
          type: `tool-${topic.tool.name}`,
          toolCallId: callId,
          state: 'output-error',
          input: topic.tool.input,
          errorText: 'Upstream service timed out',
        },
        { type: 'text', text: answer, state: 'done' },
      ];
  }
}

const HOUR = 3_600_000;

/** Fills the store; `baseUrl` is the emulator's own URL, used for seeded file parts. */
export function applySeed(store: SumvinStore, seed: SumvinSeed, now: number, baseUrl: string): void {
  const users = [...new Set(seed.users)];
  const perUser = Math.max(0, Math.floor(seed.sessionsPerUser));
  const perSession = Math.max(1, Math.floor(seed.messagesPerSession));
  users.forEach((user, u) => {
    for (let i = 0; i < perUser; i++) {
      const topic = pick(TOPICS, i + u);
      const id = seedSessionId(user, i);
      const file = topic.title === null ? seedFile(user, i) : null;
      if (file) {
        store.files.set(file.id, { ...file, owner: user, sessionId: id, createdAt: now });
      }
      // Newest session ends a little before now; older ones are spread back by a few hours each.
      const h = hex('time', user, i);
      const lastAt = now - i * 5 * HOUR - (parseInt(h.slice(0, 6), 16) % (2 * HOUR)) - 60_000;
      const gaps: number[] = [];
      for (let j = 0; j < perSession; j++) gaps.push(60_000 + (parseInt(h.slice(6 + (j % 20) * 2, 8 + (j % 20) * 2), 16) % 120) * 1000);
      const times: number[] = [];
      let t = lastAt;
      for (let j = perSession - 1; j >= 0; j--) {
        times[j] = t;
        t -= gaps[j]!;
      }
      const inputs: MessageInput[] = [];
      for (let j = 0; j < perSession; j++) {
        const turn = Math.floor(j / 2);
        const mh = hex('message', user, i, j);
        const messageId = `msg_${mh.slice(0, 16)}`;
        let parts: JsonObject[];
        let metadata: JsonObject | null = null;
        if (j % 2 === 0) {
          parts = [{ type: 'text', text: pick(topic.questions, turn) }];
          if (file && j === 0) {
            parts.push({ type: 'file', mediaType: file.mediaType, url: fileUrl(baseUrl, file.id, file.filename), filename: file.filename });
          }
        } else {
          parts = assistantParts(turn + i + u, topic, pick(topic.answers, turn), `call_${mh.slice(16, 40)}`, file, baseUrl);
          metadata = { model: 'demo-model-1', totalTokens: 120 + (parseInt(mh.slice(40, 44), 16) % 400) };
        }
        inputs.push({
          id: messageId,
          role: j % 2 === 0 ? 'user' : 'assistant',
          parts,
          created_at: times[j]!,
          metadata,
        });
      }
      const session = store.createSession(user, id, topic.title, inputs, times[0]!, (mid) => `msg-${uuidFrom(hex('server-id', id, mid))}`);
      session.updatedAt = times[perSession - 1]!;
    }
  });
}
