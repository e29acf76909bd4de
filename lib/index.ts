/**
 * ngc: numerical gradient checking for TypeScript.
 * The public entry of lib/. Every export of the workbook's library is re-exported here.
 */
export * from "./version";
