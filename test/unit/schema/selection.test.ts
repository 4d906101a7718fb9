import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectedFields } from '../../../src/schema/selection.js';

/** The `info` a resolver of the operation's first root field would get. */
function infoOf(query: string, variableValues: Record<string, unknown> = {}) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments, variableValues };
}

const CHAT = new Set(['ChatSession', 'Session', 'Node', 'SessionConnection', 'SessionEdge']);
const names = (fields: FieldNode[]) => fields.map((f) => f.alias?.value ?? f.name.value);

describe('selectedFields', () => {
  it('lists the fields below the resolver, through inline fragments and fragment spreads of matching types', () => {
    const info = infoOf(`
      query { session(id: "x") { id ... on ChatSession { title } ... on AgentSession { status } ...S ...A } }
      fragment S on Session { a: messages(last: 3) { totalCount } }
      fragment A on AgentSession { expiresAt }`);
    expect(names(selectedFields(info, [], CHAT))).toEqual(['id', 'title', 'a']);
  });

  it('follows a path of field names, any alias', () => {
    const info = infoOf(`{ sessions(first: 2) { pageInfo { hasNextPage } e: edges { node { ... on Session { messages(last: 1) { totalCount } } } } } }`);
    expect(names(selectedFields(info, ['edges', 'node'], CHAT))).toEqual(['messages']);
    expect(names(selectedFields(info, ['pageInfo'], CHAT))).toEqual(['hasNextPage']);
    expect(selectedFields(info, ['nodes'], CHAT)).toEqual([]);
  });

  it('leaves out what @skip and @include leave out, with literals and variables', () => {
    const query = `query($s: Boolean!) { session(id: "x") { title @skip(if: true) messages(first: 1) @include(if: $s) { totalCount } preview @include(if: true) } }`;
    expect(names(selectedFields(infoOf(query, { s: false }), [], CHAT))).toEqual(['preview']);
    expect(names(selectedFields(infoOf(query, { s: true }), [], CHAT))).toEqual(['messages', 'preview']);
  });

  it('visits a fragment spread twice at one level only once', () => {
    const info = infoOf(`query { session(id: "x") { ...S ...S } } fragment S on Session { title }`);
    expect(names(selectedFields(info, [], CHAT))).toEqual(['title']);
  });
});
