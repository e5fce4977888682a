// Input limits that protect memory and the store from hostile or broken input; every one is configurable.

export interface Limits {
  /** Largest accepted request body after decompression. */
  readonly maxBodyBytes: number;
  /** Longest accepted line (NDJSON line or file line). */
  readonly maxLineBytes: number;
  /** Deepest nesting of objects/arrays inside one event. */
  readonly maxDepth: number;
  /** Longest string value (any field, attributes included). */
  readonly maxFieldBytes: number;
  /** Most fields in one event, nested attribute keys included. */
  readonly maxFields: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 32 * 1024 * 1024,
  maxLineBytes: 1024 * 1024,
  maxDepth: 20,
  maxFieldBytes: 64 * 1024,
  maxFields: 1000,
};
