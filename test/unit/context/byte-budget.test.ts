import { describe, expect, it } from 'vitest';
import { ByteBudget } from '../../../src/context/byte-budget.js';
import { createContext, type Clients } from '../../../src/context/context.js';

const noClients = { sumvin: {}, eliza: {} } as unknown as Clients;
const anonymous = { ok: false as const, failure: { reason: 'missing' as const, message: 'none' } };

describe('ByteBudget', () => {
  it('gives out bytes while they fit and takes them back once per release', () => {
    const budget = new ByteBudget(100);
    const a = budget.tryTake(60);
    expect(a).not.toBeNull();
    expect(budget.tryTake(41)).toBeNull();
    const b = budget.tryTake(40);
    expect(b).not.toBeNull();
    expect(budget.inUse).toBe(100);
    a!();
    a!();
    expect(budget.inUse).toBe(40);
    b!();
    expect(budget.inUse).toBe(0);
  });

  it('a budget of 0 gives nothing out', () => {
    expect(new ByteBudget(0).tryTake(1)).toBeNull();
  });

  it('refuses a negative or non-numeric size', () => {
    expect(() => new ByteBudget(-1)).toThrow(RangeError);
    expect(() => new ByteBudget(Number.NaN)).toThrow(RangeError);
  });
});

describe('an operation’s share of the budget (Context.reserveLargeRead)', () => {
  it('is held until the operation ends, then given back', () => {
    const budget = new ByteBudget(10);
    const ctx = createContext({ auth: anonymous, clients: noClients, signal: new AbortController().signal, largeReads: budget });
    expect(ctx.reserveLargeRead(6)).toBe(true);
    expect(ctx.reserveLargeRead(6)).toBe(false);
    expect(ctx.reserveLargeRead(4)).toBe(true);
    expect(budget.inUse).toBe(10);
    ctx.endOperation();
    expect(budget.inUse).toBe(0);
  });

  it('is given back when the operation’s signal aborts (deadline or client gone), should its end never be seen', () => {
    const budget = new ByteBudget(10);
    const deadline = new AbortController();
    const ctx = createContext({ auth: anonymous, clients: noClients, signal: deadline.signal, largeReads: budget });
    expect(ctx.reserveLargeRead(10)).toBe(true);
    deadline.abort();
    expect(budget.inUse).toBe(0);
    ctx.endOperation();
    expect(budget.inUse).toBe(0);
  });

  it('two operations share one budget', () => {
    const budget = new ByteBudget(10);
    const one = createContext({ auth: anonymous, clients: noClients, signal: new AbortController().signal, largeReads: budget });
    const two = createContext({ auth: anonymous, clients: noClients, signal: new AbortController().signal, largeReads: budget });
    expect(one.reserveLargeRead(8)).toBe(true);
    expect(two.reserveLargeRead(8)).toBe(false);
    one.endOperation();
    expect(two.reserveLargeRead(8)).toBe(true);
  });
});
