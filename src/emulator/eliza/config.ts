/**
 * Session timeout configuration as the ElizaOS 1.7.2 sessions router computes it: env-like global
 * settings with their clamps, per-agent settings, the three-level merge and the expiry formula.
 */

export type GlobalSettingName =
  | 'SESSION_DEFAULT_TIMEOUT_MINUTES'
  | 'SESSION_MIN_TIMEOUT_MINUTES'
  | 'SESSION_MAX_TIMEOUT_MINUTES'
  | 'SESSION_MAX_DURATION_MINUTES'
  | 'SESSION_WARNING_THRESHOLD_MINUTES'
  | 'SESSION_CLEANUP_INTERVAL_MINUTES';

export type GlobalSettings = Partial<Record<GlobalSettingName, number>>;

/** The effective global values (after the env clamps). */
export interface GlobalConfig {
  defaultTimeoutMinutes: number;
  minTimeoutMinutes: number;
  maxTimeoutMinutes: number;
  defaultMaxDurationMinutes: number;
  defaultWarningThresholdMinutes: number;
  cleanupIntervalMs: number;
}

/**
 * The stored timeout config. `autoRenew` keeps whatever the create call sent (create does not
 * type-check it), so it is `unknown` and tested for truthiness like the real server does.
 */
export interface TimeoutConfig {
  timeoutMinutes: number;
  autoRenew: unknown;
  maxDurationMinutes: number;
  warningThresholdMinutes: number;
}

/** parseInt with fallback and optional clamp, the server's `safeParseInt`. */
export function safeParseInt(value: string | undefined, fallback: number, min?: number, max?: number): number {
  if (!value) return fallback;
  const parsed = parseInt(value, 10);
  if (Number.isNaN(parsed) || !Number.isFinite(parsed)) return fallback;
  let result = parsed;
  if (min !== undefined && result < min) result = min;
  if (max !== undefined && result > max) result = max;
  return result;
}

function envValue(settings: GlobalSettings, name: GlobalSettingName): string | undefined {
  const v = settings[name];
  return v === undefined ? undefined : String(v);
}

/** Applies the env clamps to the given settings (unset → default). */
export function resolveGlobalConfig(settings: GlobalSettings = {}): GlobalConfig {
  return {
    defaultTimeoutMinutes: safeParseInt(envValue(settings, 'SESSION_DEFAULT_TIMEOUT_MINUTES'), 30, 1, 10080),
    minTimeoutMinutes: safeParseInt(envValue(settings, 'SESSION_MIN_TIMEOUT_MINUTES'), 5, 1, 60),
    maxTimeoutMinutes: safeParseInt(envValue(settings, 'SESSION_MAX_TIMEOUT_MINUTES'), 1440, 60, 10080),
    defaultMaxDurationMinutes: safeParseInt(envValue(settings, 'SESSION_MAX_DURATION_MINUTES'), 720, 60, 20160),
    defaultWarningThresholdMinutes: safeParseInt(envValue(settings, 'SESSION_WARNING_THRESHOLD_MINUTES'), 5, 1, 60),
    cleanupIntervalMs: safeParseInt(envValue(settings, 'SESSION_CLEANUP_INTERVAL_MINUTES'), 5, 1, 60) * 60_000,
  };
}

/**
 * What the agent runtime's `getSetting` returns for a character setting in core 1.7.2: null when
 * unset or empty, the booleans true/false for the strings "true"/"false", the string otherwise.
 */
