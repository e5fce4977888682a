// The deploy and pipeline formats, for the registry.
import type { Format } from "../types.js";
import { k8sDeployEventsFormat } from "./k8s-deploy-events.js";
import { mlflowWebhookFormat } from "./mlflow-webhook.js";
import { pipelineJobFormat } from "./pipeline-job.js";

export const deployFormats: readonly Format[] = [k8sDeployEventsFormat, mlflowWebhookFormat, pipelineJobFormat];
