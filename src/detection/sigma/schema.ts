// The shape of Sigma v2.1 documents (detection rules, correlation rules, filters), validated with zod at the edge.
import { z } from "zod";

const str = z.string().min(1).max(4096);
const strList = z.array(str).max(1000);

const logsource = z
  .object({
    product: str.optional(),
    category: str.optional(),
    service: str.optional(),
    definition: z.string().optional(),
  })
  .loose();

const LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
const STATUSES = ["stable", "test", "experimental", "deprecated", "unsupported"] as const;

const common = {
  title: z.string().min(1).max(256),
  id: str.optional(),
  name: str.optional(),
  status: z.enum(STATUSES).optional(),
  description: z.string().max(65536).optional(),
  author: z.string().max(4096).optional(),
  references: strList.optional(),
  date: z.union([z.string(), z.date()]).optional(),
  modified: z.union([z.string(), z.date()]).optional(),
  tags: strList.optional(),
  level: z.enum(LEVELS).optional(),
  falsepositives: z.union([strList, z.string()]).optional(),
  fields: strList.optional(),
  taxonomy: str.optional(),
  scope: z.array(str).optional(),
};

const detection = z
  .record(z.string(), z.unknown())
  .refine((d) => "condition" in d, { message: "detection needs a `condition`" });

export const ruleSchema = z
  .object({
    ...common,
    logsource,
    detection,
  })
  .loose();

const condBound = z.number().finite();
export const correlationConditionSchema = z
  .object({
    gt: condBound.optional(),
    gte: condBound.optional(),
    lt: condBound.optional(),
    lte: condBound.optional(),
    eq: condBound.optional(),
    neq: condBound.optional(),
    field: str.optional(),
  })
  .strict();

export const CORRELATION_TYPES = [
  "event_count",
  "value_count",
  "temporal",
  "temporal_ordered",
  "value_sum",
  "value_avg",
  "value_percentile",
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const correlationSchema = z
  .object({
    ...common,
    correlation: z
      .object({
        type: z.enum(CORRELATION_TYPES),
        rules: z.union([strList.min(1), str]),
        "group-by": z.union([strList, str]).optional(),
        timespan: z.union([str, z.number()]),
        condition: correlationConditionSchema.optional(),
        aliases: z.record(z.string(), z.record(z.string(), str)).optional(),
        generate: z.boolean().optional(),
      })
      .strict(),
  })
  .loose();

export const filterSchema = z
  .object({
    ...common,
    logsource: logsource.optional(),
    filter: z
      .object({
        rules: z.union([strList, str]).optional(),
        condition: z.union([str, strList]),
      })
      .catchall(z.unknown()),
  })
  .loose();

export type RuleDoc = z.infer<typeof ruleSchema>;
export type CorrelationDoc = z.infer<typeof correlationSchema>;
export type FilterDoc = z.infer<typeof filterSchema>;
export type Logsource = z.infer<typeof logsource>;
export type Level = (typeof LEVELS)[number];

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30s`, `5m`, `1h`, `7d`, `2w` → milliseconds; undefined when malformed. */
export function parseTimespan(v: string | number): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
  const m = /^(\d{1,9})([smhdw])$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return n > 0 ? n : undefined;
}
