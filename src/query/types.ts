// Type rules shared by the lowering phase and the function table.
import type { IrExpr, IrType } from "./ir.js";

export const isNumeric = (t: IrType) => t === "long" || t === "real" || t === "null";
/** Types stored as integer milliseconds or numbers: they compare and add with each other. */
export const isNumberLike = (t: IrType) => isNumeric(t) || t === "datetime" || t === "timespan" || t === "dynamic";
export const isStringLike = (t: IrType) => t === "string" || t === "dynamic" || t === "null" || t === "json";
export const isBoolLike = (t: IrType) => t === "bool" || t === "null";

/** Values read out of JSON come back as text; next to a number they are cast so `attributes.gpu > 80` works. */
export function asNumber(e: IrExpr): IrExpr {
  return e.type === "dynamic" ? { k: "call", op: "toreal", args: [e], type: "real" } : e;
}

/** The result type of + and - (null when the combination makes no sense). */
export function additiveType(op: "add" | "sub", a: IrType, b: IrType): IrType | null {
  if (a === "null" || b === "null") return a === "null" ? b : a;
  if (a === "datetime" && b === "timespan") return "datetime";
  if (op === "add" && a === "timespan" && b === "datetime") return "datetime";
  if (op === "sub" && a === "datetime" && b === "datetime") return "timespan";
  if (a === "timespan" && b === "timespan") return "timespan";
  if ((a === "datetime" || a === "timespan") && isNumeric(b)) return a;
  if (isNumeric(a) && isNumeric(b)) return a === "real" || b === "real" ? "real" : "long";
  if (a === "dynamic" || b === "dynamic") return "real";
  return null;
}
