// HTTP client for `--server URL`: sends ingest batches with idempotency keys and retries, runs queries and hunts.
import { randomUUID } from "node:crypto";
import type { AlertRow } from "../core/alert-row.js";
import type { FileCheckpoint } from "../core/batch.js";
import { ERROR_CODES, type ErrorCode, InferWatchError } from "../core/errors.js";
import type { AlertRecord } from "../detection/sigma/alert.js";

export interface IngestReply {
  accepted: number;
  rejected: number;
  errors: { line: number; code: string; message: string }[];
  errors_omitted: number;
}

export interface QueryReply {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  truncated: boolean;
  elapsed_ms: number;
  render?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ServerClient {
  private readonly base: URL;

  constructor(
    url: string,
    private readonly options: { maxAttempts?: number } = {},
  ) {
    try {
      this.base = new URL(url);
    } catch {
      throw new InferWatchError(
        "invalid_parameter",
        `--server ${JSON.stringify(url)} is not a URL; e.g. http://127.0.0.1:7080`,
      );
    }
    if (!/^https?:$/.test(this.base.protocol)) {
      throw new InferWatchError("invalid_parameter", `--server must be an http:// or https:// URL, got ${url}`);
    }
  }

  /**
   * Posts one NDJSON batch. Retries on 429/503 (honouring Retry-After) and on network failures with the same
   * idempotency key, so a batch the server committed before a crash is not stored twice.
   */
  async ingest(
    body: string,
    params: { source: string; format: string; referenceTime?: number; checkpoint?: FileCheckpoint },
    key: string = randomUUID(),
  ): Promise<IngestReply> {
    const url = new URL("/api/v1/ingest", this.base);
    url.searchParams.set("source", params.source);
    url.searchParams.set("format", params.format);
    if (params.referenceTime !== undefined)
      url.searchParams.set("reference_time", String(Math.round(params.referenceTime)));
    const c = params.checkpoint;
    if (c) {
      url.searchParams.set("checkpoint_file_id", c.fileId);
      url.searchParams.set("checkpoint_path", c.path);
      url.searchParams.set("checkpoint_offset", String(c.offset));
      url.searchParams.set("checkpoint_fingerprint", c.fingerprint);
    }
    const maxAttempts = this.options.maxAttempts ?? 60;
    let lastProblem = "";
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", "idempotency-key": key },
          body,
        });
      } catch (e) {
        lastProblem = `cannot reach ${this.base.origin}: ${(e as Error).cause ?? (e as Error).message}`;
        await sleep(Math.min(5000, 200 * attempt));
        continue;
      }
      if (res.status === 429 || res.status === 503) {
        const wait = Number(res.headers.get("retry-after") ?? "1");
        lastProblem = `server busy (HTTP ${res.status})`;
        await res.arrayBuffer();
        await sleep(Math.max(100, Math.min(30, Number.isFinite(wait) ? wait : 1) * 1000));
        continue;
      }
      return (await this.json(res)) as IngestReply;
    }
    throw new InferWatchError("unavailable", `gave up after ${maxAttempts} attempts: ${lastProblem}`);
  }

  async checkpoints(): Promise<FileCheckpoint[]> {
    const res = await this.send(new URL("/api/v1/file-checkpoints", this.base));
    return ((await this.json(res)) as { checkpoints: FileCheckpoint[] }).checkpoints;
  }

  /** Runs raw SQL (`{sql}`) or a KQL query (`{query, params}`). */
  async query(body: { sql: string } | { query: string; params?: Record<string, unknown> }): Promise<QueryReply> {
    const res = await this.send(new URL("/api/v1/query", this.base), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await this.json(res)) as QueryReply;
  }

  /** One page of GET /api/v1/alerts (newest `last_seen` first); pass `next_cursor` back for the next page. */
  async alerts(params: {
    limit: number;
    cursor?: string;
  }): Promise<{ alerts: AlertRow[]; next_cursor: string | null }> {
    const url = new URL("/api/v1/alerts", this.base);
    url.searchParams.set("limit", String(params.limit));
    if (params.cursor) url.searchParams.set("cursor", params.cursor);
    return (await this.json(await this.send(url))) as { alerts: AlertRow[]; next_cursor: string | null };
  }

  /** Runs a retro-hunt on the server (rule texts travel in the body). */
  async hunt(body: {
    rules: readonly { file: string; text: string }[];
    since?: string | undefined;
    until?: string;
    placeholders?: Record<string, string[]>;
  }): Promise<HuntReply> {
    const res = await this.send(new URL("/api/v1/hunt", this.base), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await this.json(res)) as HuntReply;
  }

  /** fetch, with an unreachable server reported as `unavailable` naming it. */
  private async send(url: URL, init?: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (e) {
      throw new InferWatchError(
        "unavailable",
        `cannot reach ${this.base.origin}: ${(e as Error).cause ?? (e as Error).message}`,
      );
    }
  }

  /** Parses a JSON reply, turning the server's error shape back into an InferWatchError. */
  private async json(res: Response): Promise<unknown> {
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new InferWatchError("internal", `server answered HTTP ${res.status} with non-JSON: ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const err = (body as { error?: { code?: string; message?: string } }).error;
      const code: ErrorCode = err?.code && err.code in ERROR_CODES ? (err.code as ErrorCode) : "internal";
      throw new InferWatchError(code, `server: ${err?.message ?? `HTTP ${res.status}`}`);
    }
    return body;
  }
}

/** What POST /api/v1/hunt answers. */
export interface HuntReply {
  readonly alerts: AlertRecord[];
  readonly rules: number;
  readonly correlations: number;
  readonly matches: number;
}
