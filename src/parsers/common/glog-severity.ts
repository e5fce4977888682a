// glog severity letters (TF Serving, Triton, gRPC) as normalized severities.

/** glog's severity letters (TF Serving, Triton, gRPC); Triton's verbose lines are `I`, older builds wrote `V`. */
export function severityFromLetter(letter: string): string {
  switch (letter) {
    case "W":
      return "warn";
    case "E":
      return "error";
    case "F":
      return "fatal";
    case "V":
      return "debug";
    default:
      return "info";
  }
}
