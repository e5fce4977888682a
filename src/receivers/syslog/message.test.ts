// RFC 5424 and RFC 3164 parsing: the RFCs' own examples, NIL values, escapes, and malformed headers named.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSyslog } from "./message.js";

const ctx = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22, 12) };

test("RFC 5424 §6.5 examples", () => {
  const a = parseSyslog(
    "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \ufeff'su root' failed for lonvick on /dev/pts/8",
    ctx,
  );
  assert.ok(a.ok);
  assert.deepEqual(a.value, {
    protocol: "rfc5424",
    facility: 4,
    severity: 2,
    timestamp: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
    hostname: "mymachine.example.com",
    appName: "su",
    msgId: "ID47",
    message: "'su root' failed for lonvick on /dev/pts/8",
  });
  const sd = parseSyslog(
    '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] An application event',
    ctx,
  );
  assert.ok(sd.ok);
  assert.deepEqual(sd.value.structuredData, {
    "exampleSDID@32473": { iut: "3", eventSource: "Application", eventID: "1011" },
    "examplePriority@32473": { class: "high" },
  });
  assert.equal(sd.value.message, "An application event");
  assert.equal(sd.value.timestamp, Date.UTC(2003, 9, 11, 22, 14, 15, 3));
  const offset = parseSyslog("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time", ctx);
  assert.ok(offset.ok);
  assert.equal(offset.value.timestamp, Date.UTC(2003, 7, 24, 12, 14, 15));
  assert.equal(offset.value.procId, "8710");
  assert.equal(offset.value.message, "%% It's time");
});

test("RFC 5424: NIL values, escaped SD values, no MSG", () => {
  const r = parseSyslog('<13>1 - - - - - [x@1 a="q\\"uote\\\\ \\]"]', ctx);
  assert.ok(r.ok);
  assert.equal(r.value.timestamp, null);
  assert.equal(r.value.hostname, undefined);
  assert.deepEqual(r.value.structuredData, { "x@1": { a: 'q"uote\\ ]' } });
  assert.equal(r.value.message, "");
});

test("RFC 3164: the RFC's examples, year from the reference time, zone applied", () => {
  const r = parseSyslog("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", ctx);
  assert.ok(r.ok);
  assert.equal(r.value.protocol, "rfc3164");
  assert.equal(r.value.timestamp, Date.UTC(2026, 9, 11, 22, 14, 15));
  assert.equal(r.value.hostname, "mymachine");
  assert.equal(r.value.appName, "su");
  assert.equal(r.value.message, "'su root' failed for lonvick on /dev/pts/8");
  const pid = parseSyslog("<13>Feb  5 17:32:18 10.0.0.99 sshd[1234]: Accepted publickey", {
    timeZone: "Europe/Berlin",
    referenceTime: ctx.referenceTime,
  });
  assert.ok(pid.ok);
  assert.equal(pid.value.timestamp, Date.UTC(2026, 1, 5, 16, 32, 18));
  assert.equal(pid.value.procId, "1234");
  assert.equal(pid.value.hostname, "10.0.0.99");
  // December read in January belongs to the previous year.
  const dec = parseSyslog("<13>Dec 31 23:59:59 host app: x", {
    timeZone: "UTC",
    referenceTime: Date.UTC(2027, 0, 1, 0, 5),
  });
  assert.ok(dec.ok);
  assert.equal(dec.value.timestamp, Date.UTC(2026, 11, 31, 23, 59, 59));
  // No host: the first word is the tag.
  const noHost = parseSyslog("<13>Oct 11 22:14:15 app[7]: hello", ctx);
  assert.ok(noHost.ok);
  assert.equal(noHost.value.hostname, undefined);
  assert.equal(noHost.value.appName, "app");
});

test("malformed messages are refused with a message naming the problem", () => {
  const cases: [string, RegExp][] = [
    ["no pri at all", /does not start with <PRI>/],
    ["<999>1 - - - - - -", /above 191/],
    ["<13>2 - - - - - -", /unsupported syslog VERSION 2/],
    ["<13>1 yesterday host app - - - msg", /not an RFC 3339 date-time/],
    ["<13>1 2003-10-11T22:14:15Z host", /ends before its HOSTNAME/],
    ['<13>1 - h a p m [id k="v] msg', /unterminated value of k/],
    ["<13>1 - h a p m x msg", /STRUCTURED-DATA must be -/],
    ["<13>Foo 99 99:99:99 host app: x", /invalid RFC 3164 TIMESTAMP "Foo 99 99:99:99"/],
    ["<13>just some words", /no RFC 3164 TIMESTAMP/],
  ];
  for (const [line, want] of cases) {
    const r = parseSyslog(line, ctx);
    assert.equal(r.ok, false, line);
    if (!r.ok) assert.match(r.message, want, line);
  }
});
