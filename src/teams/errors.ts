import { ArtError } from "../core/index.js";

/** A team was built or invoked with input it cannot use; the message names what is wrong. */
export class TeamInputError extends ArtError {
  constructor(message: string, hint?: string) {
    super("team.invalid_input", message, hint ? { hint } : {});
  }
}

/** A supervisor's decision could not be used, even after it was asked again. */
export class TeamRouteError extends ArtError {
  constructor(message: string, hint?: string) {
    super("team.bad_route", message, hint ? { hint } : {});
  }
}

/** A team ran more rounds than it may. */
export class TeamRoundsError extends ArtError {
  constructor(limit: number) {
    super("team.max_rounds", `The supervisor used all ${limit} rounds without giving a final answer.`, {
      hint: "Raise maxRounds, or give the agents smaller tasks.",
    });
  }
}
