// Error bodies in Elasticsearch's shape, which shippers log and some parse (`error.type`, `status`).

export interface EsErrorBody {
  readonly error: {
    readonly root_cause: readonly { readonly type: string; readonly reason: string }[];
    readonly type: string;
    readonly reason: string;
  };
  readonly status: number;
}

export function esError(status: number, type: string, reason: string): EsErrorBody {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

/** The Elasticsearch error type for an HTTP status InferWatch answers with. */
export function esErrorType(status: number): string {
  switch (status) {
    case 401:
      return "security_exception";
    case 404:
      return "resource_not_found_exception";
    case 413:
      return "content_too_long_exception";
    case 429:
      return "es_rejected_execution_exception";
    case 503:
      return "unavailable_shards_exception";
    default:
      return status >= 500 ? "exception" : "illegal_argument_exception";
  }
}
