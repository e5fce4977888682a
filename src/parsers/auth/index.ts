// The authentication log formats, most specific first, for the registry.
import type { Format } from "../types.js";
import { authJsonFormat } from "./auth-json.js";
import { auth0Format } from "./auth0.js";
import { keycloakFormat } from "./keycloak.js";

export const authFormats: readonly Format[] = [keycloakFormat, auth0Format, authJsonFormat];
