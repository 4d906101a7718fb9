import type { ElizaTimeoutConfig } from '../upstream/eliza/types.js';
import { checkTimeoutRanges, givenTimeoutFields, type TimeoutConfigInput } from './agent-input.js';
import { InputError } from '../errors/classes.js';

/**
 * The upstream's PATCH replaces the whole configuration and resets every omitted field to the
 * agent's default. The facade gives the client merge semantics instead: it reads the current
 * configuration, overlays the fields the client gave, and sends the complete result.
 */

/** Static checks on the fields given, before anything is read upstream. */
export function validateTimeoutPatch(input: TimeoutConfigInput, prefix: string): Partial<ElizaTimeoutConfig> {
  const given = givenTimeoutFields(input);
  if (Object.keys(given).length === 0) {
    throw new InputError(prefix.replace(/\.$/, '') || 'input', 'give at least one of timeoutMinutes, autoRenew, maxDurationMinutes, warningThresholdMinutes');
  }
  checkTimeoutRanges(given, prefix);
  return given;
}

/**
 * Current configuration overlaid with the given fields. The result must hold together, or the
 * upstream would silently adjust a field: maxDurationMinutes ≥ timeoutMinutes (the upstream raises
 * it) and warningThresholdMinutes ≤ timeoutMinutes (the facade's rule). A conflict is reported on
 * the field the client gave (the one it can change), naming the current value it collides with.
 * Pairs the client did not touch are left as they are.
 */
export function mergeTimeoutConfig(
  current: ElizaTimeoutConfig,
  given: Partial<ElizaTimeoutConfig>,
  prefix: string,
): ElizaTimeoutConfig {
  const merged: ElizaTimeoutConfig = { ...current, ...given };
  const touches = (a: keyof ElizaTimeoutConfig, b: keyof ElizaTimeoutConfig) => given[a] !== undefined || given[b] !== undefined;
  if (touches('maxDurationMinutes', 'timeoutMinutes') && merged.maxDurationMinutes < merged.timeoutMinutes) {
    if (given.maxDurationMinutes !== undefined) {
      throw new InputError(
        `${prefix}maxDurationMinutes`,
        `must be at least timeoutMinutes (${merged.timeoutMinutes}); got ${merged.maxDurationMinutes}`,
      );
    }
    throw new InputError(
      `${prefix}timeoutMinutes`,
      `must be at most the session's maxDurationMinutes (${merged.maxDurationMinutes}); raise maxDurationMinutes in the same input`,
    );
  }
  if (touches('warningThresholdMinutes', 'timeoutMinutes') && merged.warningThresholdMinutes > merged.timeoutMinutes) {
    if (given.warningThresholdMinutes !== undefined) {
      throw new InputError(
        `${prefix}warningThresholdMinutes`,
        `must be at most timeoutMinutes (${merged.timeoutMinutes}); got ${merged.warningThresholdMinutes}`,
      );
    }
    throw new InputError(
      `${prefix}timeoutMinutes`,
      `must be at least the session's warningThresholdMinutes (${merged.warningThresholdMinutes}); lower warningThresholdMinutes in the same input`,
    );
  }
  return merged;
}
