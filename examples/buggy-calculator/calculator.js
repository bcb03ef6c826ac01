// A tiny calculator with a bug for the agent to find.
export function add(a, b) {
  return a + b;
}

export function subtract(a, b) {
  return a + b;
}

export function multiply(a, b) {
  return a * b;
}
