import { Kind, type DirectiveNode, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/*
 * What an operation selects below a field, read from the resolver's `info` before anything is
 * loaded, so that the planner can choose upstream calls for the whole selection.
 */

type Fragments = GraphQLResolveInfo['fragments'];

/** Literal or variable `@skip(if:)` / `@include(if:)`: whether the selection is left out. */
function skipped(node: { directives?: ReadonlyArray<DirectiveNode> | undefined }, variables: Record<string, unknown>): boolean {
  for (const d of node.directives ?? []) {
    const arg = d.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const value =
      arg.value.kind === Kind.BOOLEAN ? arg.value.value : arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] === true : false;
    if ((d.name.value === 'skip' && value) || (d.name.value === 'include' && !value)) return true;
  }
  return false;
}

/**
 * The fields of some selection sets, through inline fragments and fragment spreads whose type
 * condition is in `types` (or that have none).
 */
function fieldsIn(sets: readonly SelectionSetNode[], types: ReadonlySet<string>, fragments: Fragments, variables: Record<string, unknown>): FieldNode[] {
  const out: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const sel of set.selections) {
      if (skipped(sel, variables)) continue;
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (!sel.typeCondition || types.has(sel.typeCondition.name.value)) visit(sel.selectionSet);
      } else {
        const frag = fragments[sel.name.value];
        if (frag && !seen.has(sel.name.value) && types.has(frag.typeCondition.name.value)) {
          seen.add(sel.name.value);
          visit(frag.selectionSet);
        }
      }
    }
  };
  for (const set of sets) visit(set);
  return out;
}

/**
 * The fields selected below `from` (the resolver's own field nodes by default), after following
 * `path` (field names, any alias), on objects of the given types.
 */
export function selectedFields(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'variableValues'>,
  path: readonly string[],
  types: ReadonlySet<string>,
  from: readonly FieldNode[] = info.fieldNodes,
): FieldNode[] {
  const setsOf = (nodes: readonly FieldNode[]) => nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  let sets = setsOf(from);
  for (const name of path) {
    sets = setsOf(fieldsIn(sets, types, info.fragments, info.variableValues).filter((f) => f.name.value === name));
  }
  return fieldsIn(sets, types, info.fragments, info.variableValues);
}
