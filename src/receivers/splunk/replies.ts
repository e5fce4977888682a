// Splunk HTTP Event Collector reply bodies and their HTTP statuses, as Splunk documents them.

export interface HecReply {
  readonly status: number;
  readonly body: { readonly text: string; readonly code: number; readonly "invalid-event-number"?: number };
}

export const HEC = {
  success: { status: 200, body: { text: "Success", code: 0 } },
  tokenRequired: { status: 401, body: { text: "Token is required", code: 2 } },
  invalidAuthorization: { status: 401, body: { text: "Invalid authorization", code: 3 } },
  invalidToken: { status: 403, body: { text: "Invalid token", code: 4 } },
  noData: { status: 400, body: { text: "No data", code: 5 } },
  incorrectIndex: { status: 400, body: { text: "Incorrect index", code: 7 } },
  internalError: { status: 500, body: { text: "Internal server error", code: 8 } },
  serverBusy: { status: 503, body: { text: "Server is busy", code: 9 } },
  healthy: { status: 200, body: { text: "HEC is healthy", code: 17 } },
  unhealthy: { status: 503, body: { text: "HEC is unhealthy, queues are full", code: 18 } },
} as const satisfies Record<string, HecReply>;

/** 400 "Invalid data format" (code 6) naming the 0-based event that is wrong. */
export function invalidDataFormat(eventNumber: number): HecReply {
  return { status: 400, body: { text: "Invalid data format", code: 6, "invalid-event-number": eventNumber } };
}

/** 400 "Event field is required" (12) or "Event field cannot be blank" (13) for the 0-based event. */
export function eventFieldProblem(blank: boolean, eventNumber: number): HecReply {
  return {
    status: 400,
    body: blank
      ? { text: "Event field cannot be blank", code: 13, "invalid-event-number": eventNumber }
      : { text: "Event field is required", code: 12, "invalid-event-number": eventNumber },
  };
}

/**
 * `Authorization: Splunk <token>` against the configured tokens (any token when none are configured, but one is
 * required, as in Splunk). Returns null when accepted. `same` compares secrets in constant time.
 */
export function checkHecToken(
  header: string | string[] | undefined,
  tokens: readonly string[],
  same: (given: string, expected: string) => boolean,
): HecReply | null {
  if (typeof header !== "string" || header.trim() === "") return HEC.tokenRequired;
  const m = /^Splunk\s+(\S+)\s*$/i.exec(header);
  if (!m) return HEC.invalidAuthorization;
  const given = m[1] as string;
  if (tokens.length === 0) return null;
  // Every configured token is compared, so the position of a match does not show in the timing.
  let ok = false;
  for (const t of tokens) if (same(given, t)) ok = true;
  return ok ? null : HEC.invalidToken;
}
