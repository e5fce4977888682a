// The payload-logger session: blocks become CloudEvent halves, and a request and its response become one event.
import type { ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { BlockAssembler, type BlockPiece } from "./blocks.js";
import { type Half, readBlock } from "./halves.js";
import { inferenceRecord, joinedRaw, pairKey } from "./inference-event.js";

/** Halves waiting for their other half; past this the oldest is emitted alone, so memory stays bounded. */
const MAX_PENDING = 10_000;

interface Slot {
  request?: Half;
  response?: Half;
}

export class PayloadSession implements ParseSession {
  private readonly blocks = new BlockAssembler();
  private readonly pending = new Map<string, Slot>();

  constructor(private readonly context: ParseContext) {}

  push(l: SourceLine): ParsedRecord[] {
    return this.handle(this.safely(() => this.blocks.push(l), l));
  }

  /**
   * Emits what is held: a half whose partner never came is still an event (a request-only event says who asked
   * which model what; a response-only one carries the prediction), marked `unpaired`.
   */
  inRecord(): boolean {
    return this.blocks.open;
  }

  end(): ParsedRecord[] {
    const out = this.handle(this.safely(() => this.blocks.end(), undefined));
    for (const slot of this.pending.values()) out.push(this.alone(slot));
    this.pending.clear();
    return out;
  }

  private safely(f: () => BlockPiece[], l: SourceLine | undefined): BlockPiece[] {
    try {
      return f();
    } catch {
      return l ? [{ kind: "stray", line: l.line, text: l.text }] : [];
    }
  }

  private handle(pieces: BlockPiece[]): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    for (const p of pieces) {
      if (p.kind === "stray") {
        out.push({
          ok: false,
          line: p.line,
          raw: p.text,
          code: "unparseable",
          message:
            "not part of a payload-logger capture (expected a CloudEvent dump, an echo of the logger's request, " +
            "HTTP text with ce-* headers, or a JSON CloudEvent/inference body)",
        });
        continue;
      }
      const raw = p.block.lines.join("\n");
      try {
        const read = readBlock(p.block);
        if (!read.ok) {
          out.push({ ok: false, line: p.block.line, raw, code: read.code, message: read.message });
          continue;
        }
        for (const half of read.halves) out.push(...this.pair(half));
      } catch (e) {
        out.push({
          ok: false,
          line: p.block.line,
          raw,
          code: "unparseable",
          message: `could not read the capture: ${(e as Error).message}`,
        });
      }
    }
    return out;
  }

  private pair(h: Half): ParsedRecord[] {
    if (h.direction === undefined) {
      return [
        {
          ok: false,
          line: h.line,
          raw: h.raw,
          code: "unparseable",
          message: `CloudEvent${h.attrs.type ? ` of type ${h.attrs.type}` : ""} is neither an inference request nor a response`,
        },
      ];
    }
    const key = pairKey(h);
    if (key === undefined) return [this.alone({ [h.direction]: h })];
    const out: ParsedRecord[] = [];
    let slot = this.pending.get(key);
    if (slot?.[h.direction]) {
      // The same side twice (a retry, a duplicate delivery): the earlier one stands alone.
      out.push(this.alone(slot));
      slot = undefined;
    }
    slot = { ...slot, [h.direction]: h };
    this.pending.delete(key);
    if (slot.request && slot.response) {
      out.push(this.event(slot.request, slot.response));
      return out;
    }
    this.pending.set(key, slot);
    if (this.pending.size > MAX_PENDING) {
      const [oldestKey, oldest] = this.pending.entries().next().value as [string, Slot];
      this.pending.delete(oldestKey);
      out.push(this.alone(oldest));
    }
    return out;
  }

  private event(request: Half | undefined, response: Half | undefined): ParsedRecord {
    const { line, raw } = joinedRaw(request, response);
    return { ok: true, line, raw, record: inferenceRecord(request, response, this.context) };
  }

  /** A half without its partner: an event when it says something (a body or a model), else a diagnostic. */
  private alone(slot: Slot): ParsedRecord {
    const h = (slot.request ?? slot.response) as Half;
    const model = h.attrs.inferenceservicename ?? h.attrs.inferenceservice ?? h.attrs.modelid ?? h.headers["model-id"];
    if (h.body === undefined && model === undefined) {
      const side = slot.request ? "request" : "response";
      return {
        ok: false,
        line: h.line,
        raw: h.raw,
        code: "incomplete_record",
        message: `a ${side} without its ${side === "request" ? "response" : "request"}, and with neither body nor model`,
      };
    }
    return this.event(slot.request, slot.response);
  }
}
