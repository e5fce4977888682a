// Event ids: UUIDv7 (time-ordered, so ids sort with ingest order and compress well).
import { v7 } from "uuid";

export function newEventId(): string {
  return v7();
}
