import { DomainError, type DomainErrorKind } from "../src/index.js";

type Evolve<S, E> = (state: S, event: E) => S;
type Decide<S, C, E> = (state: S, command: C) => readonly E[];
type Outcome<E> = { events: readonly E[] } | { error: unknown };

/**
 * Expectations on one decision. The decision runs inside each check, so a
 * thrown error becomes part of the failure message instead of aborting the test.
 *
 * NOTE: the object has a `then` method, so never `await` it or return it from
 * a test, because the runtime would treat it as a promise.
 */
export interface Expectation<E> {
  /** Expects exactly these events, compared with `toStrictEqual`. */
  then(expected: readonly E[]): void;
  /** Expects the command to be accepted as a no-op. */
  thenNothing(): void;
  /** Expects a `DomainError` of this kind, with a message matching `message` when given. */
  thenFails(kind: DomainErrorKind, message?: RegExp | string): void;
}

/** A state built from past events, waiting for the command under test. */
export interface Scenario<S, E> {
  /** The state folded from the given events. */
  readonly state: S;
  when<C>(decide: Decide<S, C, E>, command: C): Expectation<E>;
}

/** Folds `events` into `initial` with `evolve`, ready for a command. */
export function given<S, E>(
  evolve: Evolve<S, E>,
  initial: S,
  events: readonly E[] = [],
): Scenario<S, E> {
  const state = events.reduce(evolve, initial);
  return {
    state,
    when: (decide, command) => expectDecision(() => decide(state, command)),
  };
}

function expectDecision<E>(decide: () => readonly E[]): Expectation<E> {
  const run = (): Outcome<E> => {
    try {
      return { events: decide() };
    } catch (error) {
      return { error };
    }
  };
  const then = (expected: readonly E[]): void => {
    expect(run()).toStrictEqual({ events: expected });
  };
  return {
    then,
    thenNothing: () => then([]),
    thenFails: (kind, message) => {
      const outcome = run();
      expect(outcome).toStrictEqual({ error: expect.any(DomainError) });
      const error = (outcome as { error: DomainError }).error;
      expect(error.kind).toBe(kind);
      if (message !== undefined) expect(error.message).toMatch(message);
    },
  };
}
