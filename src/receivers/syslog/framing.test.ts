// TCP framing: octet counting, newline framing, mixed, split across chunks, and oversized messages bounded.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SyslogFramer } from "./framing.js";

const texts = (frames: { text: string }[]) => frames.map((f) => f.text);

test("octet counting and newline framing, split at every byte", () => {
  const stream = Buffer.from("11 <13>1 - a b5 <13>x\n<14>line two\r\n\n8 <13>1 - - tail without newline");
  const framer = new SyslogFramer(1000);
  const out: { text: string }[] = [];
  for (const b of stream) out.push(...framer.push(Buffer.from([b])));
  out.push(...framer.end());
  assert.deepEqual(texts(out), ["<13>1 - a b", "<13>x", "<14>line two", "<13>1 - ", "- tail without newline"]);
});

test("a message body may contain newlines when octet-counted", () => {
  const framer = new SyslogFramer(1000);
  assert.deepEqual(texts(framer.push(Buffer.from("9 <13>a\nb c"))), ["<13>a\nb c"]);
});

test("oversized messages are cut to the limit, flagged, and the rest skipped", () => {
  const framer = new SyslogFramer(5);
  const frames = framer.push(Buffer.from("12 <13>abcdefgh7 <13>xyz"));
  assert.deepEqual(frames, [
    { text: "<13>a", tooLong: true, bytes: 12 },
    { text: "<13>x", tooLong: true, bytes: 7 },
  ]);
  // An oversized message arriving in pieces: reported once its first bytes are in, the rest skipped as it comes.
  assert.deepEqual(framer.push(Buffer.from("20 <13>")), []);
  assert.deepEqual(framer.push(Buffer.from("ab")), [{ text: "<13>a", tooLong: true, bytes: 20 }]);
  assert.deepEqual(texts(framer.push(Buffer.from("0123456789abcd1 a"))), ["a"]);
  const lines = new SyslogFramer(5);
  const long = lines.push(Buffer.from("<13>0123456789"));
  assert.equal(long.length, 1);
  assert.equal(long[0]?.tooLong, true);
  assert.deepEqual(texts(lines.push(Buffer.from("rest of it\n<1>ok\n"))), ["<1>ok"]);
});
