import type { Logger } from 'pino';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { currentScope, type RequestScope } from './request-scope.js';

/** Outcome codes that mean the facade or an upstream failed; everything else is the client's doing. */
const SERVER_FAULTS: ReadonlySet<string> = new Set(['INTERNAL', 'UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE']);

export function isServerFault(code: string | undefined): boolean {
  return code !== undefined && SERVER_FAULTS.has(code);
}

function outcomeOf(result: ExecutionResult): string {
  const code = result.errors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : result.errors?.length ? 'INTERNAL' : 'OK';
}

/** Notes the operation's name, type and outcome in the request scope, for the access line. */
export function useAccessInfo(): Plugin {
  const note = (document: unknown, operationName: string | null | undefined) => {
    const scope = currentScope();
    if (!scope) return;
    const op = getOperationAST(document as Parameters<typeof getOperationAST>[0], operationName);
    scope.operation = op?.name?.value ?? operationName ?? 'anonymous';
    scope.operationType = op?.operation ?? 'unknown';
  };
  return {
    onParams({ params }) {
      const scope = currentScope();
      if (scope && typeof params.operationName === 'string') scope.operation = params.operationName;
    },
    // known from validation on, so operations refused there are named too
    onValidate({ params }) {
      note(params.documentAST, currentScope()?.operation);
    },
    onResultProcess({ result }) {
      const scope = currentScope();
      if (!scope) return;
      if (Array.isArray(result)) scope.outcome = result.length ? outcomeOf(result[0] as ExecutionResult) : 'OK';
      else if (result && typeof result === 'object' && Symbol.asyncIterator in result) scope.outcome = 'STREAM';
      else scope.outcome = outcomeOf(result as ExecutionResult);
    },
  };
}

export interface AccessEntry {
  operation: string;
  operationType: string;
  outcome: string;
  status: number;
  durationMs: number;
  upstreamCalls: number;
}

/** The access line's fields once the response is done; `aborted` when the client went away first. */
export function accessEntry(scope: RequestScope, status: number, aborted: boolean, now: number): AccessEntry {
  return {
    operation: scope.operation ?? 'none',
    operationType: scope.operationType ?? 'none',
    outcome: aborted ? 'CLIENT_CLOSED' : (scope.outcome ?? (status >= 500 ? 'INTERNAL' : status >= 400 ? 'BAD_REQUEST' : 'OK')),
    status,
    durationMs: now - scope.startedAt,
    upstreamCalls: scope.upstreamCalls,
  };
}

/**
 * One line per operation: name, type, outcome code, HTTP status, duration and upstream calls.
 * `error` only when the facade or an upstream failed; `warn` for refused floods; else `info`.
 */
export function logAccess(log: Logger, entry: AccessEntry): void {
  const level = isServerFault(entry.outcome) ? 'error' : entry.outcome === 'RATE_LIMITED' ? 'warn' : 'info';
  log[level](entry, 'operation');
}
