/**
 * The environment contract between the stack and the skill-event handlers for the table that
 * holds user data: the construct (lib/skill-functions/user-data-erasure.ts) sets these variables
 * and the eraser reads them. Plain data: no imports, so the constructs can share it.
 */
export const USER_DATA_TABLE_ENV = {
  tableName: 'USER_DATA_TABLE_NAME',
  sortKey: 'USER_DATA_TABLE_SORT_KEY',
  /** The table's region when it is not the function's (a regional skill function). */
  region: 'USER_DATA_TABLE_REGION',
} as const;
