// The drift and data-quality formats, for the registry.
import type { Format } from "../types.js";
import { evidentlyFormat } from "./evidently.js";
import { whylogsFormat } from "./whylogs.js";

export const driftFormats: readonly Format[] = [evidentlyFormat, whylogsFormat];