export function agentSetting(settings: Record<string, string> | undefined, key: string): string | boolean | null {
  const value = settings?.[key];
  if (value === undefined || value === null || value === '') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/**
 * Per-agent config from agent settings. Note the 1.7.2 quirk this reproduces: `getSetting` turns
 * "true" into a boolean, which is then compared with the string "true", so SESSION_AUTO_RENEW
 * "true" (or any other non-empty value except "false") gives autoRenew false, while "false" or
 * unset gives true.
 */
export function agentTimeoutConfig(settings: Record<string, string> | undefined, g: GlobalConfig): TimeoutConfig {
  const timeout = agentSetting(settings, 'SESSION_TIMEOUT_MINUTES');
  const maxDuration = agentSetting(settings, 'SESSION_MAX_DURATION_MINUTES');
  const warning = agentSetting(settings, 'SESSION_WARNING_THRESHOLD_MINUTES');
  const autoRenew = agentSetting(settings, 'SESSION_AUTO_RENEW');
  return {
    timeoutMinutes: timeout
      ? safeParseInt(String(timeout), g.defaultTimeoutMinutes, g.minTimeoutMinutes, g.maxTimeoutMinutes)
      : g.defaultTimeoutMinutes,
    autoRenew: autoRenew ? autoRenew === 'true' : true,
    maxDurationMinutes: maxDuration
      ? safeParseInt(String(maxDuration), g.defaultMaxDurationMinutes, g.minTimeoutMinutes, g.maxTimeoutMinutes * 2)
      : g.defaultMaxDurationMinutes,
    warningThresholdMinutes: warning
      ? safeParseInt(String(warning), g.defaultWarningThresholdMinutes, 1, g.maxTimeoutMinutes)
      : g.defaultWarningThresholdMinutes,
  };
}

function field(obj: unknown, key: string): unknown {
  if (obj === null || obj === undefined) return undefined;
  return (obj as Record<string, unknown>)[key];
}

function isBadNumber(n: number): boolean {
  return Number.isNaN(n) || !Number.isFinite(n);
}

/**
 * merge(global defaults, agent config, request config). The request config may be any JSON value;
 * numeric fields go through `Number()`, so numeric strings work and NaN falls back to the default.
 */
export function mergeTimeoutConfigs(sessionConfig: unknown, agentConfig: TimeoutConfig | undefined, g: GlobalConfig): TimeoutConfig {
  const merged: TimeoutConfig = {
    timeoutMinutes: g.defaultTimeoutMinutes,
    autoRenew: true,
    maxDurationMinutes: g.defaultMaxDurationMinutes,
    warningThresholdMinutes: g.defaultWarningThresholdMinutes,
  };
  if (agentConfig) Object.assign(merged, agentConfig);
  if (sessionConfig) {
    const timeout = field(sessionConfig, 'timeoutMinutes');
    if (timeout !== undefined) {
      const v = Number(timeout);
      merged.timeoutMinutes = isBadNumber(v)
        ? g.defaultTimeoutMinutes
        : Math.max(g.minTimeoutMinutes, Math.min(g.maxTimeoutMinutes, v));
    }
    const autoRenew = field(sessionConfig, 'autoRenew');
    if (autoRenew !== undefined) merged.autoRenew = autoRenew;
    const maxDuration = field(sessionConfig, 'maxDurationMinutes');
    if (maxDuration !== undefined) {
      const v = Number(maxDuration);
      merged.maxDurationMinutes = isBadNumber(v)
        ? g.defaultMaxDurationMinutes
        : Math.max(merged.timeoutMinutes, Math.min(g.maxTimeoutMinutes * 2, v));
    }
    const warning = field(sessionConfig, 'warningThresholdMinutes');
    if (warning !== undefined) {
      const v = Number(warning);
      merged.warningThresholdMinutes = isBadNumber(v) ? g.defaultWarningThresholdMinutes : Math.max(1, v);
    }
  }
  return merged;
}

/** PATCH body type check: numeric fields number or string, autoRenew boolean, all optional. */
export function isValidTimeoutConfig(obj: unknown): boolean {
  if (!obj || typeof obj !== 'object') return false;
  const c = obj as Record<string, unknown>;
  const numOrStr = (v: unknown) => v === undefined || typeof v === 'number' || typeof v === 'string';
  return (
    numOrStr(c.timeoutMinutes) &&
    (c.autoRenew === undefined || typeof c.autoRenew === 'boolean') &&
    numOrStr(c.maxDurationMinutes) &&
    numOrStr(c.warningThresholdMinutes)
  );
}

/**
 * expiresAt = base + timeout (base = lastActivity when autoRenew, else createdAt), capped at
 * createdAt + maxDuration once (now − createdAt) + timeout passes maxDuration.
 */
export function calculateExpiration(
  createdAt: number,
  lastActivity: number,
  config: TimeoutConfig,
  now: number,
  g: GlobalConfig,
): number {
  const base = config.autoRenew ? lastActivity : createdAt;
  const timeoutMs = (config.timeoutMinutes || g.defaultTimeoutMinutes) * 60_000;
  if (config.maxDurationMinutes) {
    const maxDurationMs = config.maxDurationMinutes * 60_000;
    if (now - createdAt + timeoutMs > maxDurationMs) return Math.trunc(createdAt + maxDurationMs);
  }
  return Math.trunc(base + timeoutMs);
}
