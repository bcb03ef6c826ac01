export { GrammarLoadError, IndexFormatError, IndexMissingError, IndexRootError } from "./index-errors.js";
