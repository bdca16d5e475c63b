/**
 * The part of js-yaml 4 (which ships no types) that `fast-yaml.ts` uses. Its loader calls
 * `listener("open" | "close", state)` around every node it composes.
 */
declare module "js-yaml" {
  interface TypeOptions {
    kind: "scalar" | "sequence" | "mapping";
    resolve?: (data: string | null) => boolean;
    construct?: (data: string) => unknown;
  }
  class Type {
    constructor(tag: string, options: TypeOptions);
  }
  interface Schema {
    extend(definition: { implicit?: Type[]; explicit?: Type[] }): Schema;
  }
  interface LoaderState {
    position: number;
    kind: "scalar" | "sequence" | "mapping" | null;
    result: unknown;
    tag: string | null;
    anchor: string | null;
  }
  interface LoadOptions {
    schema?: Schema;
    listener?: (event: "open" | "close", state: LoaderState) => void;
  }
  const jsyaml: {
    Type: typeof Type;
    FAILSAFE_SCHEMA: Schema;
    load(text: string, options?: LoadOptions): unknown;
  };
  export default jsyaml;
}
