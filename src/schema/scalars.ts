import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Accepts what upstreams send (epoch ms, ISO with or without ms) and writes ISO-8601 with ms. */
export function toIsoDateTime(value: unknown): string {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && ISO.test(value)) ms = Date.parse(value);
  else if (typeof value === 'string' && /^\d{1,15}$/.test(value)) ms = Number(value);
  else throw new TypeError('DateTime cannot represent this value');
  if (!Number.isFinite(ms)) throw new TypeError('DateTime cannot represent this value');
  return new Date(ms).toISOString();
}

function parseIso(value: unknown): Date {
  if (typeof value !== 'string' || !ISO.test(value) || !Number.isFinite(Date.parse(value))) {
    throw new GraphQLError('DateTime must be an ISO-8601 string such as 2024-01-01T00:00:00.000Z', {
      extensions: { code: 'BAD_USER_INPUT', retryable: false },
    });
  }
  return new Date(Date.parse(value));
}

builder.scalarType('DateTime', {
  description: 'An instant as an ISO-8601 UTC string with milliseconds, e.g. 2024-01-01T00:00:00.000Z.',
  serialize: toIsoDateTime,
  parseValue: parseIso,
  parseLiteral: (node: ValueNode) => parseIso(node.kind === Kind.STRING ? node.value : undefined),
});

function literalToJson(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw new GraphQLError('JSON literals cannot contain variables', { extensions: { code: 'BAD_USER_INPUT', retryable: false } });
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value, passed through unchanged.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literalToJson,
});

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

builder.scalarType('JSONObject', {
  description: 'A JSON object, passed through unchanged.',
  serialize: (v) => {
    if (!isPlainObject(v)) throw new TypeError('JSONObject cannot represent a non-object value');
    return v;
  },
  parseValue: (v) => {
    if (!isPlainObject(v)) {
      throw new GraphQLError('JSONObject must be a JSON object', { extensions: { code: 'BAD_USER_INPUT', retryable: false } });
    }
    return v;
  },
  parseLiteral: (node) => {
    const v = literalToJson(node);
    if (!isPlainObject(v)) {
      throw new GraphQLError('JSONObject must be a JSON object', { extensions: { code: 'BAD_USER_INPUT', retryable: false } });
    }
    return v;
  },
});
