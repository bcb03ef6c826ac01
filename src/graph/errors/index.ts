export { EmptyInputError } from "./empty-input-error.js";
export { GraphError } from "./graph-error.js";
export { GraphInterrupt, type Interrupt } from "./graph-interrupt.js";
export { GraphRecursionError } from "./graph-recursion-error.js";
export { GraphValueError, UnreachableNodeError } from "./graph-value-error.js";
export { InvalidUpdateError } from "./invalid-update-error.js";
